/**
 * The external merge sort of the results check: person+day keys of accepted rows kept as sorted
 * runs (spilled to the work bucket when full), merged to find the repeated person+day rows.
 */

/** Keys of accepted rows sorted in memory before a run is spilled to the work bucket. */
export const RUN_KEYS = 200_000;

/**
 * Person+day keys of accepted rows as sorted runs, so memory holds one run whatever the file size.
 * An entry is `<ЕНП 16><YYYYMMDD><row, 10 digits>`: fixed width, so the engine's own string sort
 * orders a run by person, day and row; a full run goes to `spill` (the work bucket for files) as
 * lines. `duplicates()` merges the runs; the first row of a person and day wins.
 */
export class KeyRuns {
  private current: string[] = [];
  private readonly spilled: Array<() => Promise<AsyncIterable<string>>> = [];

  constructor(
    private readonly spill?: (index: number, sortedLines: string[]) => Promise<() => Promise<AsyncIterable<string>>>,
    private readonly runKeys = RUN_KEYS,
  ) {}

  /** `enp`: 16 digits; `date`: ISO. A promise only when the run was full and is being spilled. */
  add(enp: string, date: string, line: number): Promise<void> | undefined {
    this.current.push(enp + date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10) + String(line).padStart(10, '0'));
    if (!this.spill || this.current.length < this.runKeys) return undefined;
    const run = this.current.sort();
    this.current = [];
    return this.spill(this.spilled.length, run).then((open) => void this.spilled.push(open));
  }

  async duplicates(): Promise<Array<{ key: string; line: number; firstLine: number }>> {
    const last = this.current.sort();
    this.current = [];
    const runs: Array<AsyncIterable<string> | Iterable<string>> = [...(await Promise.all(this.spilled.map((open) => open()))), last];
    const out: Array<{ key: string; line: number; firstLine: number }> = [];
    let previousKey = '';
    let previousLine = 0;
    await mergeSorted(runs, (entry) => {
      const key = entry.slice(0, 24);
      const line = Number(entry.slice(24));
      if (key === previousKey) out.push({ key: `${key.slice(0, 16)}#${key.slice(16, 20)}-${key.slice(20, 22)}-${key.slice(22, 24)}`, line, firstLine: previousLine });
      else [previousKey, previousLine] = [key, line];
    });
    return out;
  }
}

/**
 * K-way merge of sorted string runs (few: one per 200 k keys) into `visit`, in order. In-memory
 * runs are read synchronously; only a spilled run's reader is awaited, so a single run costs a
 * comparison per entry, not a promise.
 */
export async function mergeSorted(runs: ReadonlyArray<AsyncIterable<string> | Iterable<string>>, visit: (entry: string) => void): Promise<void> {
  type Reader = { sync: Iterator<string> } | { async: AsyncIterator<string> };
  const readers: Reader[] = runs.map((run) =>
    Symbol.asyncIterator in run ? { async: (run as AsyncIterable<string>)[Symbol.asyncIterator]() } : { sync: (run as Iterable<string>)[Symbol.iterator]() },
  );
  const heads: Array<string | undefined> = new Array(readers.length);
  const advance = async (i: number): Promise<void> => {
    const reader = readers[i]!;
    for (;;) {
      const step = 'sync' in reader ? reader.sync.next() : await reader.async.next();
      if (step.done) return void (heads[i] = undefined);
      if (step.value) return void (heads[i] = step.value);
    }
  };
  for (let i = 0; i < readers.length; i++) await advance(i);
  for (;;) {
    let min = -1;
    for (let i = 0; i < heads.length; i++) if (heads[i] !== undefined && (min < 0 || heads[i]! < heads[min]!)) min = i;
    if (min < 0) return;
    visit(heads[min]!);
    const reader = readers[min]!;
    if ('sync' in reader) {
      // Stay on a synchronous run while it holds the smallest entries.
      let step = reader.sync.next();
      while (!step.done && !step.value) step = reader.sync.next();
      heads[min] = step.done ? undefined : step.value;
    } else await advance(min);
  }
}
