/**
 * Duplicate keys across the chunks of one file, found by a streaming k-way merge of each chunk's
 * sorted `key\tline` list, so memory holds one entry per chunk (plus the duplicates found).
 * The first occurrence in the file wins; every later one is a duplicate.
 */
export interface KeyedLine {
  key: string;
  /** Global line number in the file. */
  line: number;
  chunk: number;
}

export interface Duplicate extends KeyedLine {
  firstLine: number;
}

export async function findDuplicates(sources: Array<AsyncIterator<KeyedLine>>): Promise<Duplicate[]> {
  const heads: Array<KeyedLine | undefined> = await Promise.all(sources.map(async (s) => (await s.next()).value));
  const duplicates: Duplicate[] = [];
  for (;;) {
    let min: string | undefined;
    for (const head of heads) if (head && (min === undefined || head.key < min)) min = head.key;
    if (min === undefined) return duplicates;
    const group: KeyedLine[] = [];
    for (let i = 0; i < heads.length; i++) {
      while (heads[i]?.key === min) {
        group.push(heads[i]!);
        heads[i] = (await sources[i]!.next()).value;
      }
    }
    if (group.length > 1) {
      group.sort((a, b) => a.line - b.line);
      const firstLine = group[0]!.line;
      for (const entry of group.slice(1)) duplicates.push({ ...entry, firstLine });
    }
  }
}
