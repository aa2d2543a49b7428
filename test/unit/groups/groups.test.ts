import { describe, expect, it } from 'vitest';
import {
  EXCLUSION_LABELS,
  addDays,
  addYears,
  assignPriorityGroup,
  daysBetween,
  type GroupDecision,
} from '../../../shared/domain/groups.js';
import type { Campaign, CovidCase, InsuredPerson } from '../../../shared/domain/records.js';
import { loadReferenceData } from '../../../shared/reference/load.js';

const ref = loadReferenceData();
const UD2021: Campaign = { id: 'ud-2021', name: 'Углубленная диспансеризация 2021', referenceDate: '2021-06-15', active: true };
const at = (referenceDate: string): Campaign => ({ ...UD2021, id: `t-${referenceDate}`, referenceDate });

function person(over: Partial<InsuredPerson> = {}): InsuredPerson {
  return {
    enp: '7756410834000012',
    snils: '11223344595',
    fam: 'Иванов',
    im: 'Иван',
    w: 1,
    dr: '1980-05-10',
    mo: '771001',
    smo: '77008',
    dsChronic: [],
    lastVisit: '2021-01-10',
    ...over,
  };
}

const covid = (dateRecovery: string, over: Partial<CovidCase> = {}): CovidCase => ({ enp: '7756410834000012', ds: 'U07.1', dateRecovery, ...over });

function decide(p: InsuredPerson, cases: CovidCase[] = [], campaign = UD2021): GroupDecision {
  return assignPriorityGroup({ person: p, region: '77', covid: cases, campaign, isChronic: ref.isChronicDisease });
}

function group(d: GroupDecision): number | string {
  return d.eligible ? d.group : d.exclusion;
}

describe('calendar helpers', () => {
  it('adds years with 29 February → 28 February in common years', () => {
    expect(addYears('2004-02-29', 18)).toBe('2022-02-28');
    expect(addYears('2004-02-29', 20)).toBe('2024-02-29');
    expect(addYears('2021-06-15', -2)).toBe('2019-06-15');
  });
  it('counts days across a leap February', () => {
    expect(daysBetween('2020-02-29', '2020-04-29')).toBe(60);
    expect(addDays('2020-02-29', 60)).toBe('2020-04-29');
    expect(daysBetween('2021-04-16', '2021-06-15')).toBe(60);
  });
});

describe('exclusions', () => {
  it('excludes a person who died on or before the reference date, not after', () => {
    expect(group(decide(person({ dDeath: '2021-06-15' })))).toBe('DIED');
    expect(group(decide(person({ dDeath: '2020-01-01' })))).toBe('DIED');
    expect(group(decide(person({ dDeath: '2021-06-16' })))).toBe(4);
  });

  it('counts 18 years inclusive of the birthday on the reference date', () => {
    expect(group(decide(person({ dr: '2003-06-15' })))).toBe(4);
    const minor = decide(person({ dr: '2003-06-16' }));
    expect(minor).toMatchObject({ eligible: false, exclusion: 'UNDER_18' });
    expect(minor.reason).toContain('16.06.2003');
    expect(minor.reason).toContain('16.06.2021');
  });

  it('treats 28 February as the birthday of a 29 February child in a common year', () => {
    expect(group(decide(person({ dr: '2004-02-29' }), [], at('2022-02-28')))).toBe(4);
    expect(group(decide(person({ dr: '2004-02-29' }), [], at('2022-02-27')))).toBe('UNDER_18');
  });

  it('excludes a person born after the reference date as under 18', () => {
    expect(group(decide(person({ dr: '2021-07-01', lastVisit: undefined })))).toBe('UNDER_18');
  });

  it('excludes a person attached to an MO of another region', () => {
    expect(group(decide(person({ mo: '231001' })))).toBe('OTHER_REGION');
  });

  it('applies death before age and age before COVID', () => {
    expect(group(decide(person({ dr: '2010-01-01', dDeath: '2021-01-01' })))).toBe('DIED');
    expect(group(decide(person({ dr: '2010-01-01' }), [covid('2021-06-01')]))).toBe('UNDER_18');
  });

  it('has a Russian label for every exclusion code', () => {
    for (const label of Object.values(EXCLUSION_LABELS)) expect(label).toMatch(/[А-Яа-яЁё]/);
    expect(Object.keys(EXCLUSION_LABELS).sort()).toEqual(['COVID_RECENT', 'DIED', 'DUPLICATE', 'MOVED', 'OTHER_REGION', 'UNDER_18']);
  });
});

describe('the 60-day COVID rule', () => {
  it('qualifies a recovery exactly 60 days before the reference date', () => {
    expect(decide(person(), [covid('2021-04-16')])).toMatchObject({ eligible: true, group: 2, code: 'G2_COVID' });
  });

  it('postpones a recovery 59 days before, recording the date of eligibility', () => {
    const d = decide(person(), [covid('2021-04-17')]);
    expect(d).toEqual({ eligible: false, exclusion: 'COVID_RECENT', eligibleFrom: '2021-06-16', reason: expect.stringContaining('16.06.2021') });
    expect(d.reason).toContain('59 дн.');
  });

  it('counts 60 days across 29 February', () => {
    expect(group(decide(person(), [covid('2020-02-29')], at('2020-04-29')))).toBe(2);
    const d = decide(person(), [covid('2020-02-29')], at('2020-04-28'));
    expect(d).toMatchObject({ exclusion: 'COVID_RECENT', eligibleFrom: '2020-04-29' });
  });

  it('uses the latest episode on or before the reference date', () => {
    const reinfected = decide(person(), [covid('2020-11-01'), covid('2021-06-01')]);
    expect(reinfected).toMatchObject({ exclusion: 'COVID_RECENT', eligibleFrom: '2021-07-31' });
    // Order of the cases does not matter.
    expect(decide(person(), [covid('2021-06-01'), covid('2020-11-01')])).toEqual(reinfected);
  });

  it('ignores recoveries after the reference date', () => {
    expect(group(decide(person(), [covid('2020-11-01'), covid('2021-07-01')]))).toBe(2);
    expect(decide(person(), [covid('2021-07-01')])).toMatchObject({ eligible: true, group: 4 });
    expect(decide(person({ lastVisit: undefined }), [covid('2021-07-01')])).toMatchObject({ group: 3 });
  });

  it('recovery on the reference date itself is recent', () => {
    expect(decide(person(), [covid('2021-06-15')])).toMatchObject({ exclusion: 'COVID_RECENT', eligibleFrom: '2021-08-14' });
  });

  it('matches cases by СНИЛС when the case has no or another ЕНП, and ignores other people', () => {
    expect(group(decide(person(), [covid('2021-01-01', { enp: undefined, snils: '11223344595' })]))).toBe(2);
    expect(group(decide(person(), [covid('2021-01-01', { enp: '7700000000000000', snils: '11223344595' })]))).toBe(2);
    expect(group(decide(person(), [covid('2021-01-01', { enp: '7700000000000000', snils: undefined })]))).toBe(4);
    expect(group(decide(person({ snils: undefined }), [covid('2021-01-01', { enp: undefined, snils: '11223344595' })]))).toBe(4);
  });

  it('counts U07.2 (clinically diagnosed) as COVID-19', () => {
    expect(group(decide(person(), [covid('2021-01-01', { ds: 'U07.2' })]))).toBe(2);
  });
});

describe('groups 1 and 2: chronic diseases', () => {
  const withCovid = (dsChronic: string[]): GroupDecision => decide(person({ dsChronic }), [covid('2021-02-01')]);

  it('puts COVID + two distinct chronic codes in group 1 and explains it', () => {
    const d = withCovid(['I11.9', 'E11.9']);
    expect(d).toMatchObject({ eligible: true, group: 1, code: 'G1_COVID_CHRONIC' });
    expect(d.reason).toBe(
      'Перенёс COVID-19 (U07.1, выздоровление 01.02.2021, ≥ 60 дней до 15.06.2021) и состоит на диспансерном наблюдении по 2 хроническим заболеваниям (I11.9, E11.9)',
    );
  });

  it('counts duplicates once (also after case and space normalization)', () => {
    expect(group(withCovid(['I11.9', 'I11.9']))).toBe(2);
    expect(group(withCovid(['i11.9', ' I11.9 ']))).toBe(2);
  });

  it('ignores codes that are not chronic non-communicable diseases, and malformed ones', () => {
    expect(group(withCovid(['I11.9', 'J06.9']))).toBe(2);
    expect(group(withCovid(['I11.9', 'Е11.9']))).toBe(2); // Cyrillic Е
    expect(group(withCovid(['J06.9', 'K29.5']))).toBe(2);
    expect(group(withCovid(['I11.9', 'E11.9', 'J06.9']))).toBe(1);
  });

  it('matches chronic codes by prefix (I48 counts for I48.0, C00–C97, K86.1 only)', () => {
    expect(group(withCovid(['I48.0', 'C50.9']))).toBe(1);
    expect(group(withCovid(['K86.1', 'N18.3']))).toBe(1);
    expect(group(withCovid(['K86.0', 'N18.3']))).toBe(2);
  });

  it('group 2 with none or one disease, stating which', () => {
    expect(withCovid([]).reason).toContain('хронических неинфекционных заболеваний под диспансерным наблюдением нет');
    expect(withCovid(['J44.9']).reason).toContain('(J44.9)');
  });

  it('COVID takes precedence over the no-visit rule', () => {
    expect(group(decide(person({ lastVisit: undefined }), [covid('2021-01-01')]))).toBe(2);
  });
});

describe('groups 3 and 4: visits', () => {
  it('empty LAST_VISIT counts as no visit', () => {
    const d = decide(person({ lastVisit: undefined }));
    expect(d).toMatchObject({ eligible: true, group: 3, code: 'G3_NO_VISIT' });
  });

  it('needs more than two years: exactly two years is group 4, one day more is group 3', () => {
    expect(group(decide(person({ lastVisit: '2019-06-15' })))).toBe(4);
    const d = decide(person({ lastVisit: '2019-06-14' }));
    expect(d).toMatchObject({ group: 3 });
    expect(d.reason).toContain('14.06.2019');
  });

  it('handles the two-year boundary around leap days', () => {
    // Reference 28.02.2022 → limit 28.02.2020.
    expect(group(decide(person({ lastVisit: '2020-02-28' }), [], at('2022-02-28')))).toBe(4);
    expect(group(decide(person({ lastVisit: '2020-02-27' }), [], at('2022-02-28')))).toBe(3);
    // Reference 29.02.2020 → limit 28.02.2018.
    expect(group(decide(person({ lastVisit: '2018-02-28' }), [], at('2020-02-29')))).toBe(4);
    expect(group(decide(person({ lastVisit: '2018-02-27' }), [], at('2020-02-29')))).toBe(3);
  });

  it('a last visit after the reference date does not prove absence of care: group 4', () => {
    const d = decide(person({ lastVisit: '2021-07-01' }));
    expect(d).toMatchObject({ group: 4, code: 'G4_OTHER' });
    expect(d.reason).toContain('после 15.06.2021');
  });
});
