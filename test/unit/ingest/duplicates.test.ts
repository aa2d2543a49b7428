import { describe, expect, it } from 'vitest';
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
