import { localDate, localTime } from '../domain/time.js';
import { ruOfIso } from '../flk/fields.js';

/**
 * The TFOMS's daily compliance report (DOMAIN.md §4): for every MO bound by §263/§264, whether its
 * submission for the day arrived by the deadline (09:00 local the next day), late, or not at all.
 */
export type ComplianceStatus = 'в срок' | 'с опозданием' | 'нет сведений';

export interface ComplianceRow {
  mo: string;
  name: string;
  /** ISO instant of the first accepted submission for the day; null when none was accepted. */
  submittedAt: string | null;
  status: ComplianceStatus;
  /** Why, when it is not plain: rejected submissions, the deadline not yet passed. */
  note?: string;
}

/** What the store knows of one MO's day (shared/adapters/store/hospitalization.ts receiptsOfDay). */
export interface DayReceipt {
  firstAcceptedAt?: string;
  lastReceivedAt: string;
  status: 'ACCEPTED' | 'REJECTED';
}


/** `DD.MM.YYYY HH:MM` of an instant on a zone's clock. */
export function localStamp(instant: string, timeZone: string): string {
  return `${ruOfIso(localDate(instant, timeZone))} ${localTime(instant, timeZone)}`;
}

/**
 * One row per obligated MO, in MO code order. An MO is «в срок» when its first accepted
 * submission is not later than `dueInstant`, «с опозданием» when later; an MO whose submissions
 * were all rejected, or that sent nothing, has «нет сведений» (the note says which). Receipts of
 * MOs not in the list are ignored. `now`, when given, marks missing rows whose deadline has not
 * passed yet.
 */
export function complianceOf(
  obligatedMos: Iterable<{ code: string; name: string }>,
  receipts: ReadonlyMap<string, DayReceipt>,
  forDate: string,
  dueInstant: string,
  options: { timeZone?: string; now?: Date } = {},
): ComplianceRow[] {
  const due = Date.parse(dueInstant);
  const when = (iso: string) => (options.timeZone ? `${localStamp(iso, options.timeZone)} (местное время)` : iso);
  const open = options.now !== undefined && options.now.getTime() <= due;
  return [...obligatedMos]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map(({ code, name }): ComplianceRow => {
      const r = receipts.get(code);
      if (r?.firstAcceptedAt) {
        const late = Date.parse(r.firstAcceptedAt) > due;
        return { mo: code, name, submittedAt: r.firstAcceptedAt, status: late ? 'с опозданием' : 'в срок' };
      }
      const notes = [
        r ? `сведения за ${ruOfIso(forDate)} получены ${when(r.lastReceivedAt)}, но отклонены ФЛК` : undefined,
        open ? `срок (${when(dueInstant)}) ещё не наступил` : undefined,
      ].filter((n): n is string => !!n);
      return { mo: code, name, submittedAt: null, status: 'нет сведений', ...(notes.length ? { note: notes.join('; ') } : {}) };
    });
}

export function complianceCounts(rows: readonly ComplianceRow[]): Record<ComplianceStatus, number> {
  const out: Record<ComplianceStatus, number> = { 'в срок': 0, 'с опозданием': 0, 'нет сведений': 0 };
  for (const r of rows) out[r.status] += 1;
  return out;
}
