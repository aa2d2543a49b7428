import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { scheduledEvent } from '../../infra/local/events.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { localDate } from '../../shared/domain/time.js';
import { parseSchedule, shiftSchedule, daysBetween, type CampaignSchedule } from '../../shared/obligations/schedule.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { fillAbonentWorkbook } from '../../infra/local/testdata/abonent-fill.js';
import { readXlsxRows } from '../../shared/files/xlsx.js';
import { dueInstantOf } from '../../shared/hospitalization/day.js';
import { obligationsOf } from '../../shared/hospitalization/submission.js';
import { complianceReportKey } from '../../shared/hospitalization/keys.js';
import { obligatedMosOf } from '../../shared/services/hospitalization/compliance.js';
import { submitJson } from '../../shared/services/hospitalization/submissions.js';
import { loadRegionLists } from '../support/stage1.js';
import { apiOf } from '../support/http.js';

/**
 * Obligations through the emulators: FOMS loads seed 000's schedule (its letter replayed for the
 * demo campaign, dates moved so that 2.1 falls today in Kaliningrad) → the stage-1 lists, forming
 * and some returns happen for real → the clock is advanced past stage deadlines by invoking the
 * 15-minute schedule with a chosen time → the MOs that did not return and the TFOMS get violations
 * and notifications, those on time do not; re-running changes nothing; FOMS moves a step. Then the
 * daily hospitalization duty in Kamchatka (UTC+12): some MOs submit, one late, others not → at
 * 09:00 on Kamchatka's clock the missing ones are flagged and the TFOMS gets the day's report.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const REGION = '39';
const ZONE = ref.regions.get(REGION)!.timeZone;
const STAGE = `/v1/campaigns/${campaign.id}/regions/${REGION}/batches/12`;

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;
let today: string;
let schedule: CampaignSchedule;

type Caller = DemoUserRequest;
const FOMS: Caller = { org: 'FOMS' };
const TFOMS: Caller = { org: REGION };

const api = apiOf(() => ({ stack, dataDir }));

const idle = () => stack.waitForIdle({ timeoutMs: 280_000 });
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** The 15-minute schedule fired at a chosen instant, then every region's evaluation drained. */
async function tick(at: string) {
  await stack.invoke('obligations-clock', scheduledEvent('obligations-every-15-min', new Date(at)));
  await idle();
}

async function regionObligations(): Promise<Map<string, any>> {
  const open = await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations`);
  expect(open.status).toBe(200);
  const months = new Set<string>([today.slice(0, 7), plusDays(today, 10).slice(0, 7), plusDays(today, -10).slice(0, 7)]);
  const all = [...open.body.obligations];
  for (const month of months) all.push(...(await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations?month=${month}`)).body.obligations);
  return new Map(all.filter((o: any) => o.kind === 'campaign-step').map((o: any) => [`${o.step}/${o.party.code}`, o]));
}

describe('obligations of the campaign schedule through the emulators', { timeout: 300_000 }, () => {
  const returned: string[] = [];
  const notReturned: string[] = [];
  const empty: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-obligations-'));
    process.env.OMS_REGION_SHARDS = '2';
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    today = localDate(new Date(), ZONE);
    // Seed 000 as written, moved so that 2.1 («15.06.2021») is today on the region's clock.
    const seed = parseSchedule(JSON.parse(readFileSync(new URL('../../shared/reference/data/schedules/ud-2021.json', import.meta.url), 'utf8')));
    if (!seed.ok) throw new Error(seed.errors.join('; '));
    schedule = shiftSchedule(seed.schedule, daysBetween('2021-06-15', today), campaign.id);

    await loadRegionLists({ stack, s3, ref, region: REGION, rows: 500, seed: 39, referenceDate: campaign.referenceDate });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('FOMS loads seed 000’s schedule: every region’s TFOMS, FOMS, MO and SMO duties are planned; nobody else may load it', async () => {
    expect((await api(TFOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, schedule)).status).toBe(403);
    const bad = await api(FOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, { ...schedule, steps: [{ ...schedule.steps[1], due: { date: '2026-02-30' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('steps.0.due');

    const loaded = await api(FOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, schedule);
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({ version: 1, regionsPlanned: ref.regions.size });
    await idle();
    const obligations = await regionObligations();
    const mos = [...ref.mos.values()].filter((m) => m.region === REGION).map((m) => m.code);
    const smos = [...ref.smos.values()].filter((s) => s.region === REGION).map((s) => s.code);
    expect(obligations.size).toBe(16 + 2 * mos.length + 2 * smos.length);
    expect(obligations.get('2.2/' + mos[0])).toMatchObject({ state: 'OPEN', dueDate: plusDays(today, 4), dueTime: '24:00', dueAt: deadlineInstant(plusDays(today, 4), '24:00', ZONE) });
    expect(obligations.get(`2.4/FOMS`)!.party).toEqual({ type: 'FOMS', code: 'FOMS' });
    // Loading the same schedule again is a new version that changes no obligation.
    expect((await api(FOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, schedule)).body.version).toBe(2);
    await idle();
    const again = await regionObligations();
    expect([...again.values()].map((o) => [o.id, o.version])).toEqual([...obligations.values()].map((o) => [o.id, o.version]));
  });

  it('the stage happens for real: FOMS confirms 1.5, the TFOMS forms batch 1–2, two MOs return their files', async () => {
    // FOMS may reach the TFOMS's obligations, but only the TFOMS confirms its own 1.6.
    const foreign = await api(FOMS, 'POST', `/v1/orgs/${REGION}/obligations/c.${campaign.id}.1.6.${REGION}.${REGION}/confirm`, { note: 'списки проверены' });
    expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'NOT_OWN_OBLIGATION']);
    expect(foreign.body.error.message).toContain('подтвердить его может только эта организация');
    const confirm = await api(FOMS, 'POST', `/v1/orgs/FOMS/obligations/c.${campaign.id}.1.5.${REGION}.FOMS/confirm`, { note: 'Письмо с параметрами подключения направлено' });
    expect(confirm.status).toBe(200);
    expect(confirm.body.state).toBe('MET');
    expect((await api(TFOMS, 'POST', `/v1/orgs/${REGION}/obligations/c.${campaign.id}.2.1.${REGION}.${REGION}/confirm`, { note: 'сделано' })).status).toBe(409);

    expect((await api(TFOMS, 'POST', `${STAGE}/forming`)).status).toBe(202);
    await idle();
    const mos = (await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos as Array<{ mo: string; status: string; rows?: number }>;
    const formed = mos.filter((m) => m.status === 'FORMED').sort((a, b) => (b.rows ?? 0) - (a.rows ?? 0));
    expect(formed.length).toBeGreaterThanOrEqual(4);
    empty.push(...mos.filter((m) => m.status === 'EMPTY').map((m) => m.mo));
    for (const { mo } of formed.slice(0, 2)) {
      const file = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/abonent-files`)).body.files[0];
      const url = (await api({ org: mo }, 'GET', `/v1/orgs/${mo}/abonent-files/${file.fileId}/download`)).body.url;
      const filled = await fillAbonentWorkbook(Buffer.from(await (await fetch(url)).arrayBuffer()), campaign.plan!.examWindow);
      const grant = await api({ org: mo }, 'POST', `/v1/orgs/${mo}/abonent-files/${file.fileId}/returns`, { size: filled.length });
      expect((await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body: filled })).status).toBe(200);
      returned.push(mo);
    }
    await idle();
    notReturned.push(...formed.slice(2).map((m) => m.mo));
  });

  it('past the 2.2/2.3 deadline: late MOs and the TFOMS get violations and notifications, the MOs on time do not; re-running changes nothing', async () => {
    // One minute after «до <today+4>» ended in Kaliningrad; 2.4 (FOMS, today+5) is not due yet.
    const after = new Date(Date.parse(deadlineInstant(plusDays(today, 4), '24:00', ZONE)) + 60_000).toISOString();
    await tick(after);
    const obligations = await regionObligations();
    const state = (key: string) => obligations.get(key)?.state;
    // Stage 1 facts: the export came after 1.2's date (late), the lists were computed in time.
    expect(state(`1.2/${REGION}`)).toBe('MET_LATE');
    expect(state('1.3/FOMS')).toBe('MET_LATE');
    expect(state('1.4/FOMS')).toBe('MET');
    expect(state('1.5/FOMS')).toBe('MET');
    expect(state(`1.6/${REGION}`)).toBe('OVERDUE');
    expect(state(`2.1/${REGION}`)).toBe('MET');
    for (const mo of returned) expect(state(`2.2/${mo}`), mo).toBe('MET');
    for (const mo of notReturned) expect(state(`2.2/${mo}`), mo).toBe('OVERDUE');
    for (const mo of empty) expect(state(`2.2/${mo}`), mo).toBe('CANCELLED');
    expect(state(`2.3/${REGION}`)).toBe('OVERDUE');
    expect(obligations.get(`2.3/${REGION}`)!.evidence).toContain(notReturned[0]);
    expect(state('2.4/FOMS')).toBe('OPEN');
    expect(state(`3.2/${returned[0]}`)).toBe('OPEN');

    const violations = async () =>
      ((await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`)).body.violations as any[]).filter((v) => v.obligationId.startsWith('c.')).map((v) => v.obligationId).sort();
    const expected = [`1.6.${REGION}.${REGION}`, `2.3.${REGION}.${REGION}`, ...notReturned.map((mo) => `2.2.${REGION}.${mo}`)].map((s) => `c.${campaign.id}.${s}`).sort();
    expect(await violations()).toEqual(expected);

    // The late MO hears of it (and its TFOMS); an MO on time hears nothing; nobody reads another MO's list.
    const late = notReturned[0]!;
    const notes = (await api({ org: late }, 'GET', `/v1/orgs/${late}/notifications`)).body.notifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'violation', to: late, obligationId: `c.${campaign.id}.2.2.${REGION}.${late}` });
    expect(notes[0].text).toMatch(/не возвращён/);
    expect((await api({ org: returned[0]! }, 'GET', `/v1/orgs/${returned[0]}/notifications`)).body.notifications).toEqual([]);
    expect((await api({ org: returned[0]! }, 'GET', `/v1/orgs/${late}/notifications`)).status).toBe(403);
    const tfomsNotes = (await api(TFOMS, 'GET', `/v1/orgs/${REGION}/notifications`)).body.notifications.filter((n: any) => n.obligationId.startsWith('c.'));
    expect(tfomsNotes.map((n: any) => n.obligationId).sort()).toEqual(expected);
    // The outbox keeps a readable copy of each.
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: stack.endpoints.s3.buckets.outbox, Prefix: `notifications/${late}/` }));
    expect(listed.Contents?.length).toBe(1);
    const copy = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: stack.endpoints.s3.buckets.outbox, Key: listed.Contents![0]!.Key! }))).Body!.transformToString());
    expect(copy.id).toBe(notes[0].id);

    // The same tick again, and the next one: no new violation, no new notification.
    await tick(after);
    await tick(new Date(Date.parse(after) + 15 * 60_000).toISOString());
    expect(await violations()).toEqual(expected);
    expect((await api({ org: late }, 'GET', `/v1/orgs/${late}/notifications`)).body.notifications).toHaveLength(1);
  });

  it('FOMS moves a step: the open obligation moves, decided ones stay as they are', async () => {
    const moved = { ...schedule, steps: schedule.steps.map((s) => (s.step === '2.4' ? { ...s, due: { date: plusDays(today, 6), time: '12:00' } } : s)) };
    const loaded = await api(FOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, moved);
    expect(loaded.status).toBe(201);
    await idle();
    const obligations = await regionObligations();
    expect(obligations.get('2.4/FOMS')).toMatchObject({ state: 'OPEN', dueDate: plusDays(today, 6), dueTime: '12:00', dueAt: deadlineInstant(plusDays(today, 6), '12:00', ZONE) });
    expect(obligations.get(`2.2/${notReturned[0]}`)!.state).toBe('OVERDUE');
    expect(obligations.get(`2.2/${returned[0]}`)!.state).toBe('MET');
  });
  it('daily hospitalization in Kamchatka: at 09:00 local the MOs without an accepted day are flagged, the report lists everybody; re-running changes nothing', async () => {
    const H = '41';
    const zone = ref.regions.get(H)!.timeZone;
    const day = '2026-11-19';
    const due = dueInstantOf(day, zone);
    expect(due).toBe('2026-11-19T21:00:00.000Z'); // 20.11.2026 09:00 Petropavlovsk-Kamchatsky
    const shifted = (minutes: number) => new Date(Date.parse(due) + minutes * 60_000);
    const mos = await obligatedMosOf(H, day);
    expect(mos.length).toBeGreaterThanOrEqual(5);
    const [onTime, late, rejected] = mos as [(typeof mos)[0], (typeof mos)[0], (typeof mos)[0]];
    const silent = mos.slice(3).map((m) => m.code);
    // A complete day: every section the MO is bound by (§263, §264), here with nothing to report.
    const dayOf = (mo: (typeof mos)[0]) => ({ mo: mo.code, forDate: day, ...Object.fromEntries(obligationsOf(mo).sections.map((s) => [s, []])) });
    const incomplete = (mo: (typeof mos)[0]) => ({ mo: mo.code, forDate: day });
    expect((await submitJson({ mo: onTime, body: dayOf(onTime), at: shifted(-120) })).status).toBe('ACCEPTED');
    expect((await submitJson({ mo: late, body: incomplete(late), at: shifted(-60) })).status).toBe('REJECTED');
    expect((await submitJson({ mo: rejected, body: incomplete(rejected), at: shifted(-30) })).status).toBe('REJECTED');

    const daily = async () => {
      const open = (await api({ org: H }, 'GET', `/v1/regions/${H}/obligations`)).body.obligations;
      const done = (await api({ org: H }, 'GET', `/v1/regions/${H}/obligations?month=2026-11`)).body.obligations;
      return new Map<string, string>([...open, ...done].filter((o: any) => o.forDate === day).map((o: any) => [o.party.code, o.state]));
    };
    const violations = async () =>
      ((await api({ org: H }, 'GET', `/v1/regions/${H}/violations`)).body.violations as any[])
        .filter((v) => v.obligationId.startsWith(`h.${day}.`))
        .map((v) => [v.party.code, Boolean(v.resolvedAt)])
        .sort();
    const violationNotes = async (org: string) =>
      ((await api({ org }, 'GET', `/v1/orgs/${org}/notifications`)).body.notifications as any[]).filter((n) => n.kind === 'violation' && n.obligationId.startsWith(`h.${day}.`));

    // 09:01 in Kamchatka (still the 19th in Kaliningrad): the day is planned and judged at once.
    await tick(shifted(1).toISOString());
    const states = await daily();
    expect(states.size).toBe(mos.length);
    expect(states.get(onTime.code)).toBe('MET');
    for (const mo of [late.code, rejected.code, ...silent]) expect(states.get(mo), mo).toBe('OVERDUE');
    const flagged = [late.code, rejected.code, ...silent].sort();
    expect(await violations()).toEqual(flagged.map((mo) => [mo, false]));
    expect(await violationNotes(onTime.code)).toEqual([]);
    expect((await violationNotes(rejected.code)).map((n) => n.obligationId)).toEqual([`h.${day}.${rejected.code}`]);
    expect((await violationNotes(H)).map((n) => n.to === H && n.obligationId.split('.').at(-1)).sort()).toEqual(flagged);

    // The TFOMS's report of the day, published by the same tick: every obligated MO, with its status.
    const report = await s3.send(new GetObjectCommand({ Bucket: stack.endpoints.s3.buckets.outbox, Key: complianceReportKey(H, day) }));
    const rows: string[][] = [];
    for await (const row of readXlsxRows(report.Body as Readable)) rows.push(row);
    const status = new Map(rows.slice(1).map((r) => [r[0], r[4]]));
    expect(status.size).toBe(mos.length);
    expect(status.get(onTime.code)).toBe('в срок');
    for (const mo of [late.code, rejected.code, ...silent]) expect(status.get(mo), mo).toBe('нет сведений');

    // The late MO's day arrives at 09:30: met late, its violation resolved; the report on demand says so.
    expect((await submitJson({ mo: late, body: dayOf(late), at: shifted(30) })).status).toBe('ACCEPTED');
    await tick(shifted(31).toISOString());
    expect((await daily()).get(late.code)).toBe('MET_LATE');
    const resolved = flagged.map((mo) => [mo, mo === late.code]);
    expect(await violations()).toEqual(resolved);
    const onDemand = await api({ org: H }, 'GET', `/v1/regions/${H}/hospitalization/compliance?date=${day}`);
    expect(onDemand.body.counts).toEqual({ 'в срок': 1, 'с опозданием': 1, 'нет сведений': mos.length - 2 });

    // Re-running both ticks changes nothing: no second violation, no second notification.
    const before = await daily();
    await tick(shifted(1).toISOString());
    await tick(shifted(31).toISOString());
    expect(await daily()).toEqual(before);
    expect(await violations()).toEqual(resolved);
    expect(await violationNotes(rejected.code)).toHaveLength(1);
    expect((await violationNotes(H)).length).toBe(flagged.length);
  });
});
