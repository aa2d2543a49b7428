import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProductionCalendar } from '../../../shared/calendar/load.js';
import { campaignObligations, dailyObligations, planChanges } from '../../../shared/obligations/plan.js';
import { parseSchedule, resolveDueDays, type CampaignSchedule } from '../../../shared/obligations/schedule.js';
import type { Fact, Obligation } from '../../../shared/obligations/model.js';
import { loadReferenceData } from '../../../shared/reference/load.js';
import type { MedicalOrganization, Region } from '../../../shared/reference/types.js';
import { evaluateRegion } from '../../../shared/services/obligations/evaluate.js';
import { factsFrom, MemoryObligations } from '../../support/obligations-memory.js';

const calendar = loadProductionCalendar();
const ref = loadReferenceData();
const region = (code: string): Region => ref.regions.get(code)!;
const mo = (code: string, regionCode: string, flags: Partial<MedicalOrganization> = {}): MedicalOrganization => ({
  code,
  region: regionCode,
  name: `МО ${code}`,
  primaryCare: false,
  dayHospital: true,
  specializedInpatient: false,
  ...flags,
});
const shipped = (campaignId: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/reference/data/schedules/${campaignId}.json`, import.meta.url), 'utf8'));

function schedule(steps: Array<Record<string, unknown> & { step: string }>): CampaignSchedule {
  const parsed = parseSchedule({
    campaignId: 'test',
    steps: steps.map((s) => ({ title: `пункт ${s.step}`, party: 'TFOMS', metBy: 'confirmation', ...s })),
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.schedule;
}

describe('campaign schedule as data (seed 000)', () => {
  it('loads seed 000 as-is: every dated step with its party, 1.1 without a date creates nothing', () => {
    const parsed = parseSchedule(shipped('ud-2021'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const steps = parsed.schedule.steps;
    expect(steps.map((s) => s.step)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '2.1', '2.2', '2.3', '2.4', '2.5', '3.1', '3.2', '3.3', '3.4', '3.5', '4.1', '4.2', '4.3', '4.4', '4.5']);
    const dues = resolveDueDays(parsed.schedule, calendar);
    expect(dues.get('2.2')).toEqual({ date: '2021-06-19', time: '24:00' });
    expect(dues.get('4.5')).toEqual({ date: '2021-06-29', time: '24:00' });
    expect(dues.has('1.1')).toBe(false);

    // Region 39: 15 MOs, 3 SMOs in the demo registry — one obligation per party and dated step.
    const parties = { mos: ['391001', '391002'], smos: ['39001'] };
    const obs = campaignObligations(parsed.schedule, region('39'), parties, calendar);
    const ofStep = (step: string) => obs.filter((o) => o.step === step).map((o) => o.party.code);
    expect(ofStep('2.2')).toEqual(['391001', '391002']);
    expect(ofStep('2.3')).toEqual(['39']);
    expect(ofStep('2.4')).toEqual(['FOMS']);
    expect(ofStep('4.3')).toEqual(['39001']);
    expect(ofStep('1.1')).toEqual([]);
    // «до 19.06.2021» in Kaliningrad (UTC+2) ends at 22:00 UTC.
    expect(obs.find((o) => o.step === '2.2')!.dueAt).toBe('2021-06-19T22:00:00.000Z');
  });

  it('the demo schedule resolves its working-day steps on the production calendar', () => {
    const parsed = parseSchedule(shipped('ud-2026'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const dues = resolveDueDays(parsed.schedule, calendar);
    // 2.5 on Monday 07.12.2026 → 4.2 one working day later, 4.3 the next.
    expect(dues.get('4.2')!.date).toBe('2026-12-08');
    expect(dues.get('4.3')!.date).toBe('2026-12-09');
  });

  it('rejects a bad schedule with Russian messages naming the step', () => {
    const bad = parseSchedule({
      campaignId: 'x',
      steps: [
        { step: '2.1', title: 'a', party: 'TFOMS', metBy: 'files-formed', due: { date: '2021-13-01' } },
        { step: '2.1', title: 'b', party: 'TFOMS', metBy: 'files-formed' },
        { step: '2.2', title: 'c', party: 'MO', metBy: 'mo-file-returned', due: { workingDaysAfter: '9.9', days: 2 } },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const text = bad.errors.join('\n');
    expect(text).toContain('пункт 2.1 повторяется');
    expect(text).toContain('ссылается на несуществующий пункт 9.9');
    expect(text).toContain('steps.0.due');
    const party = parseSchedule({ campaignId: 'x', steps: [{ step: '2.1', title: 'a', party: 'ТФОМС', metBy: 'files-formed' }] });
    expect(party.ok).toBe(false);
    if (!party.ok) expect(party.errors.join()).toMatch(/^steps\.0\.party: [А-Яа-я]/);
    const cycle = parseSchedule({
      campaignId: 'x',
      steps: [
        { step: '1.1', title: 'a', party: 'TFOMS', metBy: 'confirmation', due: { workingDaysAfter: '1.2', days: 1 } },
        { step: '1.2', title: 'b', party: 'TFOMS', metBy: 'confirmation', due: { workingDaysAfter: '1.1', days: 1 } },
      ],
    });
    expect(cycle.ok).toBe(false);
    if (!cycle.ok) expect(cycle.errors.join()).toContain('по кругу');
  });

  it('working-day deadlines: across a weekend, across the New Year holidays, onto a transferred working Saturday', () => {
    const s = schedule([
      { step: '1.1', due: { date: '2026-11-27', time: '24:00' } }, // Friday
      { step: '1.2', due: { workingDaysAfter: '1.1', days: 1, time: '18:00' } },
      { step: '2.1', due: { date: '2025-12-30', time: '24:00' } }, // Tuesday before the holidays
      { step: '2.2', due: { workingDaysAfter: '2.1', days: 1, time: '24:00' } },
      { step: '3.1', due: { date: '2025-10-31', time: '24:00' } }, // Friday before a working Saturday
      { step: '3.2', due: { workingDaysAfter: '3.1', days: 1, time: '24:00' } },
      { step: '4.1', due: { nthOfNextMonth: 5, after: '2.1', time: '24:00' } },
    ]);
    const dues = resolveDueDays(s, calendar);
    expect(dues.get('1.2')).toEqual({ date: '2026-11-30', time: '18:00' }); // Monday
    expect(dues.get('2.2')!.date).toBe('2026-01-12'); // 31.12 and 1–11.01 are days off (decree 2025, 2026)
    expect(dues.get('3.2')!.date).toBe('2025-11-01'); // Saturday worked for Monday 03.11
    expect(dues.get('4.1')!.date).toBe('2026-01-12'); // «by the 5th of next month» falls in the holidays
    const [ob] = campaignObligations(s, region('41'), { mos: [], smos: [] }, calendar).filter((o) => o.step === '1.2');
    // 18:00 on Monday in Kamchatka (UTC+12) is 06:00 UTC.
    expect(ob!.dueAt).toBe('2026-11-30T06:00:00.000Z');
  });

  it('«10 working days ahead» from a Friday before a holiday skips the holiday', () => {
    expect(calendar.nextWorkingDays('2026-05-08', 10)).toEqual([
      '2026-05-08', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15', '2026-05-18', '2026-05-19', '2026-05-20', '2026-05-21', '2026-05-22',
    ]);
    expect(calendar.nextWorkingDays('2025-12-26', 4)).toEqual(['2025-12-26', '2025-12-29', '2025-12-30', '2026-01-12']);
  });

  it('a changed schedule moves open obligations only and cancels dropped steps', () => {
    const v1 = campaignObligations(schedule([{ step: '1.1', due: { date: '2026-12-01' } }, { step: '1.2', due: { date: '2026-12-02' } }, { step: '1.3', due: { date: '2026-12-03' } }]), region('77'), { mos: [], smos: [] }, calendar);
    const stored: Obligation[] = v1.map((o) => (o.step === '1.2' ? { ...o, state: 'MET', metAt: '2026-12-01T10:00:00Z' } : o));
    const v2 = campaignObligations(schedule([{ step: '1.1', due: { date: '2026-12-04' } }, { step: '1.2', due: { date: '2026-12-05' } }]), region('77'), { mos: [], smos: [] }, calendar);
    const changes = planChanges(v2, stored);
    expect(changes.map((c) => [c.kind, c.obligation.step])).toEqual([['move', '1.1'], ['cancel', '1.3']]);
    const moved = changes[0]!.obligation;
    expect(moved.dueDate).toBe('2026-12-04');
    expect(moved.dueAt).toBe('2026-12-04T21:00:00.000Z');
    expect(planChanges(v1, v1)).toEqual([]);
  });
});

describe('daily hospitalization duties at 09:00 on each region’s own clock', () => {
  const regions = ['39', '77', '54', '41'];
  const mos = [mo('391001', '39'), mo('771001', '77'), mo('541001', '54'), mo('411001', '41'), mo('771999', '77', { dayHospital: false, primaryCare: false, specializedInpatient: false })];
  const forDate = '2026-11-23';

  function setup() {
    const repo = new MemoryObligations();
    for (const r of regions) repo.add(...dailyObligations(region(r), forDate, mos));
    return repo;
  }
  const run = (repo: MemoryObligations, at: string, facts: Map<string, Fact> = new Map()) =>
    Promise.all(regions.map((r) => evaluateRegion(r, new Date(at), { repo, facts: factsFrom(facts), notify: repo })));
  const overdue = (repo: MemoryObligations) => [...repo.obligations.values()].filter((o) => o.state === 'OVERDUE').map((o) => o.party.code).sort();

  it('binds only MOs with day-hospital, inpatient or primary care, due 09:00 local the next day', () => {
    const repo = setup();
    const due = Object.fromEntries([...repo.obligations.values()].map((o) => [o.party.code, o.dueAt]));
    expect(due).toEqual({
      '391001': '2026-11-24T07:00:00.000Z', // Kaliningrad UTC+2
      '771001': '2026-11-24T06:00:00.000Z', // Moscow UTC+3
      '541001': '2026-11-24T02:00:00.000Z', // Novosibirsk UTC+7
      '411001': '2026-11-23T21:00:00.000Z', // Kamchatka UTC+12: the previous UTC day
    });
  });

  it('flags each region when its own clock passes 09:00, on the same UTC day, once', async () => {
    const repo = setup();
    await run(repo, '2026-11-23T20:59:00Z');
    expect(overdue(repo)).toEqual([]);
    await run(repo, '2026-11-23T21:00:00Z');
    expect(overdue(repo)).toEqual(['411001']);
    await run(repo, '2026-11-24T01:59:59Z');
    expect(overdue(repo)).toEqual(['411001']);
    await run(repo, '2026-11-24T02:00:00Z');
    expect(overdue(repo)).toEqual(['411001', '541001']);
    await run(repo, '2026-11-24T06:00:00Z');
    expect(overdue(repo)).toEqual(['411001', '541001', '771001']);
    await run(repo, '2026-11-24T07:00:00Z');
    expect(overdue(repo)).toEqual(['391001', '411001', '541001', '771001']);
    // Four violations, each to the MO and its TFOMS; re-running at the same instant adds nothing.
    expect(repo.violations.size).toBe(4);
    expect(repo.sent.map((n) => n.to).sort()).toEqual(['39', '391001', '41', '411001', '54', '541001', '77', '771001']);
    await run(repo, '2026-11-24T07:00:00Z');
    await run(repo, '2026-11-24T07:15:00Z');
    expect(repo.violations.size).toBe(4);
    expect(repo.sent).toHaveLength(8);
    expect(repo.violations.get('h.2026-11-23.411001')!.dueLabel).toBe('24.11.2026 09:00 (Asia/Kamchatka)');
  });

  it('on time, late and never: MET before 09:00, MET_LATE resolves the violation, a 72-hour violation escalates to FOMS once', async () => {
    const repo = setup();
    const facts = new Map<string, Fact>([['h.2026-11-23.771001', { status: 'met', at: '2026-11-24T05:59:00Z', evidence: 'принято' }]]);
    await run(repo, '2026-11-24T08:00:00Z', facts);
    expect(repo.state('h.2026-11-23.771001')).toBe('MET');
    expect(repo.state('h.2026-11-23.391001')).toBe('OVERDUE');
    facts.set('h.2026-11-23.391001', { status: 'met', at: '2026-11-24T08:30:00Z', evidence: 'принято с опозданием' });
    await run(repo, '2026-11-24T08:45:00Z', facts);
    expect(repo.state('h.2026-11-23.391001')).toBe('MET_LATE');
    expect(repo.violations.get('h.2026-11-23.391001')!.resolvedAt).toBe('2026-11-24T08:30:00Z');
    // Kamchatka never sends: 72 hours after 09:00 local the violation goes up to FOMS, once.
    await run(repo, '2026-11-26T20:59:00Z', facts);
    expect(repo.sent.filter((n) => n.kind === 'escalation')).toEqual([]);
    await run(repo, '2026-11-26T21:00:00Z', facts);
    await run(repo, '2026-11-26T21:15:00Z', facts);
    const escalations = repo.sent.filter((n) => n.kind === 'escalation');
    // Kamchatka's 72 hours are up; Novosibirsk's (due 5 hours later) are not yet.
    expect(escalations.map((n) => [n.to, n.obligationId])).toEqual([['FOMS', 'h.2026-11-23.411001']]);
    expect(escalations[0]!.text).toContain('не исполнено более 72 ч после срока');
    // After a week a missed day stops being re-checked, still overdue.
    await run(repo, '2026-12-01T00:00:00Z', facts);
    expect(repo.obligations.get('h.2026-11-23.411001')).toMatchObject({ state: 'OVERDUE', open: false });
  });

  it('a blocked duty is not the party’s fault; one that does not apply is cancelled', async () => {
    const repo = new MemoryObligations();
    const s = schedule([{ step: '2.2', party: 'MO', metBy: 'mo-file-returned', batch: '12', due: { date: '2026-12-05' } }]);
    repo.add(...campaignObligations(s, region('39'), { mos: ['391001', '391002'], smos: [] }, calendar));
    const facts = (ob: Obligation): Fact =>
      ob.party.code === '391001' ? { status: 'blocked', evidence: 'файлы не сформированы' } : { status: 'not-applicable', evidence: 'нет лиц' };
    await evaluateRegion('39', new Date('2026-12-06T00:00:00Z'), { repo, facts: factsFrom(facts), notify: repo });
    expect(repo.state('c.test.2.2.39.391001')).toBe('OPEN');
    expect(repo.state('c.test.2.2.39.391002')).toBe('CANCELLED');
    expect(repo.violations.size).toBe(0);
  });

  it('three violations of one organization within 30 days escalate without waiting 72 hours', async () => {
    const repo = new MemoryObligations();
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) repo.add(...dailyObligations(region('77'), day, [mo('771001', '77')]));
    const deps = { repo, facts: factsFrom(new Map()), notify: repo };
    await evaluateRegion('77', new Date('2026-11-23T06:00:00Z'), deps); // all three due by now
    expect(repo.violations.size).toBe(3);
    await evaluateRegion('77', new Date('2026-11-23T06:15:00Z'), deps);
    const escalated = [...repo.violations.values()].filter((v) => v.escalatedAt);
    expect(escalated.length).toBe(3);
    expect(escalated.every((v) => v.escalationReason?.includes('3-е нарушение'))).toBe(true);
  });
});
