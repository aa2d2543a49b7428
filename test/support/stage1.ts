import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { LocalStack } from '../../infra/local/stack.js';
import type { ReferenceData } from '../../shared/reference/types.js';
import { COVID_COLUMNS, generateCovid, generateInsured, INSURED_COLUMNS } from '../../infra/local/testdata/generator.js';

/**
 * Stage 1 for one region through the emulators, as the TFOMS and FOMS do it: a windows-1251
 * insured export into the inbox, then a COVID register extract, each drained before the next.
 */
export async function loadRegionLists(opts: { stack: LocalStack; s3: S3Client; ref: ReferenceData; region: string; rows: number; seed: number; referenceDate: string }) {
  const { stack, s3, ref, region, rows, seed, referenceDate } = opts;
  const insured = [...generateInsured({ region, rows, seed, ref })].map((g) => g.fields);
  const covid = [...generateCovid({ region, rows, seed, ref, referenceDate })].map((g) => g.fields);
  const csv = (header: readonly string[], lines: string[][]) => iconv.encode([header.join(';'), ...lines.map((r) => r.join(';'))].join('\r\n') + '\r\n', 'win1251');
  const inbox = stack.endpoints.s3.buckets.inbox;
  await s3.send(new PutObjectCommand({ Bucket: inbox, Key: `${region}/insured/export.csv`, Body: csv(INSURED_COLUMNS, insured) }));
  await stack.waitForIdle({ timeoutMs: 280_000 });
  await s3.send(new PutObjectCommand({ Bucket: inbox, Key: 'federal/covid/register.csv', Body: csv(COVID_COLUMNS, covid) }));
  await stack.waitForIdle({ timeoutMs: 280_000 });
}

/** The rows of a ФЛК protocol (CSV in the outbox), by column title, after its heading lines. */
export async function protocolRows(stack: LocalStack, s3: S3Client, key: string): Promise<Array<Record<string, string>>> {
  const out = await s3.send(new GetObjectCommand({ Bucket: stack.endpoints.s3.buckets.outbox, Key: key }));
  const text = (await out.Body!.transformToString('utf-8')).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  if (start < 0) throw new Error(`${key}: no protocol table`);
  return parse(lines.slice(start).join('\n'), { delimiter: ';', columns: true, skip_empty_lines: true, relax_column_count: true });
}

/**
 * A windows-1251 insured export of `rows` generated rows, padded with whitespace-only lines (which
 * the ingest skips, as any blank line) to at least `bytes`: a large file that ingests quickly.
 */
export function paddedExport(opts: { region: string; rows: number; seed: number; ref: ReferenceData; bytes: number }): Buffer {
  const lines = [INSURED_COLUMNS.join(';'), ...[...generateInsured(opts)].map((g) => g.fields.join(';'))];
  const text = lines.join('\r\n') + '\r\n';
  const blank = ' '.repeat(32 * 1024) + '\r\n';
  const padding = blank.repeat(Math.max(0, Math.ceil((opts.bytes - text.length) / blank.length)));
  return iconv.encode(text + padding, 'win1251');
}
