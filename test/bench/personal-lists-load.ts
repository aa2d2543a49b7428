/**
 * The load side of the personal-data lists benchmark, run in its own process (personal-lists-child.ts)
 * like an outside client of `npm start`: its HTTP client does not share the stack's event loop.
 */

/** One route under load: GETs of `path` with `token`; `check` throws unless the body is the full answer. */
export interface LoadTarget {
  name: string;
  path: string;
  token: string;
  /** Rows the answer must list under `persons` (each with a ЕНП and a ФИО); absent: any 200. */
  persons?: number;
}

export interface LoadJob {
  apiUrl: string;
  target: LoadTarget;
  requests: number;
  concurrency: number;
  /** Epoch ms past which the run is refused (a bench must end). */
  deadline: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) throw new Error('no samples');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function checkAnswer(target: LoadTarget, status: number, body: unknown): void {
  if (status !== 200) throw new Error(`${target.name}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  if (target.persons === undefined) return;
  const rows = (body as { persons?: Array<{ enp?: string; fio?: string | null }> }).persons;
  if (rows?.length !== target.persons || rows.some((r) => !r.enp || !r.fio)) {
    throw new Error(`${target.name}: expected ${target.persons} persons with ФИО, got ${JSON.stringify(body).slice(0, 300)}`);
  }
}

/** `requests` GETs of the target with `concurrency` in flight; each call's latency in ms, sorted. */
export async function fire(apiUrl: string, target: LoadTarget, requests: number, concurrency: number, deadline: number): Promise<number[]> {
  const latencies: number[] = [];
  let started = 0;
  const lane = async () => {
    while (started < requests) {
      started++;
      if (Date.now() > deadline) throw new Error(`${target.name}: past the bench deadline`);
      const t = performance.now();
      const res = await fetch(`${apiUrl}${target.path}`, { headers: { authorization: `Bearer ${target.token}` }, signal: AbortSignal.timeout(60_000) });
      const body: unknown = await res.json();
      latencies.push(performance.now() - t);
      checkAnswer(target, res.status, body);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, lane));
  return latencies.sort((a, b) => a - b);
}

/** One warm-up call (module load, JWKS, JIT), then the timed calls; their latencies (ms, sorted). */
export async function runLoad(job: LoadJob): Promise<number[]> {
  await fire(job.apiUrl, job.target, 1, 1, job.deadline);
  return fire(job.apiUrl, job.target, job.requests, job.concurrency, job.deadline);
}
