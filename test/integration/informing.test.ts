import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, type DemoUserRequest } from '../../infra/local/demo-users.js';
import { scheduledEvent } from '../../infra/local/events.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { informingStateOf, registeredSmosOf } from '../../shared/adapters/store/informing.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { localDate } from '../../shared/domain/time.js';
import { daysBetween, parseSchedule, shiftSchedule } from '../../shared/obligations/schedule.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { editWorkbook } from '../support/abonent.js';
import { loadRegionLists } from '../support/stage1.js';
import { apiOf, download, xlsxRows } from '../support/http.js';

/**
 * Stage 4 (seed 000, 4.1–4.5) through the emulators: the TFOMS registers the SMOs of region 54
 * (four in F002; one's work is ended) → stages 2–3 give an approved registry (four MOs return
 * their files) → approval forms one informing file per registered SMO with exactly its persons
 * with a date → each SMO user lists, downloads (XLSX and windows-1251 CSV) through a short signed
 * URL and acknowledges; another SMO is refused → FOMS reopens, an MO returns a corrected file,
 * the registry is approved again → new versions that say exactly what changed.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const window = campaign.plan!.examWindow;
const REGION = '54';
const BATCH = '12';
const STAGE = `/v1/campaigns/${campaign.id}/regions/${REGION}/batches/${BATCH}`;
const SMOS = [...ref.smos.values()].filter((s) => s.region === REGION).map((s) => s.code).sort();
const ENDED = '54010';
const ACTIVE = SMOS.filter((s) => s !== ENDED);
const DAY = 86_400_000;

type Caller = DemoUserRequest;
const TFOMS: Caller = { org: REGION };
const FOMS: Caller = { org: 'FOMS' };
const head = (org: string): Caller => ({ org });

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;

const api = apiOf(() => ({ stack, dataDir }));

const idle = () => stack.waitForIdle({ timeoutMs: 100_000 });

function csvRows(buffer: Buffer): string[][] {
  return iconv
    .decode(buffer, 'win1251')
    .split('\r\n')
    .filter(Boolean)
    .map((l) => l.split(';'));
}

/** What the MO wrote for a row of its file: a planned date and time, or an отметка. */
type Fill = { date: string; time: string } | { mark: string };
const ru = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
const start = Date.parse(`${window.from}T00:00:00Z`);

/** The first return: every fourth row a refusal, the others a date in the window with a time. */
function firstFill(r: number): Fill {
  if (r % 4 === 0) return { mark: 'отказ' };
  return { date: new Date(start + (r % 10) * DAY).toISOString().slice(0, 10), time: `${String(9 + (r % 6)).padStart(2, '0')}:30` };
}

/** The corrected return: refusals become dates (added), every fifth a refusal (removed), every third moved a day. */
function correctedFill(r: number): Fill {
  if (r % 4 === 0) return { date: new Date(start + 20 * DAY).toISOString().slice(0, 10), time: '12:00' };
  if (r % 5 === 0) return { mark: 'отказ' };
  const first = firstFill(r) as { date: string; time: string };
  if (r % 3 === 0) return { ...first, date: new Date(Date.parse(`${first.date}T00:00:00Z`) + DAY).toISOString().slice(0, 10) };
  return first;
}

function writeFill(fill: (r: number) => Fill) {
  return (sheet: import('exceljs').Worksheet) => {
    for (let r = 2; r <= sheet.rowCount; r++) {
      const f = fill(r);
      if ('mark' in f) {
        sheet.getCell(r, 11).value = f.mark;
      } else {
        sheet.getCell(r, 9).value = new Date(`${f.date}T00:00:00Z`);
        const [h, m] = f.time.split(':').map(Number) as [number, number];
        sheet.getCell(r, 10).value = (h * 60 + m) / 1440;
        sheet.getCell(r, 11).value = 'запланирован';
      }
    }
  };
}

/** The persons of a returned MO file, by SMO: ЕНП → planned date and time. */
type Expected = Map<string, Map<string, { date: string; time: string; mo: string }>>;
function expectedOf(files: Array<{ mo: string; rows: string[][]; fill: (r: number) => Fill }>): Expected {
  const out: Expected = new Map(ACTIVE.map((s) => [s, new Map()]));
  for (const { mo, rows, fill } of files) {
    rows.slice(1).forEach((row, i) => {
      const f = fill(i + 2);
      const smo = row[7]!;
      if ('date' in f && out.has(smo)) out.get(smo)!.set(row[1]!, { ...f, mo });
    });
  }
  return out;
}

async function returnFile(mo: string, fileId: string, body: Buffer) {
  const grant = await api(head(mo), 'POST', `/v1/orgs/${mo}/abonent-files/${fileId}/returns`, { size: body.length });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body });
  expect(put.status).toBe(200);
}

async function filesOf(who: Caller, smo: string, query = '') {
  const list = await api(who, 'GET', `/v1/orgs/${smo}/informing-files${query}`);
  expect(list.status).toBe(200);
  return list.body;
}

async function outboxKeys(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: stack.endpoints.s3.buckets.outbox, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => `${o.Key}@${o.ETag}`).sort();
}

describe('stage 4: SMO registration and informing files through the emulators', { timeout: 120_000 }, () => {
  /** The four MOs that return files, their files as formed, and the fills of their returns. */
  const returned: Array<{ mo: string; fileId: string; formed: Buffer; rows: string[][] }> = [];
  let expected: Expected;
  let v1: Map<string, any>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-informing-'));
    process.env.OMS_REGION_SHARDS = '2';
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    await loadRegionLists({ stack, s3, ref, region: REGION, rows: 2000, seed: 54, referenceDate: campaign.referenceDate });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('4.1: the TFOMS registers the SMOs of F002 with contacts, their heads through the access route, and ends one SMO’s work', async () => {
    expect(SMOS).toHaveLength(4);
    expect((await api({ org: SMOS[0]!, authority: 'B', role: 'Утверждение' }, 'PUT', `/v1/regions/${REGION}/smos/${SMOS[0]}`, {})).status).toBe(403);
    expect((await api({ org: '77' }, 'PUT', `/v1/regions/${REGION}/smos/${SMOS[0]}`, {})).status).toBe(403);
    for (const code of SMOS) {
      const put = await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/${code}`, { contacts: { phone: '+7 383 000-00-00', email: `inform-${code}@example.ru`, person: 'Отдел защиты прав застрахованных' } });
      expect([put.status, put.body.state, put.body.name]).toEqual([201, 'ACTIVE', ref.smos.get(code)!.name]);
    }
    const again = await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/${SMOS[0]}`, { contacts: { phone: '+7 383 000-00-00' } });
    expect([again.status, again.body.history.length]).toEqual([200, 1]);
    const renamed = await api(FOMS, 'PUT', `/v1/regions/${REGION}/smos/${SMOS[0]}`, { contacts: { phone: '+7 383 111-11-11' } });
    expect([renamed.status, renamed.body.contacts.phone, renamed.body.contacts.email, renamed.body.history.map((e: any) => e.action)]).toEqual([200, '+7 383 111-11-11', `inform-${SMOS[0]}@example.ru`, ['register', 'update']]);
    expect((await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/77008`, {})).body.error.code).toBe('SMO_NOT_FOUND');
    const bad = await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/${SMOS[1]}`, { contacts: { email: 'not an email' } });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringContaining('contacts.email')]);

    // The head of an SMO: the access issue's route (seed 003), shown in the SMO's registration.
    const person = demoUser(head(ACTIVE[0]!));
    const headed = await api(TFOMS, 'POST', `/v1/regions/${REGION}/orgs/${ACTIVE[0]}/head`, { snils: person.snils, fio: person.fio });
    expect(headed.status).toBe(201);

    expect((await api(TFOMS, 'POST', `/v1/regions/${REGION}/smos/${ENDED}/end`, {})).status).toBe(400);
    const ended = await api(TFOMS, 'POST', `/v1/regions/${REGION}/smos/${ENDED}/end`, { reason: 'Исключена из реестра СМО региона' });
    expect([ended.status, ended.body.state, ended.body.endReason]).toEqual([200, 'ENDED', 'Исключена из реестра СМО региона']);
    expect((await api(TFOMS, 'POST', `/v1/regions/${REGION}/smos/${ENDED}/end`, { reason: 'ещё раз' })).body.error.code).toBe('SMO_NOT_ACTIVE');
    // A rename does not take an ended SMO's work up again (that is POST …/reactivate); nor does a name of NULs.
    const renamedEnded = await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/${ENDED}`, { name: '\u0000\u0000\u0000' });
    expect([renamedEnded.status, renamedEnded.body.error.message]).toEqual([400, expect.stringContaining('Поле name: содержит управляющий символ U+0000')]);
    const putEnded = await api(TFOMS, 'PUT', `/v1/regions/${REGION}/smos/${ENDED}`, { name: 'Новое наименование филиала' });
    expect([putEnded.status, putEnded.body.error.code, putEnded.body.error.message]).toEqual([409, 'SMO_ENDED', expect.stringContaining('/reactivate')]);

    const list = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/smos`)).body;
    expect(list.smos.map((s: any) => [s.code, s.state, s.headRegistered])).toEqual(SMOS.map((c) => [c, c === ENDED ? 'ENDED' : 'ACTIVE', c === ACTIVE[0]]));
    expect(list.notRegistered).toEqual([]);
    // For the obligations (4.1).
    expect((await registeredSmosOf(REGION)).map((s) => [s.code, s.active])).toEqual(SMOS.map((c) => [c, c !== ENDED]));
  });

  it('4.2: approving the registry forms one file per registered SMO with exactly its persons with a date', async () => {
    expect((await api(TFOMS, 'POST', `${STAGE}/forming`)).status).toBe(202);
    await idle();
    const mos = (await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos.filter((m: any) => m.status === 'FORMED').sort((a: any, b: any) => b.rows - a.rows);
    for (const m of mos.slice(0, 4)) {
      const link = await api(TFOMS, 'GET', `/v1/orgs/${m.mo}/abonent-files/${m.fileId}/download`);
      const formed = await download(link.body.url);
      returned.push({ mo: m.mo, fileId: m.fileId, formed, rows: await xlsxRows(formed) });
      await returnFile(m.mo, m.fileId, await editWorkbook(formed, writeFill(firstFill)));
    }
    await idle();
    expect((await api(FOMS, 'POST', `${STAGE}/registry`)).status).toBe(200);
    const early = await api(TFOMS, 'POST', `${STAGE}/informing`);
    expect([early.status, early.body.error.code]).toEqual([409, 'REGISTRY_NOT_APPROVED']);
    expect((await api(TFOMS, 'POST', `${STAGE}/registry/approve`)).status).toBe(200);
    await idle();

    expected = expectedOf(returned.map((r) => ({ ...r, fill: firstFill })));
    for (const smo of ACTIVE) expect(expected.get(smo)!.size, `persons with a date of SMO ${smo}`).toBeGreaterThan(3);
    const progress = (await api(TFOMS, 'GET', `${STAGE}/informing`)).body;
    expect(progress.run).toMatchObject({ trigger: 'approve', org: REGION, smos: ACTIVE, completedAt: expect.any(String) });
    expect(progress.progress).toMatchObject({ smos: 3, formed: 3, done: 3, pending: 0, failed: 0, failures: [] });
    expect(progress.notRegistered).toEqual([ENDED]);
    expect(progress.smos.map((s: any) => [s.smo, s.status, s.version, s.rows, s.changes])).toEqual(ACTIVE.map((s) => [s, 'FORMED', 1, expected.get(s)!.size, null]));
    // Exactly one XLSX and one CSV per registered SMO in its outbox folder; none for the ended SMO.
    const keys = await outboxKeys(`${REGION}/smo/`);
    expect(keys.map((k) => k.replace(/inf-[0-9a-f]{16}/, 'ID').replace(/@.*/, ''))).toEqual(
      ACTIVE.flatMap((s) => [`${REGION}/smo/${s}/informing/${campaign.id}/batch-${BATCH}/v1/ID.csv`, `${REGION}/smo/${s}/informing/${campaign.id}/batch-${BATCH}/v1/ID.xlsx`]),
    );
  });

  it('each SMO user lists its file, downloads XLSX and CSV through a short signed URL (audited) and acknowledges; another SMO is refused', async () => {
    v1 = new Map();
    for (const smo of ACTIVE) {
      const viewer: Caller = { org: smo, authority: 'A', role: 'Просмотр' };
      const listed = await filesOf(viewer, smo);
      expect(listed.files).toHaveLength(1);
      const file = listed.files[0];
      expect(file).toMatchObject({ smo, batch: BATCH, version: 1, current: true, rows: expected.get(smo)!.size, changes: null, downloaded: false, acknowledged: false, formats: ['xlsx', 'csv'] });
      v1.set(smo, file);

      const early = await api(head(smo), 'POST', `/v1/orgs/${smo}/informing-files/${file.fileId}/acknowledge`);
      expect([early.status, early.body.error.code]).toEqual([409, 'NOT_DOWNLOADED']);

      const link = await api(viewer, 'GET', `/v1/orgs/${smo}/informing-files/${file.fileId}/download`);
      expect(link.status).toBe(200);
      const url = new URL(link.body.url);
      expect(decodeURIComponent(url.pathname)).toBe(`/${stack.endpoints.s3.buckets.outbox}/${REGION}/smo/${smo}/informing/${campaign.id}/batch-${BATCH}/v1/${file.fileId}.xlsx`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      const rows = await xlsxRows(await download(link.body.url));
      expect(rows[0]).toEqual(['№', 'ЕНП', 'ФИО', 'Дата рождения', 'Телефон', 'Код МО', 'МО', 'Дата проведения', 'Время', 'Группа']);
      const mine = expected.get(smo)!;
      expect(rows.slice(1).map((r) => [r[1], r[5], r[7], r[8]]).sort()).toEqual([...mine].map(([enp, e]) => [enp, e.mo, ru(e.date), e.time]).sort());
      expect(rows.slice(1).every((r) => r[6] === ref.mos.get(r[5]!)!.name && /^\d{2}\.\d{2}\.\d{4}$/.test(r[3]!) && ['1', '2'].includes(r[9]!))).toBe(true);

      const csvLink = await api(head(smo), 'GET', `/v1/orgs/${smo}/informing-files/${file.fileId}/download?format=csv`);
      const csv = csvRows(await download(csvLink.body.url));
      expect(csv[0]).toEqual(['N', 'ENP', 'FAM', 'IM', 'OT', 'DR', 'PHONE', 'MO', 'MO_NAME', 'DATE_PLAN', 'TIME_PLAN', 'PR_GROUP']);
      expect(csv.slice(1).map((r) => r[1]).sort()).toEqual([...mine.keys()].sort());
      // The same persons in the same order as the XLSX, names in Cyrillic (windows-1251 decoded).
      expect(csv.slice(1).map((r) => [r[1], [r[2], r[3], r[4]].filter(Boolean).join(' ')])).toEqual(rows.slice(1).map((r) => [r[1], r[2]]));
      expect(csv[1]![2]).toMatch(/^[А-ЯЁ][а-яё-]+$/);
      expect((await api(head(smo), 'GET', `/v1/orgs/${smo}/informing-files/${file.fileId}/download?format=changes`)).body.error.code).toBe('NO_CHANGES_FILE');

      expect((await api(viewer, 'POST', `/v1/orgs/${smo}/informing-files/${file.fileId}/acknowledge`)).status).toBe(403);
      const ack = await api(head(smo), 'POST', `/v1/orgs/${smo}/informing-files/${file.fileId}/acknowledge`);
      expect([ack.status, ack.body.already]).toEqual([200, false]);
      const again = await api(head(smo), 'POST', `/v1/orgs/${smo}/informing-files/${file.fileId}/acknowledge`);
      expect([again.body.already, again.body.acknowledgedAt]).toEqual([true, ack.body.acknowledgedAt]);
      expect((await filesOf(head(smo), smo)).files[0]).toMatchObject({ downloaded: true, downloadedByMe: true, acknowledged: true, acknowledgedAt: ack.body.acknowledgedAt });
      // Downloaded by the SMO, not by this colleague.
      expect((await filesOf({ org: smo, authority: 'B', role: 'Согласование' }, smo)).files[0]).toMatchObject({ downloaded: true, downloadedByMe: false });
    }

    // Another SMO: refused on the path, and its own path does not find the file.
    const [a, b] = ACTIVE as [string, string];
    const fileA = v1.get(a).fileId;
    const other = await api(head(b), 'GET', `/v1/orgs/${a}/informing-files`);
    expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN_ORG']);
    expect((await api(head(b), 'GET', `/v1/orgs/${a}/informing-files/${fileA}/download`)).status).toBe(403);
    expect((await api(head(b), 'GET', `/v1/orgs/${b}/informing-files/${fileA}/download`)).status).toBe(404);
    expect((await api(head(b), 'POST', `/v1/orgs/${b}/informing-files/${fileA}/acknowledge`)).status).toBe(404);
    expect((await api(head(returned[0]!.mo), 'GET', `/v1/orgs/${a}/informing-files`)).status).toBe(403);
    // The ended SMO has no file; the funds read any SMO's list of their region.
    expect((await filesOf(head(ENDED), ENDED)).files).toEqual([]);
    expect((await filesOf(TFOMS, a)).files[0].fileId).toBe(fileA);
    expect((await api({ org: '77' }, 'GET', `/v1/orgs/${a}/informing-files`)).status).toBe(403);

    const audit = await api(TFOMS, 'GET', `/v1/orgs/${a}/audit`);
    expect(audit.body.items.filter((i: any) => i.action === 'informing-download-url').map((i: any) => i.subject).sort()).toEqual([`${fileA}/csv`, `${fileA}/xlsx`]); // the refused `changes` link was not handed out
    const state = await informingStateOf({ campaignId: campaign.id, region: REGION, batch: BATCH });
    expect(state?.smos.map((s) => [s.smo, s.status, s.version, !!s.firstDownloadedAt, !!s.acknowledgedAt])).toEqual(ACTIVE.map((s) => [s, 'FORMED', 1, true, true]));
    expect(state?.completedAt).toBe(state?.firstCompletedAt);
  });

  it('forming again with nothing changed publishes nothing new', async () => {
    const before = await outboxKeys(`${REGION}/smo/`);
    const run = await api(TFOMS, 'POST', `${STAGE}/informing`);
    expect([run.status, run.body.smos]).toEqual([202, ACTIVE]);
    await idle();
    const progress = (await api(TFOMS, 'GET', `${STAGE}/informing`)).body;
    expect(progress.run).toMatchObject({ run: run.body.run, trigger: 'command' });
    expect(progress.smos.map((s: any) => [s.status, s.version])).toEqual(ACTIVE.map(() => ['UNCHANGED', 1]));
    expect(progress.progress).toMatchObject({ done: 3, unchanged: 3 });
    expect(await outboxKeys(`${REGION}/smo/`)).toEqual(before);
  });

  it('a corrected registry gives new versions that say what changed: added, removed, date changed', async () => {
    const since = new Date().toISOString();
    const nothingNew = await filesOf(head(ACTIVE[0]!), ACTIVE[0]!, `?since=${encodeURIComponent(since)}`);
    expect(nothingNew.files).toEqual([]);
    // The next `since` to use: a minute back, so a version published while listing is not missed.
    expect(Date.parse(since) - Date.parse(nothingNew.asOf)).toBeGreaterThanOrEqual(59_000);

    expect((await api(FOMS, 'POST', `${STAGE}/reopen`, { reason: 'МО исправляет даты' })).status).toBe(200);
    const corrected = returned[0]!;
    await returnFile(corrected.mo, corrected.fileId, await editWorkbook(corrected.formed, writeFill(correctedFill)));
    await idle();
    expect((await api(FOMS, 'POST', `${STAGE}/registry`)).status).toBe(200);
    expect((await api(TFOMS, 'POST', `${STAGE}/registry/approve`)).status).toBe(200);
    await idle();

    const next = expectedOf([{ ...corrected, fill: correctedFill }, ...returned.slice(1).map((r) => ({ ...r, fill: firstFill }))]);
    for (const smo of ACTIVE) {
      const before = expected.get(smo)!;
      const after = next.get(smo)!;
      const added = [...after.keys()].filter((e) => !before.has(e)).sort();
      const removed = [...before.keys()].filter((e) => !after.has(e)).sort();
      const moved = [...after.keys()].filter((e) => before.has(e) && (before.get(e)!.date !== after.get(e)!.date || before.get(e)!.time !== after.get(e)!.time)).sort();
      expect(added.length + removed.length + moved.length, `changes of SMO ${smo}`).toBeGreaterThan(0);

      const fresh = await filesOf(head(smo), smo, `?since=${encodeURIComponent(since)}`);
      expect(fresh.files).toHaveLength(1);
      const file = fresh.files[0];
      expect(file).toMatchObject({ version: 2, current: true, rows: after.size, changes: { previousVersion: 1, added: added.length, removed: removed.length, dateChanged: moved.length }, downloaded: false, formats: ['xlsx', 'csv', 'changes'] });
      const all = (await filesOf(head(smo), smo)).files;
      expect(all.map((f: any) => [f.version, f.current, f.acknowledged])).toEqual([[2, true, false], [1, false, true]]);

      const changes = csvRows(await download((await api(head(smo), 'GET', `/v1/orgs/${smo}/informing-files/${file.fileId}/download?format=changes`)).body.url));
      expect(changes[0]![0]).toBe('CHANGE');
      const of = (kind: string) => changes.slice(1).filter((r) => r[0] === kind).map((r) => r[1]).sort();
      expect(of('добавлен')).toEqual(added);
      expect(of('исключён')).toEqual(removed);
      expect(of('изменены дата или время')).toEqual(moved);
      for (const r of changes.slice(1).filter((x) => x[0] === 'изменены дата или время')) {
        expect([r[9], r[10], r[12], r[13]]).toEqual([ru(after.get(r[1]!)!.date), after.get(r[1]!)!.time, ru(before.get(r[1]!)!.date), before.get(r[1]!)!.time]);
      }
      // Refused in the corrected file: the MO's отметка says why.
      expect(changes.slice(1).filter((r) => r[0] === 'исключён').every((r) => r[14] === 'отметка МО: отказ')).toBe(true);

      const rows = await xlsxRows(await download((await api(head(smo), 'GET', `/v1/orgs/${smo}/informing-files/${file.fileId}/download`)).body.url));
      expect(rows.slice(1).map((r) => [r[1], r[7], r[8]]).sort()).toEqual([...after].map(([enp, e]) => [enp, ru(e.date), e.time]).sort());
    }
    const progress = (await api(TFOMS, 'GET', `${STAGE}/informing`)).body;
    expect(progress.runs.map((r: any) => r.trigger)).toEqual(['approve', 'command', 'approve']);
    expect(progress.smos.map((s: any) => [s.status, s.version, s.acknowledgedAt])).toEqual(ACTIVE.map(() => ['FORMED', 2, null]));
    const state = await informingStateOf({ campaignId: campaign.id, region: REGION, batch: BATCH });
    expect(state?.smos.map((s) => [s.version, s.firstDownloadedAt, !!s.anyDownloadedAt, s.firstFormedAt! < s.formedAt!])).toEqual(ACTIVE.map(() => [2, expect.any(String), true, true]));
    expect(state!.firstCompletedAt! < state!.completedAt!).toBe(true);
  });
  it('4.1–4.5 as obligations: an SMO that reported its first informing result by the informing start met it, one that only downloaded its file did not, the ended SMO owes nothing, batch 3–4 waits for its files', async () => {
    // Seed 000 moved so that 4.3 («22.06.2021», the informing start of batch 1–2) is today in Novosibirsk.
    const zone = ref.regions.get(REGION)!.timeZone;
    const today = localDate(new Date(), zone);
    const seed = parseSchedule(JSON.parse(readFileSync(new URL('../../shared/reference/data/schedules/ud-2021.json', import.meta.url), 'utf8')));
    if (!seed.ok) throw new Error(seed.errors.join('; '));
    // The whole schedule: it also dates the batches (one schedule), so it cannot be cut to stage 4.
    const schedule = shiftSchedule(seed.schedule, daysBetween('2021-06-22', today), campaign.id);
    expect((await api(FOMS, 'PUT', `/v1/campaigns/${campaign.id}/schedule`, schedule)).status).toBe(201);
    await idle();
    // One minute after 4.5 («до 29.06.2021» moved: today + 7) ended on the region's clock.
    const dueOf = (step: string) => {
      const date = schedule.steps.find((s) => s.step === step)!.due as { date: string };
      return deadlineInstant(date.date, '24:00', zone);
    };
    // 4.3 is met by the first informing result of the batch (not by the download, which every active SMO did).
    const [informing, ...onlyFetched] = ACTIVE;
    const file = (await api(head(informing!), 'GET', `/v1/orgs/${informing}/informing-files`)).body.files.find((f: any) => f.batch === BATCH);
    const enp = (await xlsxRows(await download((await api(head(informing!), 'GET', `/v1/orgs/${informing}/informing-files/${file.fileId}/download`)).body.url)))[1]![1];
    const reported = await api(head(informing!), 'POST', `/v1/orgs/${informing}/informing-results/${campaign.id}`, { rows: [{ enp, date: today, channel: '01', result: '1' }] });
    expect([reported.status, reported.body.accepted]).toEqual([200, 1]);
    // A rejected row (someone not in the SMO's file) is not a start.
    const stranger = await api(head(onlyFetched[0]!), 'POST', `/v1/orgs/${onlyFetched[0]}/informing-results/${campaign.id}`, { rows: [{ enp, date: today, channel: '01', result: '1' }] });
    expect([stranger.status, stranger.body.accepted]).toEqual([200, 0]);
    const at = new Date(Date.parse(dueOf('4.5')) + 60_000);
    await stack.invoke('obligations-clock', scheduledEvent('obligations-every-15-min', at));
    await idle();

    const months = [...new Set([0, 7, -3].map((d) => localDate(new Date(Date.now() + d * DAY), zone).slice(0, 7)))];
    const all: any[] = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations`)).body.obligations;
    for (const m of months) all.push(...(await api(TFOMS, 'GET', `/v1/regions/${REGION}/obligations?month=${m}`)).body.obligations);
    const state = new Map(all.filter((o) => o.step?.startsWith('4.')).map((o) => [`${o.step}/${o.party.code}`, o.state]));
    // Registration and forming happened today, after their moved dates: met late; batch 3–4 was never formed.
    expect([state.get(`4.1/${REGION}`), state.get(`4.2/${REGION}`), state.get(`4.4/${REGION}`)]).toEqual(['MET_LATE', 'MET_LATE', 'OVERDUE']);
    expect([state.get(`4.3/${informing}`), state.get(`4.5/${informing}`)]).toEqual(['MET', 'OPEN']);
    for (const smo of onlyFetched) expect([state.get(`4.3/${smo}`), state.get(`4.5/${smo}`)], smo).toEqual(['OVERDUE', 'OPEN']);
    expect([state.get(`4.3/${ENDED}`), state.get(`4.5/${ENDED}`)]).toEqual(['CANCELLED', 'OPEN']);
    const met = all.find((o) => o.step === '4.3' && o.party.code === informing);
    expect(met.evidence).toMatch(/^первый результат информирования принят .* UTC \(информирование \d{2}\.\d{2}\.\d{4}\); файл получен СМО .* UTC$/);
    const violations: any[] = (await api(TFOMS, 'GET', `/v1/regions/${REGION}/violations`)).body.violations;
    expect(violations.map((v) => v.obligationId)).toContain(`c.${campaign.id}.4.4.${REGION}.${REGION}`);
    const smoViolations = violations.filter((v) => ACTIVE.some((smo) => v.obligationId.endsWith(`.${smo}`)));
    expect(smoViolations.map((v) => v.obligationId).sort()).toEqual(onlyFetched.map((smo) => `c.${campaign.id}.4.3.${REGION}.${smo}`).sort());
    // The download stays on record: 4.2 reached the SMO, informing did not start.
    for (const v of smoViolations) expect(v.evidence).toMatch(/^результатов информирования по партии от СМО нет; файл получен СМО .* UTC/);
  });
});
