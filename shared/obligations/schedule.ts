import { z } from 'zod';
import type { ProductionCalendar } from '../calendar/production-calendar.js';
import { isIsoDate } from '../hospitalization/submission.js';
import { ruErrors } from '../validation/ru-errors.js';

/**
 * A campaign schedule as data (DOMAIN.md §2, seed 000): the list of steps, each with the party
 * responsible, the deadline and the event the system records when the step is done. Seed 000's
 * letter transcribed into this form loads as-is (shared/reference/data/schedules/); FOMS may
 * replace it through the API, which moves the obligations still open.
 *
 * A deadline is a calendar day and a local time (default 24:00: «до 19.06» means by the end of
 * that day) on the clock of each region; or a number of working days after another step's day,
 * or the Nth of the month after it — both on the production calendar (DOMAIN.md §6).
 */
export const PARTIES = ['FOMS', 'TFOMS', 'MO', 'SMO'] as const;
export type Party = (typeof PARTIES)[number];

/** How a step is met: an event the system already records (see shared/adapters/facts.ts). */
export const FACT_KINDS = {
  'insured-accepted': 'принята выгрузка застрахованных лиц региона',
  'tfoms-users': 'зарегистрированы пользователи ТФОМС',
  'groups-computed': 'списки загружены и обогащены сведениями регистра COVID (группы определены)',
  'files-formed': 'файлы «абонентский пункт» сформированы для всех МО',
  'mo-file-returned': 'МО вернула заполненный файл и он принят',
  'returns-loaded': 'заполненные файлы всех МО загружены',
  'registry-open': 'реестр сформирован и открыт ТФОМС',
  'registry-approved': 'реестр проверен, итоговые списки сформированы',
  'smo-registered': 'СМО региона зарегистрированы',
  'smo-files-formed': 'файлы для СМО сформированы',
  'smo-file-fetched': 'СМО получила файл для информирования',
  'smo-informing-started': 'СМО приступила к информированию: принят первый результат информирования по партии',
  confirmation: 'исполнение подтверждено ответственным',
  'hospitalization-daily': 'приняты сведения о плановой госпитализации за сутки',
  'calendar-confirmed': 'ФОМС загрузил постановление о переносе выходных дней на год (производственный календарь)',
  'report-produced': 'ТФОМС представил отчёт за период (отчёт XLSX сформирован)',
} as const;
export type FactKind = keyof typeof FACT_KINDS;

const IsoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата ГГГГ-ММ-ДД')
  .refine(isIsoDate, 'такой даты нет в календаре');
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'время ЧЧ:ММ (00:00–24:00)');
const StepId = z.string().regex(/^\d{1,2}\.\d{1,2}$/, 'номер пункта вида «2.2»');

export const DueRuleSchema = z.union([
  z.object({ date: IsoDay, time: LocalTime.default('24:00') }).strict(),
  z.object({ workingDaysAfter: StepId, days: z.number().int().min(0).max(60), time: LocalTime.default('24:00') }).strict(),
  z.object({ nthOfNextMonth: z.number().int().min(1).max(28), after: StepId, time: LocalTime.default('24:00') }).strict(),
]);
export type DueRule = z.infer<typeof DueRuleSchema>;

export const ScheduleStepSchema = z
  .object({
    step: StepId,
    title: z.string().min(1),
    party: z.enum(PARTIES),
    /** Stages 2–4 name the batch (groups 1–2 or 3–4) their facts are about. */
    batch: z.enum(['12', '34']).optional(),
    /** No deadline (e.g. 1.1 in seed 000): listed, creates no obligation. */
    due: DueRuleSchema.optional(),
    metBy: z.enum(Object.keys(FACT_KINDS) as [FactKind, ...FactKind[]]),
  })
  .strict();
export type ScheduleStep = z.infer<typeof ScheduleStepSchema>;

export const CampaignScheduleSchema = z
  .object({
    campaignId: z.string().min(1),
    /** Where the dates come from (a letter's number and date). */
    source: z.string().optional(),
    steps: z.array(ScheduleStepSchema).min(1),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const ids = new Set<string>();
    schedule.steps.forEach((s, i) => {
      if (ids.has(s.step)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'step'], message: `пункт ${s.step} повторяется` });
      ids.add(s.step);
    });
    schedule.steps.forEach((s, i) => {
      const ref = s.due && ('workingDaysAfter' in s.due ? s.due.workingDaysAfter : 'after' in s.due ? s.due.after : undefined);
      if (ref && !ids.has(ref)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'due'], message: `срок пункта ${s.step} ссылается на несуществующий пункт ${ref}` });
    });
    try {
      resolveDueDays(schedule as CampaignSchedule, undefined);
    } catch (error) {
      if (error instanceof ScheduleCycleError) ctx.addIssue({ code: 'custom', path: ['steps'], message: error.message });
    }
  });
export type CampaignSchedule = z.infer<typeof CampaignScheduleSchema>;

/** Parses a schedule, with Russian messages naming the step and field. */
export function parseSchedule(json: unknown): { ok: true; schedule: CampaignSchedule } | { ok: false; errors: string[] } {
  const parsed = CampaignScheduleSchema.safeParse(json, { error: ruErrors });
  if (parsed.success) return { ok: true, schedule: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'график'}: ${i.message}`) };
}

class ScheduleCycleError extends Error {}

export interface DueDay {
  date: string;
  time: string;
}

/**
 * The calendar day and local time of every step with a deadline. Relative rules need the
 * production calendar; without one (schema check) they resolve to placeholders.
 */
export function resolveDueDays(schedule: CampaignSchedule, calendar: ProductionCalendar | undefined): Map<string, DueDay> {
  const byId = new Map(schedule.steps.map((s) => [s.step, s]));
  const out = new Map<string, DueDay>();
  const visiting = new Set<string>();
  const resolve = (id: string): DueDay | undefined => {
    const known = out.get(id);
    if (known) return known;
    const due = byId.get(id)?.due;
    if (!due) return undefined;
    if (visiting.has(id)) throw new ScheduleCycleError(`сроки пунктов ссылаются друг на друга по кругу (пункт ${id})`);
    visiting.add(id);
    let day: DueDay;
    if ('date' in due) day = { date: due.date, time: due.time };
    else {
      const anchor = resolve('workingDaysAfter' in due ? due.workingDaysAfter : due.after);
      if (!anchor) throw new Error(`срок пункта ${id} зависит от пункта без срока`);
      const date = !calendar
        ? anchor.date
        : 'workingDaysAfter' in due
          ? calendar.addWorkingDays(anchor.date, due.days)
          : calendar.nthOfNextMonth(anchor.date, due.nthOfNextMonth);
      day = { date, time: due.time };
    }
    visiting.delete(id);
    out.set(id, day);
    return day;
  };
  for (const step of schedule.steps) resolve(step.step);
  return out;
}

/**
 * The same schedule for another campaign with every fixed date moved by `days` (relative rules
 * follow by themselves): seed 000's letter replayed for a demo campaign starting today.
 */
export function shiftSchedule(schedule: CampaignSchedule, days: number, campaignId = schedule.campaignId): CampaignSchedule {
  const move = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return {
    ...schedule,
    campaignId,
    source: `${schedule.source ?? schedule.campaignId}; даты сдвинуты на ${days} дн.`,
    steps: schedule.steps.map((s) => (s.due && 'date' in s.due ? { ...s, due: { ...s.due, date: move(s.due.date) } } : s)),
  };
}

/** Days from one ISO day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
