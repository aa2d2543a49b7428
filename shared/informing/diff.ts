import type { ChangeKind } from './files.js';

/**
 * What changed between two versions of an SMO's informing file, computed in one streaming pass: the
 * current registry entries and the previous version's rows arrive in the same order (MO, then ЕНП —
 * the order of the registry index), so a merge join sees each person once and keeps nothing but
 * the two cursors. A person whose MO changed reads as removed at the old MO and added at the new.
 */

export interface Keyed {
  mo: string;
  enp: string;
}

export interface Dated extends Keyed {
  date: string;
  time?: string;
}

/** One registry entry of the SMO: `row` when the person goes into the file, else why not. */
export interface CurrentEntry<R extends Dated> extends Keyed {
  row?: R;
  /** The отметка of the entry (e.g. «отказ»): the reason a person of the previous version is removed. */
  mark?: string;
}

export type Change<R extends Dated> =
  | { kind: Extract<ChangeKind, 'added'>; row: R }
  | { kind: Extract<ChangeKind, 'removed'>; row: R; reason?: string }
  | { kind: Extract<ChangeKind, 'date-changed'>; row: R; previous: R };

export interface DiffCounts {
  added: number;
  removed: number;
  dateChanged: number;
  unchanged: number;
}

export const noChanges = (c: Pick<DiffCounts, 'added' | 'removed' | 'dateChanged'>): boolean => c.added + c.removed + c.dateChanged === 0;

const keyOf = (k: Keyed): string => `${k.mo}#${k.enp}`;

export class VersionDiff<R extends Dated> {
  readonly counts: DiffCounts = { added: 0, removed: 0, dateChanged: 0, unchanged: 0 };
  private pending: R | undefined;
  private started = false;
  private lastKey = '';
  private lastPrevKey = '';

  /** `previous` undefined: the first version, where nothing counts as a change. */
  constructor(private readonly previous: AsyncIterator<R> | undefined) {}

  /** Takes the next entry (in ascending key order) and returns the changes it settles. */
  async push(entry: CurrentEntry<R>): Promise<Array<Change<R>>> {
    const key = keyOf(entry);
    if (key <= this.lastKey) throw new Error(`informing diff: entries out of order (${key} after ${this.lastKey})`);
    this.lastKey = key;
    if (!this.previous) return [];
    const out: Array<Change<R>> = [];
    let prev = await this.peek();
    while (prev && keyOf(prev) < key) {
      out.push(this.removed(prev));
      prev = await this.advance();
    }
    const same = prev && keyOf(prev) === key ? prev : undefined;
    if (same) await this.advance();
    if (entry.row && same) {
      if (entry.row.date !== same.date || (entry.row.time ?? '') !== (same.time ?? '')) {
        this.counts.dateChanged++;
        out.push({ kind: 'date-changed', row: entry.row, previous: same });
      } else {
        this.counts.unchanged++;
      }
    } else if (entry.row) {
      this.counts.added++;
      out.push({ kind: 'added', row: entry.row });
    } else if (same) {
      out.push(this.removed(same, entry.mark));
    }
    return out;
  }

  /** The previous version's rows after the last entry: removed. */
  async finish(): Promise<Array<Change<R>>> {
    if (!this.previous) return [];
    const out: Array<Change<R>> = [];
    for (let prev = await this.peek(); prev; prev = await this.advance()) out.push(this.removed(prev));
    return out;
  }

  private removed(row: R, reason?: string): Change<R> {
    this.counts.removed++;
    return reason ? { kind: 'removed', row, reason } : { kind: 'removed', row };
  }

  private async peek(): Promise<R | undefined> {
    if (!this.started) {
      this.started = true;
      return this.advance();
    }
    return this.pending;
  }

  private async advance(): Promise<R | undefined> {
    const next = await this.previous!.next();
    this.pending = next.done ? undefined : next.value;
    if (this.pending) {
      const key = keyOf(this.pending);
      if (key <= this.lastPrevKey) throw new Error(`informing diff: previous rows out of order (${key} after ${this.lastPrevKey})`);
      this.lastPrevKey = key;
    }
    return this.pending;
  }
}
