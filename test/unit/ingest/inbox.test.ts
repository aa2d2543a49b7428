import { describe, expect, it } from 'vitest';
import { contentScopeOf, decodeS3Key, fileIdOf, isXlsx, objectRevision, parseInboxKey, planChunks, planOf, protocolKeys } from '../../../shared/ingest/inbox.js';

describe('inbox keys (DOMAIN.md §9)', () => {
  it('recognises insured-person exports by region and COVID extracts', () => {
    expect(parseInboxKey('77/insured/export 2021.csv')).toEqual({
      kind: 'insured',
      sender: '77',
      prefix: '77/insured',
      name: 'export 2021.csv',
    });
    expect(parseInboxKey('federal/covid/reg/june.csv')).toEqual({
      kind: 'covid',
      sender: 'federal',
      prefix: 'federal/covid',
      name: 'reg/june.csv',
    });
  });

  it('ignores keys of other flows and malformed region codes', () => {
    expect(parseInboxKey('77/mo/770001/file.xlsx')).toBeUndefined();
    expect(parseInboxKey('7/insured/a.csv')).toBeUndefined();
    expect(parseInboxKey('77/insured/')).toBeUndefined();
  });

  it('decodes S3 notification keys (+ is a space)', () => {
    expect(decodeS3Key('77/insured/%D0%B2%D1%8B%D0%B3%D1%80%D1%83%D0%B7%D0%BA%D0%B0+1.csv')).toBe('77/insured/выгрузка 1.csv');
  });

  it('gives one object version one file id', () => {
    expect(fileIdOf('b', '77/insured/a.csv', 'v1')).toBe(fileIdOf('b', '77/insured/a.csv', 'v1'));
    expect(fileIdOf('b', '77/insured/a.csv', 'v1')).not.toBe(fileIdOf('b', '77/insured/a.csv', 'v2'));
  });

  it('tells two unversioned uploads of the same bytes apart by the event sequencer, and keeps the version id where there is one', () => {
    expect(objectRevision({ versionId: 'v1', etag: 'e', sequencer: '01' })).toBe('v1');
    expect(objectRevision({ etag: 'e', sequencer: '01' })).not.toBe(objectRevision({ etag: 'e', sequencer: '02' }));
    expect(objectRevision({ etag: 'e', sequencer: '01' })).toBe(objectRevision({ etag: 'e', sequencer: '01' }));
  });

  it('compares a file for a re-sent copy only with its own sender’s files', () => {
    const ret = (mo: string, file: string) => parseInboxKey(`23/mo/${mo}/returns/${file}/u.xlsx`)!;
    expect(contentScopeOf(ret('230001', 'ap-0000000000000001'))).not.toBe(contentScopeOf(ret('230002', 'ap-0000000000000002')));
    expect(contentScopeOf(ret('230001', 'ap-0000000000000001'))).toBe(contentScopeOf(parseInboxKey('23/mo/230001/returns/ap-0000000000000001/v.xlsx')!));
    expect(contentScopeOf(parseInboxKey('77/insured/a.csv')!)).toBe('77');
    expect(contentScopeOf(parseInboxKey('federal/covid/a.csv')!)).toBe('federal');
  });

  it('puts protocols beside the prefix with the receipt time and file id', () => {
    const keys = protocolKeys({ prefix: '77/insured', name: 'a.csv' }, '2026-11-22T13:30:05.123Z', 'abc');
    expect(keys).toEqual({
      csv: '77/insured/protocols/a.csv/20261122T133005Z-abc.flk.csv',
      xlsx: '77/insured/protocols/a.csv/20261122T133005Z-abc.flk.xlsx',
    });
  });
});

describe('chunk plan', () => {
  it('covers every byte exactly once', () => {
    const ranges = planChunks(1000, 300);
    expect(ranges).toEqual([
      { chunk: 0, start: 0, end: 300 },
      { chunk: 1, start: 300, end: 600 },
      { chunk: 2, start: 600, end: 900 },
      { chunk: 3, start: 900, end: 1000 },
    ]);
  });

  it('reads an XLSX file as one chunk whatever its size', () => {
    expect(planOf({ format: 'xlsx', size: 10_000_000, chunkBytes: 100 })).toHaveLength(1);
    expect(planOf({ format: 'csv', size: 1000, chunkBytes: 100 })).toHaveLength(10);
  });

  it('detects XLSX by the zip signature even without the extension', () => {
    expect(isXlsx('export.dat', Uint8Array.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    expect(isXlsx('export.csv', Buffer.from('ENP;FAM'))).toBe(false);
  });
});
