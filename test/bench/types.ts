/** One measured figure; printed as one JSON line by the runner. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure compared against (the baseline's value, or the smaller run's). */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  /** The figure's stated goal (same unit), when the issue sets one. */
  target?: number;
}

export interface BenchModule {
  name: string;
  run(opts: { rows: number }): Promise<BenchResult[]>;
}

/** A bench size from the environment: undefined when unset, else an integer ≥ `min` (anything else is refused). */
export function envInt(env: NodeJS.ProcessEnv, name: string, min = 1): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}
