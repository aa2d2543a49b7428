import { compactStamp } from '../domain/time.js';
/**
 * Object keys of the SMO's informing results (DOMAIN.md §3.7, §9): the inbox key a signed PUT URL hands
 * out for a results file, and the outbox keys of the XLSX target reports.
 */
export type ResultsFormat = 'csv' | 'xlsx';

/** Campaign ids as used in paths and keys (`ud-2021`). */
const UPLOAD = /^((\d{2})\/smo\/(\d{5})\/results\/([a-z0-9][a-z0-9-]{0,62}))\/(ir-[0-9TZ]{16}-[0-9a-f]{8}\.(?:csv|xlsx))$/;

export interface ResultsAddress {
  region: string;
  smo: string;
  campaignId: string;
  /** `RR/smo/S/results/<campaign>`: protocols go to `<prefix>/protocols/<name>/…`. */
  prefix: string;
  /** `ir-<stamp>-<random>.csv|xlsx`. */
  name: string;
}

/** inbox: `RR/smo/S/results/<campaign>/ir-<YYYYMMDDTHHMMSSZ>-<8 hex>.<csv|xlsx>`. */
export function resultsUploadKey(smo: string, campaignId: string, uploadId: string, format: ResultsFormat): string {
  return `${smo.slice(0, 2)}/smo/${smo}/results/${campaignId}/${uploadId}.${format}`;
}

export function parseResultsKey(key: string): ResultsAddress | undefined {
  const m = UPLOAD.exec(key);
  if (!m || m[3]!.slice(0, 2) !== m[2]) return undefined;
  return { prefix: m[1]!, region: m[2]!, smo: m[3]!, campaignId: m[4]!, name: m[5]! };
}

/** `ir-20261124T101500Z-1a2b3c4d`: sorts by time, unique by the random tail. */
export function newUploadId(at: Date, random: string): string {
  return `ir-${compactStamp(at.toISOString())}-${random}`;
}

/** Whose figures a report holds: one SMO, one region (its TFOMS), or every region (FOMS). */
export type ReportScope = { kind: 'smo'; smo: string } | { kind: 'region'; region: string } | { kind: 'federal' };

export const scopeCode = (s: ReportScope): string => (s.kind === 'smo' ? s.smo : s.kind === 'region' ? s.region : 'federal');

/** outbox: SMO `RR/smo/S/informing-reports/…`, TFOMS `RR/tfoms/informing-reports/…`, FOMS `federal/informing-reports/…`. */
export function reportKey(scope: ReportScope, campaignId: string, reportId: string): string {
  const base = scope.kind === 'smo' ? `${scope.smo.slice(0, 2)}/smo/${scope.smo}` : scope.kind === 'region' ? `${scope.region}/tfoms` : 'federal';
  return `${base}/informing-reports/${campaignId}/${reportId}.xlsx`;
}
