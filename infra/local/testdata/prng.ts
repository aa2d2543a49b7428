/**
 * Small, fast, seedable PRNG (mulberry32). One instance is re-seeded per data row from
 * (seed, row, stream), so any row can be regenerated on its own: duplicates and COVID extracts
 * refer back to earlier rows without keeping them in memory.
 */
export class Rng {
  private state = 0;

  constructor(seed = 1) {
    this.state = seed >>> 0;
  }

  /** Re-seed from a seed, a row number and a stream id, mixing them so nearby rows differ fully. */
  reseed(seed: number, row: number, stream = 0): this {
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(row + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(stream + 1, 0x27d4eb2f);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    this.state = h >>> 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), 1 | t);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
