import type { IsoDate } from '../domain/records.js';
import { shareOf, type GroupFigures } from './targets.js';

/**
 * Seed 002's two results as a TFOMS reports them for a period, «нарастающим итогом» from the
 * start of the period's year to the day the figures are cut at:
 * - Мероприятие 4: «доля лиц, индивидуально проинформированных от общего числа застрахованных лиц
 *   с хроническими неинфекционными заболеваниями, при наличии которых устанавливается
 *   диспансерное наблюдение» — denominator: the insured alive whose DS_CHRONIC holds a code of
 *   dispensary-icd10.csv; numerator: those of them informed individually;
 * - Мероприятие 5: «доля лиц, получающих информацию от общего числа застрахованных лиц» —
 *   denominator: every insured person alive in the export; numerator: every person informed.
 * A person counts from the first day informed (DOMAIN.md §3.7); a month's value is the count at its end.
 */
export interface Denominators {
  /** Insured persons alive (Мероприятие 5). */
  insured: number;
  /** Of them, with a ХНИЗ under dispensary observation (Мероприятие 4). */
  dispensary: number;
}

export interface PeriodPoint {
  /** `YYYY-MM`, or the whole period for the totals. */
  month: string;
  informed: number;
  dispensaryInformed: number;
  /** Мероприятие 5: informed / insured (0…1, 4 decimals), null without insured. */
  shareInsured: number | null;
  /** Мероприятие 4: dispensary informed / dispensary persons. */
  shareDispensary: number | null;
}

export interface PeriodFigures extends Denominators, PeriodPoint {
  /** Each month from January of the year to the month of the cut, cumulative. */
  months: PeriodPoint[];
}

const sumIn = (counts: Record<IsoDate, number> | undefined, from: IsoDate, to: IsoDate): number => {
  let n = 0;
  for (const [day, c] of Object.entries(counts ?? {})) if (day >= from && day <= to) n += c;
  return n;
};

const lastDay = (month: string): IsoDate => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/** The figures of some group figures (SMOs, batches, campaigns summed) up to `asOf`, cumulative from 1 January of its year. */
export function periodFigures(groups: readonly GroupFigures[], d: Denominators, asOf: IsoDate): PeriodFigures {
  const from = `${asOf.slice(0, 4)}-01-01`;
  const point = (month: string, to: IsoDate): PeriodPoint => {
    let informed = 0;
    let dispensaryInformed = 0;
    for (const g of groups) {
      informed += sumIn(g.informedOn, from, to);
      dispensaryInformed += sumIn(g.dispensaryInformedOn, from, to);
    }
    return { month, informed, dispensaryInformed, shareInsured: shareOf(informed, d.insured), shareDispensary: shareOf(dispensaryInformed, d.dispensary) };
  };
  const months: PeriodPoint[] = [];
  for (let m = 1; m <= Number(asOf.slice(5, 7)); m++) {
    const month = `${asOf.slice(0, 4)}-${String(m).padStart(2, '0')}`;
    const end = lastDay(month);
    months.push(point(month, end < asOf ? end : asOf));
  }
  return { ...d, ...point(asOf.slice(0, 7), asOf), months };
}
