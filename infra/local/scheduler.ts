import { nextFireTime, parseCron, type CronSchedule } from './cron.js';
import { scheduledEvent } from './events.js';
import type { Invoker } from './invoker.js';

/**
 * EventBridge schedule rules: each `schedule` trigger fires its function with a Scheduled Event at
 * every matching minute (UTC). The clock is injectable so tests need not wait for real minutes.
 * Like EventBridge, missed fire times (process asleep) are not replayed one by one.
 */

export interface ScheduleEntry {
  functionId: string;
  ruleId: string;
  cron: string;
}

export class Scheduler {
  private timer?: NodeJS.Timeout;
  private readonly runs = new Set<Promise<void>>();
  private readonly entries: Array<ScheduleEntry & { schedule: CronSchedule; next: Date }>;

  constructor(
    private readonly o: {
      entries: ScheduleEntry[];
      invoker: Invoker;
      now: () => Date;
      tickMs: number;
      log: (msg: string) => void;
    },
  ) {
    const now = o.now();
    this.entries = o.entries.map((e) => {
      const schedule = parseCron(e.cron);
      return { ...e, schedule, next: nextFireTime(schedule, now) };
    });
  }

  /** Fire times to come, for the start-up banner. */
  upcoming(): Array<{ ruleId: string; functionId: string; next: Date }> {
    return this.entries.map((e) => ({ ruleId: e.ruleId, functionId: e.functionId, next: e.next }));
  }

  /** Invocations fired and not yet finished. */
  get busy(): number {
    return this.runs.size;
  }

  start(): void {
    if (!this.entries.length) return;
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.runs]);
  }

  /** Fires every entry whose time has come; public so tests can drive it with their clock. */
  tick(): void {
    const now = this.o.now();
    for (const e of this.entries) {
      if (now.getTime() < e.next.getTime()) continue;
      const at = e.next;
      e.next = nextFireTime(e.schedule, now);
      const run = this.o.invoker
        .invoke(e.functionId, scheduledEvent(e.ruleId, at))
        .then(
          () => undefined,
          (error: unknown) => this.o.log(`schedule ${e.ruleId} → ${e.functionId} failed: ${(error as Error).message}`),
        )
        .finally(() => this.runs.delete(run));
      this.runs.add(run);
    }
  }
}
