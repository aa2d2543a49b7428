/**
 * Keys repeated across the chunks of one file, found by a streaming k-way merge of each chunk's
 * sorted `key\tline` list, so memory holds one entry per chunk (plus the group being merged).
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

/** Every key that occurs more than once, with its occurrences in line order. */
export async function* repeatedKeys(sources: Array<AsyncIterator<KeyedLine>>): AsyncGenerator<KeyedLine[]> {
  const heads: Array<KeyedLine | undefined> = await Promise.all(sources.map(async (s) => (await s.next()).value));
  for (;;) {
    let min: string | undefined;
    for (const head of heads) if (head && (min === undefined || head.key < min)) min = head.key;
    if (min === undefined) return;
    const group: KeyedLine[] = [];
    for (let i = 0; i < heads.length; i++) {
      while (heads[i]?.key === min) {
        group.push(heads[i]!);
        heads[i] = (await sources[i]!.next()).value;
      }
    }
    if (group.length > 1) yield group.sort((a, b) => a.line - b.line);
  }
}

/** The first occurrence in the file wins; every later one is a duplicate. */
export async function findDuplicates(sources: Array<AsyncIterator<KeyedLine>>): Promise<Duplicate[]> {
  const duplicates: Duplicate[] = [];
  for await (const group of repeatedKeys(sources)) {
    const firstLine = group[0]!.line;
    for (const entry of group.slice(1)) duplicates.push({ ...entry, firstLine });
  }
  return duplicates;
}
