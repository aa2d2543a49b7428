import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { scheduledEvent } from '../../infra/local/events.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { parseSchedule, shiftSchedule, type CampaignSchedule } from '../../shared/obligations/schedule.js';
import { loadReferenceData, loadShippedSchedule } from '../../shared/reference/load.js';
import { apiOf } from '../support/http.js';
import { loadRegionLists } from '../support/stage1.js';

/**
 * One schedule through the emulators: region 39's lists are loaded, then FOMS creates a campaign with seed 000's letter replayed from
 * 1 March 2027 (2.1 forming on 1 March, 2.2 returns by 5 March, 2.4 registry by 6 March) — its
 * groups are computed on the lists already loaded — and the hourly stage clock forms batch 1–2 on its day. Then FOMS moves
 * step 2.2 to 6 March with PUT …/schedule: the MO's `returnBy`, its 2.2 obligation and the day the
 * clock forms the registry all move together — on 6 March the clock leaves the batch open, on
 * 7 March it forms the registry.
 */
const ref = loadReferenceData();
const REGION = '39';
const ZONE = ref.regions.get(REGION)!.timeZone;
const ID = 'ud-move';
const STAGE = `/v1/campaigns/${ID}/regions/${REGION}/batches/12`;

let stack: LocalStack;
let dataDir: string;
let schedule: CampaignSchedule;
const FOMS: DemoUserRequest = { org: 'FOMS' };
const TFOMS: DemoUserRequest = { org: REGION };
const api = apiOf(() => ({ stack, dataDir }));
const idle = () => stack.waitForIdle({ timeoutMs: 280_000 });

/** The hourly stage clock fired at a local time in the region, then everything drained. */
async function stageClockAt(day: string, time: string) {
  await stack.invoke('stage-clock', scheduledEvent('stage-clock-hourly', new Date(deadlineInstant(day, time, ZONE))));
  await idle();
}

const campaignBody = (over: Record<string, unknown> = {}) => ({
  id: ID,
  name: 'Углубленная диспансеризация 2027 (перенос срока)',
  referenceDate: '2026-12-01',
  examWindow: { from: '2027-03-08', to: '2027-09-30' },
  batches: ['12', '34'],
  schedule,
  ...over,
});

describe('one schedule: FOMS creates a campaign, moves step 2.2, and the work moves with the obligation', { timeout: 300_000 }, () => {
  let mo: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-campaigns-'));
    process.env.OMS_REGION_SHARDS = '2';
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    const seed = parseSchedule(loadShippedSchedule('ud-2021'));
    if (!seed.ok) throw new Error(seed.errors.join('; '));
    schedule = shiftSchedule(seed.schedule, 2085, ID); // 2021-06-15 → 2027-03-01
    // Campaigns are cached 1 s here (60 s by default): the recompute asked for at creation waits that long.
    process.env.OMS_CAMPAIGN_CACHE_MS = '1000';
    await loadRegionLists({ stack, s3: new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials }), ref, region: REGION, rows: 300, seed: 2027, referenceDate: '2026-12-01' });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('POST /v1/campaigns: only FOMS; bad input is a 400 in Russian naming the field; a taken id is 409', async () => {
    expect((await api(TFOMS, 'POST', '/v1/campaigns', campaignBody())).status).toBe(403);
    const noName = await api(FOMS, 'POST', '/v1/campaigns', campaignBody({ name: undefined }));
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toMatch(/^Поле name: /);
    const noReturn = await api(FOMS, 'POST', '/v1/campaigns', campaignBody({ schedule: { ...schedule, steps: schedule.steps.filter((s) => s.step !== '2.2') } }));
    expect(noReturn.status).toBe(400);
    expect(noReturn.body.error.message).toContain('партия 12: нет пункта со сроком «x.2 возврат файлов МО');
    for (const body of [null, [], 'x', { ...campaignBody(), schedule: [] }, campaignBody({ batches: [] })]) {
      expect((await api(FOMS, 'POST', '/v1/campaigns', body)).status, JSON.stringify(body)?.slice(0, 40)).toBe(400);
    }
    const seed = await api(FOMS, 'POST', '/v1/campaigns', campaignBody({ id: 'ud-2021', schedule: { ...schedule, campaignId: 'ud-2021' } }));
    expect(seed.status).toBe(409);
    expect(seed.body.error.message).toContain('уже существует');
    expect((await api(FOMS, 'GET', '/v1/campaigns/nope')).status).toBe(404);
  });

  it('FOMS creates the campaign: its schedule is version 1, every region is planned, everybody reads its dates', async () => {
    const made = await api(FOMS, 'POST', '/v1/campaigns', campaignBody());
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      id: ID,
      active: true,
      regionsPlanned: ref.regions.size,
      schedule: { source: 'loaded', version: 1 },
      plan: { batches: { '12': { formOn: '2027-03-01', returnBy: '2027-03-05', registryBy: '2027-03-06', checkBy: '2027-03-07' } } },
    });
    expect(made.body.createdBy).toBeUndefined(); // a СНИЛС is not shown to every reader
    expect((await api(FOMS, 'POST', '/v1/campaigns', campaignBody())).status).toBe(409);
    await idle();
    const list = await api({ org: '390005' }, 'GET', '/v1/campaigns');
    expect(list.status).toBe(200);
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).toEqual(['ud-2021', 'ud-2026', ID]);
    expect((await api(TFOMS, 'GET', `/v1/campaigns/${ID}/schedule`)).body.version).toBe(1);
    // The region's lists were loaded before the campaign existed: creating it computes its groups.
    const summary = async () => (await api(TFOMS, 'GET', `/v1/campaigns/${ID}/regions/${REGION}/summary`)).body;
    for (let i = 0; i < 30 && !(await summary()).computed; i++) await new Promise((r) => setTimeout(r, 1000));
    await idle();
    expect(await summary()).toMatchObject({ computed: true, persons: 300 });
  });

  it('on 1 March (2.1) the stage clock forms batch 1–2; the MO is shown 5 March, its 2.2 obligation is due then', async () => {
    await stageClockAt('2027-02-28', '12:00');
    expect((await api(TFOMS, 'GET', STAGE)).body.state).toBe('NOT_STARTED');
    await stageClockAt('2027-03-01', '00:30');
    const stage = await api(TFOMS, 'GET', STAGE);
    expect(stage.body).toMatchObject({ state: 'FORMING', schedule: { formOn: '2027-03-01', returnBy: '2027-03-05' } });
    expect(stage.body.history[0]).toMatchObject({ action: 'start', by: 'schedule' });
    mo = ((await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos as Array<{ mo: string; status: string }>).find((m) => m.status === 'FORMED')!.mo;
    const file = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/abonent-files`)).body.files.find((f: { campaignId: string }) => f.campaignId === ID);
    expect(file).toMatchObject({ returnBy: '2027-03-05', acceptsReturns: true });
    const duty = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/obligations`)).body.obligations.find((o: { id: string }) => o.id === `c.${ID}.2.2.${REGION}.${mo}`);
    expect(duty).toMatchObject({ state: 'OPEN', dueDate: '2027-03-05', dueAt: deadlineInstant('2027-03-05', '24:00', ZONE) });
  });

  it('FOMS moves 2.2 to 6 March: the MO’s returnBy, its obligation and the clock’s registry day move together', async () => {
    const moved = { ...schedule, steps: schedule.steps.map((s) => (s.step === '2.2' ? { ...s, due: { date: '2027-03-06', time: '24:00' } } : s)) };
    const loaded = await api(FOMS, 'PUT', `/v1/campaigns/${ID}/schedule`, moved);
    expect(loaded.status).toBe(201);
    expect(loaded.body.version).toBe(2);
    await idle();

    const file = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/abonent-files`)).body.files.find((f: { campaignId: string }) => f.campaignId === ID);
    expect(file.returnBy).toBe('2027-03-06');
    const duty = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/obligations`)).body.obligations.find((o: { id: string }) => o.id === `c.${ID}.2.2.${REGION}.${mo}`);
    expect(duty).toMatchObject({ state: 'OPEN', dueDate: '2027-03-06', dueAt: deadlineInstant('2027-03-06', '24:00', ZONE) });
    expect((await api(TFOMS, 'GET', `/v1/campaigns/${ID}`)).body).toMatchObject({ schedule: { source: 'loaded', version: 2 }, plan: { batches: { '12': { returnBy: '2027-03-06' } } } });

    // On 6 March the old schedule would have formed the registry (its 2.2 day was over); the moved one keeps collecting files.
    await stageClockAt('2027-03-06', '12:00');
    expect((await api(TFOMS, 'GET', STAGE)).body).toMatchObject({ state: 'FORMING', schedule: { returnBy: '2027-03-06' } });
    // Once 6 March is over on Kaliningrad's clock, the registry is formed by the schedule.
    await stageClockAt('2027-03-07', '00:30');
    const stage = await api(TFOMS, 'GET', STAGE);
    expect(stage.body.state).toBe('REGISTRY_OPEN');
    expect(stage.body.history.at(-1)).toMatchObject({ action: 'form-registry', by: 'schedule' });
    // A schedule that would move 2.2 past the registry day (2.4, 6 March) is refused: the batch must stay in order.
    const past = { ...schedule, steps: schedule.steps.map((s) => (s.step === '2.2' ? { ...s, due: { date: '2027-03-09', time: '24:00' } } : s)) };
    const refused = await api(FOMS, 'PUT', `/v1/campaigns/${ID}/schedule`, past);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('партия 12: срок «x.4 формирование реестра (registry-open)» (2027-03-06) раньше предыдущего этапа');
  });
});
