import type { CovidCase, InsuredPerson } from '../domain/records.js';
import { localDate, MOSCOW } from '../domain/time.js';
import { checkCovidHeader, makeCovidRowValidator } from '../flk/covid.js';
import { checkInsuredHeader, makeInsuredRowValidator } from '../flk/insured.js';
import type { FlkIssue } from '../flk/types.js';
import { loadReferenceData } from '../reference/load.js';
import type { MedicalOrganization } from '../reference/types.js';
import { insuredCrossKeys } from './cross-row.js';
import type { FileRecord } from './file-record.js';

export type HeaderCheck = { ok: true; warnings: FlkIssue[] } | { ok: false; issues: FlkIssue[] };
export type RowResult<T> = { record?: T; issues: FlkIssue[] };

/** What the pipeline needs of a file kind: its header check, row validator, and duplicate key. */
export interface FileFormat<T> {
  checkHeader(fields: string[]): HeaderCheck;
  makeValidator(): (fields: string[], line: number) => RowResult<T>;
  /** Key that must be unique within one file (ЕНП); undefined when repeats are legitimate. */
  identity(record: T | undefined): string | undefined;
  /** Keys of a valid row for the cross-row warnings (shared/ingest/cross-row.ts); none for COVID extracts. */
  crossKeys(record: T): string[];
}

/**
 * "Today" for the not-in-the-future rules is the day the file was received, on the sender's
 * clock: validation then gives the same answer whenever a chunk is (re)processed.
 */
export function receivedDay(file: FileRecord): string {
  const ref = loadReferenceData();
  return localDate(file.receivedAt, ref.regions.get(file.sender)?.timeZone ?? MOSCOW);
}

/** `mos`: the sender region's MOs in force on the received day (R012); absent: the shipped ones. */
export function formatOf(file: FileRecord, mos?: ReadonlyMap<string, MedicalOrganization>): FileFormat<InsuredPerson | CovidCase> {
  const ref = loadReferenceData();
  const header = file.header ?? [];
  if (file.kind === 'insured') {
    return {
      checkHeader: (fields) => toHeaderCheck(checkInsuredHeader(fields)),
      makeValidator: () => {
        const check = checkInsuredHeader(header);
        if (!check.ok) throw new Error(`File ${file.fileId}: header was accepted at receipt but fails now`);
        const validate = makeInsuredRowValidator({ region: file.sender, ref, mos, today: receivedDay(file), columns: check.columns });
        return (fields, line) => {
          const { person, issues } = validate(fields, line);
          return { record: person, issues };
        };
      },
      identity: (record) => (record as InsuredPerson | undefined)?.enp,
      crossKeys: (record) => insuredCrossKeys(record as InsuredPerson),
    };
  }
  return {
    checkHeader: (fields) => toHeaderCheck(checkCovidHeader(fields)),
    makeValidator: () => {
      const check = checkCovidHeader(header);
      if (!check.ok) throw new Error(`File ${file.fileId}: header was accepted at receipt but fails now`);
      const validate = makeCovidRowValidator({ ref, today: receivedDay(file), columns: check.columns });
      return (fields, line) => {
        const { record, issues } = validate(fields, line);
        return { record, issues };
      };
    },
    identity: () => undefined,
    crossKeys: () => [],
  };
}

function toHeaderCheck(result: { ok: true; warnings: FlkIssue[] } | { ok: false; issues: FlkIssue[] }): HeaderCheck {
  return result.ok ? { ok: true, warnings: result.warnings } : { ok: false, issues: result.issues };
}
