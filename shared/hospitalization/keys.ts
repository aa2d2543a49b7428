import { compactStamp } from '../domain/time.js';
/**
 * Object keys of the planned-hospitalization resource (DOMAIN.md §4, §9): the inbox key a signed PUT
 * URL hands out for an MO's submission file, and the outbox key of the TFOMS's compliance report.
 */
const UPLOAD = /^((\d{2})\/mo\/(\d{6})\/hospitalization)\/(hs-[0-9TZ]{16}-[0-9a-f]{8}\.csv)$/;

export interface HospitalizationAddress {
  region: string;
  mo: string;
  /** `RR/mo/M/hospitalization`: protocols go to `<prefix>/protocols/<name>/…` (DOMAIN.md §9). */
  prefix: string;
  /** `hs-<stamp>-<random>.csv`. */
  name: string;
}

/** `hs-20261124T101500Z-1a2b3c4d`: sorts by time, unique by the random tail. */
export function newHospUploadId(at: Date, random: string): string {
  return `hs-${compactStamp(at.toISOString())}-${random}`;
}

/** inbox: `RR/mo/M/hospitalization/hs-<YYYYMMDDTHHMMSSZ>-<8 hex>.csv`. */
export function hospitalizationUploadKey(mo: string, uploadId: string): string {
  return `${mo.slice(0, 2)}/mo/${mo}/hospitalization/${uploadId}.csv`;
}

export function parseHospitalizationKey(key: string): HospitalizationAddress | undefined {
  const m = UPLOAD.exec(key);
  if (!m || m[3]!.slice(0, 2) !== m[2]) return undefined;
  return { prefix: m[1]!, region: m[2]!, mo: m[3]!, name: m[4]! };
}

/** outbox: `RR/tfoms/hospitalization/compliance/<forDate>.xlsx` — one per region and day, rewritten as is. */
export function complianceReportKey(region: string, forDate: string): string {
  return `${region}/tfoms/hospitalization/compliance/${forDate}.xlsx`;
}
