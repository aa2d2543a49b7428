import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { createObligation, createViolation } from '../../shared/adapters/store/obligations.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { dueLabel, type Obligation, type PartyRef } from '../../shared/obligations/model.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { shippedStepObligation, shippedSteps } from '../support/campaign-steps.js';
import { apiOf } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * FOMS's country view and schedule screen through the emulators: the campaign's steps of every
 * region in one call (the funds' own steps from their obligations, the MOs' from the violations),
 * only for FOMS; the schedule in force is the shipped file (version 0) until FOMS loads one, a bad
 * edit is refused in Russian naming the step and field, a good one becomes version 1.
 */
const ref = loadReferenceData();
const CAMPAIGN = 'ud-2026';
const REGION = '39';
const ZONE = ref.regions.get(REGION)!.timeZone;
const STEPS = shippedSteps(CAMPAIGN);
const dueOf = (step: string) => STEPS.find((s) => s.step === step)!.due as { date: string; time: string };

const FOMS: DemoUserRequest = { org: 'FOMS' };
const TFOMS: DemoUserRequest = { org: REGION };
let t: TestStack;
const api = apiOf(() => t);

const obligation = (step: string, party: PartyRef, state: Obligation['state'], metAt?: string) => shippedStepObligation(CAMPAIGN, REGION, step, party, state, metAt);

async function violate(ob: Obligation, evidence: string) {
  await createViolation({ obligationId: ob.id, region: REGION, party: ob.party, title: ob.title, dueAt: ob.dueAt, dueLabel: dueLabel(ob), detectedAt: ob.dueAt, evidence, notified: [] });
}

describe('FOMS: campaign progress by region and the schedule', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    t = await startTestStack('omsflow-progress-');
    const met = obligation('1.3', { type: 'FOMS', code: 'FOMS' }, 'MET', '2026-11-20T09:00:00.000Z');
    const late = obligation('2.1', { type: 'TFOMS', code: REGION }, 'OVERDUE');
    const mo = obligation('2.2', { type: 'MO', code: '390001' }, 'OVERDUE');
    for (const ob of [met, late, mo]) expect(await createObligation(ob)).toBe(true);
    await violate(late, 'Файлы абонентского пункта не сформированы');
    await violate(mo, 'МО 390001 не вернула заполненный файл');
  }, 120_000);

  afterAll(async () => t?.stop());

  it('gives every region’s steps in one call, the region’s late steps overdue with their evidence', async () => {
    await api(FOMS, 'GET', '/v1/me'); // the demo user is registered on first use: not part of the figure
    const started = Date.now();
    const res = await api(FOMS, 'GET', `/v1/campaigns/${CAMPAIGN}/progress`);
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.scheduleVersion).toBe(0);
    expect(res.body.regions).toHaveLength(ref.regions.size);
    expect(ref.regions.size).toBeGreaterThanOrEqual(85);
    const kaliningrad = res.body.regions.find((r: any) => r.region === REGION);
    const steps = Object.fromEntries(kaliningrad.steps.map((s: any) => [s.step, s]));
    expect(steps['1.3']).toMatchObject({ state: 'MET', metAt: '2026-11-20T09:00:00.000Z', party: 'FOMS' });
    expect(steps['2.1']).toMatchObject({ state: 'OVERDUE', party: 'TFOMS', overdue: 1, evidence: 'Файлы абонентского пункта не сформированы', dueAt: deadlineInstant(dueOf('2.1').date, dueOf('2.1').time, ZONE) });
    expect(steps['2.2']).toMatchObject({ state: 'OVERDUE', party: 'MO', overdue: 1, evidence: 'МО 390001 не вернула заполненный файл' });
    // Nothing was recorded in another region: no violation there.
    const other = res.body.regions.find((r: any) => r.region === '41');
    expect(other.steps.every((s: any) => s.overdue === 0 && !s.evidence)).toBe(true);
    expect(other.timeZone).toBe('Asia/Kamchatka');
    expect(other.planned).toBe(false); // the shipped schedule was never loaded: nothing planned there
    console.log(JSON.stringify({ figure: 'campaign-progress-ms', regions: ref.regions.size, ms }));
  });

  it('is FOMS’s only: a TFOMS is refused; an unknown campaign is a Russian 404', async () => {
    expect((await api(TFOMS, 'GET', `/v1/campaigns/${CAMPAIGN}/progress`)).status).toBe(403);
    const unknown = await api(FOMS, 'GET', '/v1/campaigns/nope/progress');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('нет графика');
  });

  it('shows the shipped schedule as version 0, refuses a bad edit naming the step and field, keeps a good one as version 1', async () => {
    const before = await api(FOMS, 'GET', `/v1/campaigns/${CAMPAIGN}/schedule`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ version: 0, source: 'shipped-file', versions: [] });
    expect(before.body.schedule.steps).toHaveLength(STEPS.length);

    const index = STEPS.findIndex((s) => s.step === '2.2');
    const edited = (date: string) => ({ campaignId: CAMPAIGN, source: 'правка ФОМС', steps: STEPS.map((s, i) => (i === index ? { ...s, due: { date, time: '24:00' } } : s)) });
    const bad = await api(FOMS, 'PUT', `/v1/campaigns/${CAMPAIGN}/schedule`, edited('2026-02-30'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(`steps.${index}.due.date: такой даты нет в календаре`);
    expect((await api(FOMS, 'GET', `/v1/campaigns/${CAMPAIGN}/schedule`)).body.version).toBe(0);

    const good = await api(FOMS, 'PUT', `/v1/campaigns/${CAMPAIGN}/schedule`, edited('2026-12-06'));
    expect(good.status).toBe(201);
    expect(good.body.version).toBe(1);
    const after = await api(FOMS, 'GET', `/v1/campaigns/${CAMPAIGN}/schedule`);
    expect(after.body).toMatchObject({ version: 1, source: 'loaded', loadedBy: expect.any(String) });
    expect(after.body.schedule.steps[index].due.date).toBe('2026-12-06');
    expect(after.body.versions).toEqual([{ version: 1, loadedAt: good.body.loadedAt, loadedBy: after.body.loadedBy }]);
    await t.stack.waitForIdle({ timeoutMs: 100_000 });
  });
});
