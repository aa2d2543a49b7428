import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { scheduledEvent } from '../../infra/local/events.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { createObligation } from '../../shared/adapters/store/obligations.js';
import { addDays } from '../../shared/domain/groups.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import type { Obligation } from '../../shared/obligations/model.js';
import { localDate } from '../../shared/domain/time.js';
import { dueInstantOf } from '../../shared/hospitalization/day.js';
import { makeSnils } from '../../shared/identifiers/snils.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { generateInsured, INSURED_COLUMNS } from '../../infra/local/testdata/generator.js';
import { apiOf } from '../support/http.js';
import { protocolRows } from '../support/stage1.js';

/**
 * Issue 12 item 3 through the emulators, region 41 (Kamchatka, UTC+12): the registry versioned by
 * accepted A-notifications is the one ФЛК and the daily hospitalization duties read. A new MO's
 * inclusion makes its code pass R012 in the next export (it failed before); an exclusion ends the
 * MO's daily duties and its rows in the compliance report from the effective date, and only from it.
 */
const ref = loadReferenceData();
const REGION = '41';
const ZONE = ref.regions.get(REGION)!.timeZone;
const NEW_MO = '419001';
const EXCLUDED = '410002'; // a polyclinic: primary care and a day hospital, so §263 and §264
const MO_COLUMN = INSURED_COLUMNS.indexOf('MO');

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;
let today: string;

const api = apiOf(() => ({ stack, dataDir }));
const TFOMS: DemoUserRequest = { org: REGION };
const idle = () => stack.waitForIdle({ timeoutMs: 280_000 });

/** An A-notification of the MO's head, taken draft → sent, then accepted by the TFOMS. */
async function notifyAccepted(payload: { type: string; mo: string; effectiveDate: string; data?: unknown }) {
  const head: DemoUserRequest = { org: payload.mo };
  const base = `/v1/orgs/${payload.mo}/documents/A`;
  const created = await api(head, 'POST', base, { payload });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.effects.refused).toBeUndefined();
  for (const step of ['approve', 'sign', 'send']) expect((await api(head, 'POST', `${base}/${created.body.docId}/${step}`)).status).toBe(200);
  const decided = await api(TFOMS, 'POST', `${base}/${created.body.docId}/decision`, { decision: 'accepted' });
  expect([decided.status, decided.body.status]).toEqual([200, 'accepted']);
  return created.body.docId as string;
}

/** An insured export of the region whose first row names `mo`, through the inbox; the file as listed. */
async function sendExport(name: string, seed: number, mo: string) {
  const rows = [...generateInsured({ region: REGION, rows: 3, seed, ref })].map((g) => g.fields);
  rows[0]![MO_COLUMN] = mo;
  const body = iconv.encode([INSURED_COLUMNS.join(';'), ...rows.map((r) => r.join(';'))].join('\r\n') + '\r\n', 'win1251');
  await s3.send(new PutObjectCommand({ Bucket: stack.endpoints.s3.buckets.inbox, Key: `${REGION}/insured/${name}`, Body: body }));
  await idle();
  const file = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/files`)).body.files.find((f: any) => f.name === name);
  const protocol = await protocolRows(stack, s3, file.protocolCsvKey);
  return { file, enp: rows[0]![0]!, findings: protocol.map((r) => `${r['Строка']}:${r['Код']}:${r['Поле']}`) };
}

/** The 15-minute schedule fired at a chosen instant, then every region's evaluation drained. */
async function tick(at: Date) {
  await stack.invoke('obligations-clock', scheduledEvent('obligations-every-15-min', at));
  await idle();
}

/** Daily duties of a day by MO → state, open and closed. */
async function dutiesOf(day: string): Promise<Map<string, string>> {
  const open = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations`)).body.obligations;
  const done = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations?month=${day.slice(0, 7)}`)).body.obligations;
  return new Map([...open, ...done].filter((o: any) => o.forDate === day).map((o: any) => [o.party.code, o.state]));
}

async function violatorsOf(day: string): Promise<string[]> {
  const all = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`)).body.violations as any[];
  return all.filter((v) => v.obligationId.startsWith(`h.${day}.`)).map((v) => v.party.code).sort();
}

async function reportedOn(day: string): Promise<string[]> {
  const report = await api(TFOMS, 'GET', `/v1/regions/${REGION}/hospitalization/compliance?date=${day}`);
  expect(report.status).toBe(200);
  return report.body.rows.map((r: any) => r.mo);
}

describe('one MO registry through the emulators (issue 12, item 3)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-mo-registry-'));
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    today = localDate(new Date(), ZONE);
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an accepted inclusion makes the new MO’s code pass R012 in the next export; before it, R012', async () => {
    expect(ref.mos.has(NEW_MO)).toBe(false);
    const before = await sendExport('before.csv', 1, NEW_MO);
    expect(before.file).toMatchObject({ status: 'PARTIAL', rejectedRows: 1 });
    expect(before.findings).toEqual(['2:R012:MO']);

    // The TFOMS registers the head of an MO that is not in the registry yet: the head is who notifies its inclusion.
    const head = await api(TFOMS, 'POST', `/v1/regions/${REGION}/orgs/${NEW_MO}/head`, { snils: makeSnils('100200401'), fio: 'Новикова Анна Петровна' });
    expect(head.status).toBe(201);
    const data = { name: 'ООО «Клиника Новая»', primaryCare: true, dayHospital: false, specializedInpatient: false };
    const docId = await notifyAccepted({ type: 'include', mo: NEW_MO, effectiveDate: today, data });
    const entry = await api(TFOMS, 'GET', `/v1/regions/${REGION}/mo-registry/${NEW_MO}?date=${today}`);
    expect(entry.body.entry).toMatchObject({ code: NEW_MO, included: true, docId, ...data });

    const after = await sendExport('after.csv', 2, NEW_MO);
    expect(after.file).toMatchObject({ status: 'ACCEPTED', rejectedRows: 0 });
    expect(after.findings.filter((f) => f.includes('R012'))).toEqual([]);
    // Loaded too: the load re-checks the rows on the same registry.
    const person = await api(TFOMS, 'GET', `/v1/regions/${REGION}/persons/${after.enp}`);
    expect([person.status, person.body.person?.mo]).toEqual([200, NEW_MO]);

    // Including it again is refused at the decision: it is in the registry on that date.
    const again = await api({ org: NEW_MO }, 'POST', `/v1/orgs/${NEW_MO}/documents/A`, { payload: { type: 'include', mo: NEW_MO, effectiveDate: today, data } });
    expect(again.body.effects.refused).toContain('уже в реестре');
  });

  it('an accepted exclusion ends the MO’s daily duties and report rows from its effective date, not before', async () => {
    const from = addDays(today, 3);
    const dayBefore = addDays(from, -1);
    const minuteAfterDue = (day: string) => new Date(Date.parse(dueInstantOf(day, ZONE)) + 60_000);

    // 09:01 on the effective date: the day before is judged (nobody submitted), the effective day is planned — the exclusion is not accepted yet.
    await tick(minuteAfterDue(dayBefore));
    expect((await dutiesOf(dayBefore)).get(EXCLUDED)).toBe('OVERDUE');
    expect((await dutiesOf(from)).get(EXCLUDED)).toBe('OPEN');
    expect((await dutiesOf(from)).get(NEW_MO)).toBe('OPEN'); // the MO included today has its duties too

    // A campaign step the MO owes, due after the exclusion takes effect (2.2, return its file).
    const step: Obligation = {
      id: `c.test.2.2.${REGION}.${EXCLUDED}`,
      kind: 'campaign-step',
      region: REGION,
      timeZone: ZONE,
      party: { type: 'MO', code: EXCLUDED },
      title: 'Вернуть заполненный файл абонентского пункта (партия 1–2)',
      metBy: 'mo-file-returned',
      campaignId: 'test',
      step: '2.2',
      batch: '12',
      dueDate: addDays(from, 1),
      dueTime: '24:00',
      dueAt: deadlineInstant(addDays(from, 1), '24:00', ZONE),
      state: 'OPEN',
      version: 1,
    };
    expect(await createObligation(step)).toBe(true);

    const docId = await notifyAccepted({ type: 'exclude', mo: EXCLUDED, effectiveDate: from });

    // 09:01 the next day: the effective day's duty of the excluded MO is cancelled, not violated; no duty after it.
    await tick(minuteAfterDue(from));
    const onTheDay = await dutiesOf(from);
    expect(onTheDay.get(EXCLUDED)).toBe('CANCELLED');
    expect([...onTheDay.entries()].filter(([mo]) => mo !== EXCLUDED).every(([, state]) => state === 'OVERDUE')).toBe(true);
    expect((await dutiesOf(addDays(from, 1))).has(EXCLUDED)).toBe(false);
    const cancelled = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations?month=${from.slice(0, 7)}`)).body.obligations.find(
      (o: any) => o.forDate === from && o.party.code === EXCLUDED,
    );
    expect(cancelled.evidence).toContain(`уведомление ${docId}`);
    // …and so is the campaign step it would have owed after leaving the registry.
    const closed = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations?month=${step.dueDate.slice(0, 7)}`)).body.obligations;
    expect(closed.find((o: any) => o.id === step.id)).toMatchObject({ state: 'CANCELLED', evidence: expect.stringContaining(`уведомление ${docId}`) });

    expect(await violatorsOf(dayBefore)).toContain(EXCLUDED);
    expect(await violatorsOf(from)).not.toContain(EXCLUDED);
    expect(await violatorsOf(from)).toContain(NEW_MO);
    expect(await reportedOn(dayBefore)).toContain(EXCLUDED);
    expect(await reportedOn(from)).not.toContain(EXCLUDED);
    expect(await reportedOn(from)).toContain(NEW_MO);
    const registryOn = async (date: string) => (await api(TFOMS, 'GET', `/v1/regions/${REGION}/mo-registry?date=${date}`)).body;
    expect((await registryOn(dayBefore)).inForce.map((e: any) => e.code)).toEqual(expect.arrayContaining([EXCLUDED, NEW_MO]));
    const onFrom = await registryOn(from);
    expect(onFrom.inForce.map((e: any) => e.code)).not.toContain(EXCLUDED);
    expect(onFrom.excluded).toEqual([expect.objectContaining({ code: EXCLUDED, included: false, docId, effectiveFrom: from })]);
    expect((await api(TFOMS, 'GET', `/v1/regions/${REGION}/mo-registry?date=31.12.2026`)).status).toBe(400);

    // The export of the day still knows the MO (the exclusion is dated later).
    expect((await sendExport('excluded-later.csv', 3, EXCLUDED)).findings.filter((f) => f.includes('R012'))).toEqual([]);
  });
});
