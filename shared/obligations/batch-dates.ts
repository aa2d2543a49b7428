import type { ProductionCalendar } from '../calendar/production-calendar.js';
import type { BatchId, BatchSchedule } from '../domain/records.js';
import { resolveDueDays, type CampaignSchedule, type FactKind } from './schedule.js';

/**
 * A batch's dates of stages 2–3 (forming x.1, returns x.2, registry x.4, check x.5) read from the
 * campaign's schedule, so one schedule dates both the work (the stage clock forming files and
 * opening the registry, the `returnBy` an MO is shown) and the obligations. Each date is the due
 * day of the batch's step met by that fact, on the production calendar (relative rules resolve
 * on it); the step numbers are not assumed, so a schedule may renumber its steps.
 */
const DATE_OF: Record<keyof BatchSchedule, FactKind> = {
  formOn: 'files-formed',
  returnBy: 'mo-file-returned',
  registryBy: 'registry-open',
  checkBy: 'registry-approved',
};
const ORDER = ['formOn', 'returnBy', 'registryBy', 'checkBy'] as const;
const LABEL: Record<keyof BatchSchedule, string> = {
  formOn: 'x.1 формирование файлов (files-formed)',
  returnBy: 'x.2 возврат файлов МО (mo-file-returned)',
  registryBy: 'x.4 формирование реестра (registry-open)',
  checkBy: 'x.5 проверка реестра (registry-approved)',
};

export type BatchDatesResult =
  | { ok: true; batches: Partial<Record<BatchId, BatchSchedule>> }
  | { ok: false; errors: string[] };

/** The dates of every listed batch, or the Russian reasons a batch cannot be dated from this schedule. */
export function batchDatesOf(schedule: CampaignSchedule, batches: readonly BatchId[], calendar: ProductionCalendar): BatchDatesResult {
  const days = resolveDueDays(schedule, calendar);
  const out: Partial<Record<BatchId, BatchSchedule>> = {};
  const errors: string[] = [];
  for (const batch of batches) {
    const dates: Partial<BatchSchedule> = {};
    for (const field of ORDER) {
      const steps = schedule.steps.filter((s) => s.batch === batch && s.metBy === DATE_OF[field] && s.due);
      if (steps.length !== 1) {
        errors.push(`партия ${batch}: ${steps.length ? 'несколько пунктов' : 'нет пункта со сроком'} «${LABEL[field]}»`);
        continue;
      }
      dates[field] = days.get(steps[0]!.step)!.date;
    }
    const missing = ORDER.filter((f) => !dates[f]);
    if (missing.length) continue;
    const wrong = ORDER.slice(1).find((f, i) => dates[f]! < dates[ORDER[i]!]!);
    if (wrong) {
      errors.push(`партия ${batch}: срок «${LABEL[wrong]}» (${dates[wrong]}) раньше предыдущего этапа`);
      continue;
    }
    out[batch] = dates as BatchSchedule;
  }
  return errors.length ? { ok: false, errors } : { ok: true, batches: out };
}
