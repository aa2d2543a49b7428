import type { Campaign, CovidCase, InsuredPerson, IsoDate } from './records.js';

/**
 * Priority groups of the deep dispensarization (DOMAIN.md §2, order 698н), decided per person as of the
 * campaign's reference date and explained in Russian.
 *
 * Choices where the order is silent (also in the project docs):
 * - Everything is a snapshot at the reference date: facts dated after it are unknown at that date.
 *   A death after it does not exclude (the MO marks «умер» in the абонентский пункт); a COVID
 *   recovery after it is ignored (with no earlier episode the person is classified by rules 3–4).
 * - Several COVID episodes: the latest recovery on or before the reference date decides; a recent
 *   re-infection therefore postpones groups 1–2 even if an earlier episode was long ago.
 * - The 60-day rule is inclusive: recovery exactly 60 days before the reference date qualifies;
 *   otherwise the person is excluded as COVID_RECENT with eligibleFrom = recovery + 60 days.
 * - Ages and the 2-year rule use calendar anniversaries (ГК РФ ст. 192 by analogy): the anniversary
 *   of 29 February in a common year is 28 February. 18 years reached on the reference date = adult.
 * - Group 3 needs the last visit to be *more* than 2 years before the reference date: a visit
 *   exactly 2 years before is not. An empty LAST_VISIT means no recorded visit → group 3. A last
 *   visit after the reference date hides whether there was an earlier one; we do not assume
 *   absence of care, so such a person is not put in group 3.
 * - Chronic diseases are counted as distinct normalized codes accepted by `isChronic`; codes not
 *   on the list (and malformed ones) do not count.
 * - COVID cases are matched to the person by ЕНП, or by СНИЛС when the case carries one.
 */
export type PriorityGroup = 1 | 2 | 3 | 4;

export type ExclusionCode = 'DIED' | 'UNDER_18' | 'COVID_RECENT' | 'OTHER_REGION' | 'DUPLICATE' | 'MOVED';

export type GroupCode = 'G1_COVID_CHRONIC' | 'G2_COVID' | 'G3_NO_VISIT' | 'G4_OTHER';

export type GroupDecision =
  | { eligible: true; group: PriorityGroup; /** Machine code, one of GroupCode for decisions made here. */ code: string; reason: string }
  | { eligible: false; exclusion: ExclusionCode; reason: string; eligibleFrom?: IsoDate };

/** Russian labels of exclusions (lists, protocols, the TFOMS check of stage 1.6). */
export const EXCLUSION_LABELS: Readonly<Record<ExclusionCode, string>> = {
  DIED: 'Умер',
  UNDER_18: 'Не достиг 18 лет',
  COVID_RECENT: 'Менее 60 дней после выздоровления от COVID-19',
  OTHER_REGION: 'Прикреплён к МО другого субъекта',
  // Produced by list formation, not by assignPriorityGroup: one person per ЕНП, one region per person.
  DUPLICATE: 'Дублирующая запись',
  MOVED: 'Сменил место страхования (переехал)',
};

export const GROUP_LABELS: Readonly<Record<PriorityGroup, string>> = {
  1: 'Перенёсшие COVID-19, с двумя и более хроническими неинфекционными заболеваниями',
  2: 'Перенёсшие COVID-19, без хронических неинфекционных заболеваний или с одним',
  3: 'Не обращавшиеся за медицинской помощью более двух лет',
  4: 'Прочие граждане',
};

export const COVID_WAIT_DAYS = 60;
export const ADULT_AGE = 18;
export const NO_VISIT_YEARS = 2;

export interface GroupInput {
  person: InsuredPerson;
  /** Region of the list being formed (TFOMS code). */
  region: string;
  covid: readonly CovidCase[];
  campaign: Campaign;
  isChronic: (icd: string) => boolean;
}

export function assignPriorityGroup(input: GroupInput): GroupDecision {
  const { person, region, campaign } = input;
  const ref = campaign.referenceDate;
  const refRu = ruDate(ref);

  if (person.dDeath && person.dDeath <= ref) {
    return { eligible: false, exclusion: 'DIED', reason: `Умер ${ruDate(person.dDeath)} (до даты формирования списков ${refRu})` };
  }
  const adultFrom = addYears(person.dr, ADULT_AGE);
  if (adultFrom > ref) {
    return {
      eligible: false,
      exclusion: 'UNDER_18',
      reason: `Дата рождения ${ruDate(person.dr)}: на ${refRu} не исполнилось 18 лет (исполнится ${ruDate(adultFrom)})`,
    };
  }
  if (person.mo.slice(0, 2) !== region) {
    return {
      eligible: false,
      exclusion: 'OTHER_REGION',
      reason: `Прикреплён к МО ${person.mo} другого субъекта (список формируется для региона ${region})`,
    };
  }

  const episodes = input.covid.filter((c) => matches(c, person) && c.dateRecovery <= ref);
  const latest = episodes.reduce<CovidCase | undefined>((best, c) => (!best || c.dateRecovery > best.dateRecovery ? c : best), undefined);
  if (latest) {
    const waitedUntil = addDays(latest.dateRecovery, COVID_WAIT_DAYS);
    if (waitedUntil > ref) {
      return {
        eligible: false,
        exclusion: 'COVID_RECENT',
        eligibleFrom: waitedUntil,
        reason:
          `Перенёс COVID-19 (${latest.ds}, выздоровление ${ruDate(latest.dateRecovery)}): ` +
          `до ${refRu} прошло ${daysBetween(latest.dateRecovery, ref)} дн. из 60; ` +
          `направление в группы 1–2 возможно с ${ruDate(waitedUntil)}`,
      };
    }
    const chronic = distinctChronic(person.dsChronic, input.isChronic);
    const covidText = `Перенёс COVID-19 (${latest.ds}, выздоровление ${ruDate(latest.dateRecovery)}, ≥ 60 дней до ${refRu})`;
    if (chronic.length >= 2) {
      return {
        eligible: true,
        group: 1,
        code: 'G1_COVID_CHRONIC',
        reason: `${covidText} и состоит на диспансерном наблюдении по ${chronic.length} хроническим заболеваниям (${chronic.join(', ')})`,
      };
    }
    return {
      eligible: true,
      group: 2,
      code: 'G2_COVID',
      reason:
        chronic.length === 1
          ? `${covidText}; состоит на диспансерном наблюдении по одному хроническому заболеванию (${chronic[0]})`
          : `${covidText}; хронических неинфекционных заболеваний под диспансерным наблюдением нет`,
    };
  }

  const visitLimit = addYears(ref, -NO_VISIT_YEARS);
  if (!person.lastVisit) {
    return { eligible: true, group: 3, code: 'G3_NO_VISIT', reason: `Нет сведений об обращениях в МО (последнее обращение не указано) на ${refRu}` };
  }
  if (person.lastVisit < visitLimit) {
    return {
      eligible: true,
      group: 3,
      code: 'G3_NO_VISIT',
      reason: `Последнее обращение в МО ${ruDate(person.lastVisit)} — более 2 лет до ${refRu} (ранее ${ruDate(visitLimit)})`,
    };
  }
  const noCovid = `сведений о перенесённом до ${refRu} COVID-19 нет`;
  return {
    eligible: true,
    group: 4,
    code: 'G4_OTHER',
    reason:
      person.lastVisit > ref
        ? `Совершеннолетний, ${noCovid}; последнее обращение в МО ${ruDate(person.lastVisit)} — после ${refRu}, отсутствие обращений более 2 лет не подтверждено`
        : `Совершеннолетний, ${noCovid}; последнее обращение в МО ${ruDate(person.lastVisit)} — в пределах 2 лет до ${refRu}`,
  };
}

function matches(c: CovidCase, p: InsuredPerson): boolean {
  if (c.enp && c.enp === p.enp) return true;
  return Boolean(c.snils && p.snils && c.snils === p.snils);
}

function distinctChronic(codes: readonly string[], isChronic: (icd: string) => boolean): string[] {
  const seen = new Set<string>();
  for (const raw of codes) {
    const code = raw.trim().toUpperCase();
    if (code && isChronic(code)) seen.add(code);
  }
  return [...seen];
}

// --- calendar arithmetic on ISO dates (UTC days, no time zones involved) ---

const DAY_MS = 86_400_000;

function parts(iso: IsoDate): [number, number, number] {
  return iso.split('-').map(Number) as [number, number, number];
}

function iso(y: number, m: number, d: number): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Same month and day `years` later; 29 February → 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(date);
  const year = y + years;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return iso(year, m, Math.min(d, last));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** `DD.MM.YYYY`, as in the files and Russian documents. */
export function ruDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}
