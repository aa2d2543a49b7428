/** One measured figure; printed as one JSON line by the runner. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure compared against (the baseline's value, or the smaller run's). */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
}

export interface BenchModule {
  name: string;
  run(opts: { rows: number }): Promise<BenchResult[]>;
}
