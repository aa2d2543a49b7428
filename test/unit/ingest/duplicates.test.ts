import { describe, expect, it } from 'vitest';
import { findCrossRowWarnings } from '../../../shared/ingest/cross-row.js';
import { findDuplicates, type KeyedLine } from '../../../shared/ingest/duplicates.js';

async function* source(chunk: number, entries: Array<[string, number]>): AsyncGenerator<KeyedLine> {
  // Chunks stage their keys sorted as text, line numbers included.
  for (const [key, line] of [...entries].sort((a, b) => `${a[0]}\t${a[1]}`.localeCompare(`${b[0]}\t${b[1]}`))) {
    yield { key, line, chunk };
  }
}

describe('duplicates across chunks', () => {
  it('keeps the first occurrence in the file and flags every later one', async () => {
    const duplicates = await findDuplicates([
      source(0, [['A', 2], ['B', 3], ['C', 99]]),
      source(1, [['A', 100], ['D', 101], ['C', 150]]),
      source(2, [['A', 250], ['E', 251]]),
    ]);
    expect(duplicates.sort((a, b) => a.line - b.line)).toEqual([
      { key: 'A', line: 100, chunk: 1, firstLine: 2 },
      { key: 'C', line: 150, chunk: 1, firstLine: 99 },
      { key: 'A', line: 250, chunk: 2, firstLine: 2 },
    ]);
  });

  it('orders repeats inside one chunk by line number, not by text', async () => {
    const duplicates = await findDuplicates([source(0, [['A', 100], ['A', 99], ['A', 1000]])]);
    expect(duplicates.map((d) => [d.line, d.firstLine])).toEqual([
      [100, 99],
      [1000, 99],
    ]);
  });

  it('finds nothing in distinct keys or empty chunks', async () => {
    expect(await findDuplicates([source(0, [['A', 2]]), source(1, []), source(2, [['B', 5]])])).toEqual([]);
  });
});

describe('values shared by several persons across chunks (R039–R041)', () => {
  const warned = async (sources: Array<AsyncGenerator<KeyedLine>>, rejected: number[] = []): Promise<Array<[number, string[]]>> =>
    [...(await findCrossRowWarnings(sources, new Set(rejected))).entries()].map(([chunk, list]) => [chunk, list.map((f) => `${f.line}:${f.key}:${f.lines.join(',')}`)] as [number, string[]]);

  it('warns every row of a shared СНИЛС or person, in each chunk in line order', async () => {
    expect(
      await warned([
        source(0, [['S11223344595', 2], ['IИВАНОВ ИВАН |1980-01-01|1', 3], ['S12345678964', 4]]),
        source(1, [['S11223344595', 120], ['IИВАНОВ ИВАН |1980-01-01|1', 101]]),
      ]),
    ).toEqual([
      [0, ['2:S11223344595:2,120', '3:IИВАНОВ ИВАН |1980-01-01|1:3,101']],
      [1, ['101:IИВАНОВ ИВАН |1980-01-01|1:3,101', '120:S11223344595:2,120']],
    ]);
  });

  it('warns of a phone from five persons on, not four', async () => {
    const phone = (lines: number[]) => [source(0, lines.slice(0, 2).map((l) => ['P+79161234567', l])), source(1, lines.slice(2).map((l) => ['P+79161234567', l]))];
    expect(await warned(phone([2, 3, 50, 51]))).toEqual([]);
    expect((await warned(phone([2, 3, 50, 51, 52]))).flatMap(([, list]) => list)).toHaveLength(5);
  });

  it('leaves out rows rejected as a repeated ЕНП: the same person sent twice shares nothing with itself', async () => {
    const sources = () => [source(0, [['S11223344595', 2], ['S12345678964', 3]]), source(1, [['S11223344595', 90], ['S12345678964', 91], ['S12345678964', 92]])];
    expect(await warned(sources(), [90, 92])).toEqual([
      [0, ['3:S12345678964:3,91']],
      [1, ['91:S12345678964:3,91']],
    ]);
  });
});
