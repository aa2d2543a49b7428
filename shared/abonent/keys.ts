import type { BatchId } from '../domain/records.js';

/** Object keys of stages 2–3 (DOMAIN.md §9: MO files under `RR/mo/M/`, handed out by signed URLs only). */
interface Ref {
  campaignId: string;
  region: string;
  batch: BatchId;
}

export const abonentKeys = {
  /** outbox: the MO's «абонентский пункт». */
  file: (r: Ref, mo: string, fileId: string) => `${r.region}/mo/${mo}/abonent/${r.campaignId}/batch-${r.batch}/${fileId}.xlsx`,
  /** outbox: the MO's final list. */
  moFinal: (r: Ref, mo: string, fileId: string) => `${r.region}/mo/${mo}/final/${r.campaignId}/batch-${r.batch}/${fileId}.final.xlsx`,
  /** outbox: the region's final list, for the TFOMS. */
  regionFinal: (r: Ref) => `${r.region}/tfoms/final/${r.campaignId}/batch-${r.batch}/final-list.xlsx`,
  /** work: the locked columns as handed out, one JSON array per line. */
  originals: (r: Ref, mo: string, fileId: string) => `abonent/${r.campaignId}/${r.region}/${r.batch}/${mo}/${fileId}.rows.jsonl`,
  /** work: accepted entries of one returned file, one JSON object per line. */
  entries: (r: Ref, mo: string, returnFileId: string) => `abonent/${r.campaignId}/${r.region}/${r.batch}/${mo}/returns/${returnFileId}.entries.jsonl`,
  /** inbox: where an MO's signed PUT URL puts a returned file. */
  returnUpload: (region: string, mo: string, fileId: string, uploadId: string) => `${region}/mo/${mo}/returns/${fileId}/${uploadId}.xlsx`,
};

const RETURN_KEY = /^(\d{2})\/mo\/(\d{6})\/returns\/(ap-[0-9a-f]{16})\/([^/]+)$/;

/** An inbox key of a returned file: region, MO and the abonent file it answers. */
export function parseReturnKey(key: string): { region: string; mo: string; fileId: string; name: string } | undefined {
  const m = RETURN_KEY.exec(key);
  return m ? { region: m[1]!, mo: m[2]!, fileId: m[3]!, name: m[4]! } : undefined;
}

/** The name the clerk's browser saves a file under. */
export function downloadName(kind: 'abonent' | 'final', mo: string, batch: BatchId): string {
  const groups = batch === '12' ? '1-2' : '3-4';
  return kind === 'abonent' ? `Абонентский_пункт_${mo}_группы_${groups}.xlsx` : `Итоговый_список_${mo}_группы_${groups}.xlsx`;
}
