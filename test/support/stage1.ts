import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import iconv from 'iconv-lite';
import type { LocalStack } from '../../infra/local/stack.js';
import type { ReferenceData } from '../../shared/reference/types.js';
import { COVID_COLUMNS, generateCovid, generateInsured, INSURED_COLUMNS } from '../../shared/testdata/generator.js';

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

/** The findings of a ФЛК protocol CSV in the outbox, one record per row (columns by their Russian names). */
export async function protocolRows(s3: S3Client, outbox: string, key: string): Promise<Array<Record<string, string>>> {
  const out = await s3.send(new GetObjectCommand({ Bucket: outbox, Key: key }));
  const text = (await out.Body!.transformToString('utf-8')).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  expect(start).toBeGreaterThanOrEqual(0);
  return parse(lines.slice(start).join('\n'), { delimiter: ';', columns: true, skip_empty_lines: true, relax_column_count: true });
}
