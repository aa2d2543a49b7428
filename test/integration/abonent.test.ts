import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUserRequest } from '../../infra/local/demo-users.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { readXlsxRows } from '../../shared/files/xlsx.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { editWorkbook } from '../support/abonent.js';
import { loadRegionLists } from '../support/stage1.js';
import { apiOf, download } from '../support/http.js';

/**
 * Stages 2–3 for a whole region through the emulators, as its users would do it: the TFOMS forms
 * the batch → an MO user lists and downloads its «абонентский пункт» through a signed URL → fills
 * it in (exceljs, typed cells as Excel saves them) → returns it through a signed PUT URL → protocol
 * and registry entries → tampered files are rejected with clear errors → FOMS forms the registry,
 * the TFOMS checks and approves it → final lists. Region 23 ships 40 demo MOs.
 */
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const window = campaign.plan!.examWindow;
const REGION = '23';
/** The two MOs with the most persons of groups 1–2, chosen once the files are formed. */
let MO: string;
let OTHER_MO: string;
const STAGE = `/v1/campaigns/${campaign.id}/regions/${REGION}/batches/12`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let stack: LocalStack;
let dataDir: string;
let s3: S3Client;

type Caller = DemoUserRequest;
const TFOMS: Caller = { org: REGION };
const FOMS: Caller = { org: 'FOMS' };
let HEAD: Caller;
let VIEWER: Caller;
let OTHER_HEAD: Caller;

const api = apiOf(() => ({ stack, dataDir }));

const idle = () => stack.waitForIdle({ timeoutMs: 280_000 });

async function fileOf(who: Caller, mo: string) {
  const list = await api(who, 'GET', `/v1/orgs/${mo}/abonent-files`);
  expect(list.status).toBe(200);
  return list.body.files.find((f: any) => f.campaignId === campaign.id && f.batch === '12');
}

/** The clerk's way back: ask for a PUT URL for this size, PUT the bytes, wait for the pipeline. */
async function upload(who: Caller, mo: string, fileId: string, body: Buffer) {
  const grant = await api(who, 'POST', `/v1/orgs/${mo}/abonent-files/${fileId}/returns`, { size: body.length });
  expect(grant.status).toBe(201);
  const put = await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body });
  expect(put.status).toBe(200);
  await idle();
  const returns = await api(who, 'GET', `/v1/orgs/${mo}/abonent-files/${fileId}/returns`);
  const latest = returns.body.returns.find((r: any) => grant.body.key.endsWith(r.name));
  expect(latest).toBeDefined();
  return latest;
}

async function protocolCodes(view: any): Promise<Array<{ line: string; code: string; message: string }>> {
  const text = (await download(view.protocol.csvUrl)).toString('utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith('Строка;'));
  return lines
    .slice(start + 1)
    .filter(Boolean)
    .map((l) => {
      const f = l.split(';');
      return { line: f[0]!, code: f[3]!, message: f.slice(5).join(';') };
    });
}

async function rowsOf(buffer: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readXlsxRows(Readable.from(buffer))) rows.push(row);
  return rows;
}

/** Fills the data sheet: a date in the window with a time, every third person a refusal. */
function fill(dayOffset: number) {
  return (sheet: import('exceljs').Worksheet) => {
    const start = Date.parse(`${window.from}T00:00:00Z`);
    for (let r = 2; r <= sheet.rowCount; r++) {
      if (r % 3 === 0) {
        sheet.getCell(r, 11).value = 'отказ';
        sheet.getCell(r, 12).value = 'Отказ по телефону';
      } else {
        sheet.getCell(r, 9).value = new Date(start + (dayOffset + (r % 10)) * 86_400_000);
        sheet.getCell(r, 10).value = (9 * 60 + (r % 6) * 30) / 1440;
        sheet.getCell(r, 11).value = 'запланирован';
      }
    }
  };
}

describe('stages 2–3 for a whole region through the emulators', { timeout: 300_000 }, () => {
  let fileId: string;
  let formed: Buffer;
  let enps: string[];
  let acceptedFill: Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-abonent-'));
    process.env.OMS_REGION_SHARDS = '4';
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, visibilityTimeoutSeconds: 2, endpointsFile: null, log: () => undefined });
    s3 = new S3Client({ endpoint: stack.endpoints.s3.endpoint, forcePathStyle: true, region: stack.endpoints.region, credentials: stack.endpoints.credentials });
    await loadRegionLists({ stack, s3, ref, region: REGION, rows: 1200, seed: 23, referenceDate: campaign.referenceDate });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the TFOMS forms the batch: one file per MO with persons of groups 1–2, progress N of M, re-forming changes nothing', async () => {
    const anyMoHead = { org: [...ref.mos.values()].find((m) => m.region === REGION)!.code };
    expect((await api(anyMoHead, 'POST', `${STAGE}/forming`)).status).toBe(403);
    const started = await api(TFOMS, 'POST', `${STAGE}/forming`);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ state: 'FORMING', schedule: campaign.plan!.batches['12'] });
    await idle();

    const stage = await api(TFOMS, 'GET', STAGE);
    const mos = [...ref.mos.values()].filter((m) => m.region === REGION).length;
    expect(stage.body.progress).toMatchObject({ mos, done: mos, failed: 0, pending: 0 });
    // Each MO's file holds exactly its persons of groups 1–2 according to the stage 1.6 check.
    const summary = await api(TFOMS, 'GET', `/v1/campaigns/${campaign.id}/regions/${REGION}/summary`);
    const expected = new Map<string, number>(summary.body.byMo.map((m: any) => [m.code, m.byGroup['1'] + m.byGroup['2']]));
    const perMo = (await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos;
    for (const m of perMo) expect([m.mo, m.rows ?? 0]).toEqual([m.mo, expected.get(m.mo) ?? 0]);
    expect(perMo.filter((m: any) => m.status === 'FORMED').length).toBe(stage.body.progress.formed);
    expect(stage.body.progress.formed).toBeGreaterThan(20);
    [MO, OTHER_MO] = [...perMo].sort((a: any, b: any) => (b.rows ?? 0) - (a.rows ?? 0)).map((m: any) => m.mo as string) as [string, string];
    HEAD = { org: MO };
    VIEWER = { org: MO, authority: 'A', role: 'Просмотр' };
    OTHER_HEAD = { org: OTHER_MO };

    const outbox = stack.endpoints.s3.buckets.outbox;
    const listed = async () => (await s3.send(new ListObjectsV2Command({ Bucket: outbox, Prefix: `${REGION}/mo/` }))).Contents!.map((o) => `${o.Key}@${o.ETag}@${o.LastModified?.getTime()}`).sort();
    const before = await listed();
    expect(before.length).toBe(stage.body.progress.formed);
    expect((await api(TFOMS, 'POST', `${STAGE}/forming`)).status).toBe(202);
    await idle();
    expect(await listed()).toEqual(before);
    const history = (await api(FOMS, 'GET', STAGE)).body.history.map((e: any) => [e.action, e.org]);
    expect(history).toEqual([['start', REGION], ['reform', REGION]]);
  });

  it('an MO user lists and downloads its own file through a short signed URL (audited); other MOs cannot reach it', async () => {
    const file = await fileOf(VIEWER, MO);
    expect(file).toMatchObject({ status: 'FORMED', acceptsReturns: true, returnBy: campaign.plan!.batches['12']!.returnBy });
    fileId = file.fileId;
    const link = await api(VIEWER, 'GET', `/v1/orgs/${MO}/abonent-files/${fileId}/download`);
    expect(link.status).toBe(200);
    const url = new URL(link.body.url);
    expect(decodeURIComponent(url.pathname)).toMatch(new RegExp(`^/${stack.endpoints.s3.buckets.outbox}/${REGION}/mo/${MO}/abonent/`));
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    formed = await download(link.body.url);
    const rows = await rowsOf(formed);
    expect(rows[0]!.slice(0, 12)).toEqual(['№', 'ЕНП', 'ФИО', 'Дата рождения', 'Пол', 'Телефон', 'Группа', 'СМО', 'Дата проведения', 'Время', 'Отметка', 'Комментарий']);
    expect(rows.length - 1).toBe(file.rows);
    enps = rows.slice(1).map((r) => r[1]!);
    expect(enps.every((e) => /^\d{16}$/.test(e))).toBe(true);

    // Another MO: refused on the path, and its own path does not find this file.
    const other = await api(OTHER_HEAD, 'GET', `/v1/orgs/${MO}/abonent-files/${fileId}/download`);
    expect([other.status, other.body.error.code]).toEqual([403, 'FORBIDDEN_ORG']);
    expect((await api(OTHER_HEAD, 'GET', `/v1/orgs/${OTHER_MO}/abonent-files/${fileId}/download`)).status).toBe(404);
    expect((await api(OTHER_HEAD, 'POST', `/v1/orgs/${OTHER_MO}/abonent-files/${fileId}/returns`, { size: 100 })).status).toBe(404);
    // Viewing is not returning.
    const viewerUpload = await api(VIEWER, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 100 });
    expect([viewerUpload.status, viewerUpload.body.error.code]).toEqual([403, 'MISSING_ROLE']);

    const audit = await api(TFOMS, 'GET', `/v1/orgs/${MO}/audit`);
    expect(audit.body.items.map((a: any) => a.action)).toContain('abonent-download-url');
  });

  it('a filled file returned through the signed PUT URL is accepted: protocol and registry entries appear', async () => {
    acceptedFill = await editWorkbook(formed, fill(0));
    const grant = await api(HEAD, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: acceptedFill.length });
    const url = new URL(grant.body.uploadUrl);
    expect(decodeURIComponent(url.pathname)).toMatch(new RegExp(`^/${stack.endpoints.s3.buckets.inbox}/${REGION}/mo/${MO}/returns/${fileId}/[^/]+\\.xlsx$`));
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(grant.body.headers).toEqual({ 'content-type': XLSX, 'content-length': String(acceptedFill.length) });
    const tooBig = await api(HEAD, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 10 ** 9 });
    expect([tooBig.status, tooBig.body.error.message]).toEqual([413, expect.stringContaining('Поле size')]);

    const view = await upload(HEAD, MO, fileId, acceptedFill);
    expect(view).toMatchObject({ status: 'ACCEPTED', rows: enps.length, acceptedRows: enps.length, rejectedRows: 0 });
    expect(await protocolCodes(view)).toEqual([]);
    const person = await api(TFOMS, 'GET', `/v1/regions/${REGION}/persons/${enps[0]}?campaign=${campaign.id}`);
    expect(person.body.plans).toEqual([expect.objectContaining({ mo: MO, batch: '12', fileId, mark: 'запланирован', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), time: expect.stringMatching(/^\d{2}:\d{2}$/) })]);
    const refused = await api(TFOMS, 'GET', `/v1/regions/${REGION}/persons/${enps[1]}?campaign=${campaign.id}`);
    expect(refused.body.plans[0]).toMatchObject({ mark: 'отказ', comment: 'Отказ по телефону' });
    expect(refused.body.plans[0].date).toBeUndefined();
    const mine = await fileOf(HEAD, MO);
    expect(mine.lastAcceptedReturn).toMatchObject({ status: 'ACCEPTED', accepted: enps.length });
  });

  it('the same file twice changes nothing; a corrected file supersedes', async () => {
    const again = await upload(HEAD, MO, fileId, acceptedFill);
    expect(again.status).toBe('DUPLICATE');
    expect((await protocolCodes(again)).map((c) => c.code)).toEqual(['F007']);

    const corrected = await editWorkbook(formed, fill(30));
    expect((await upload(HEAD, MO, fileId, corrected)).status).toBe('ACCEPTED');
    const person = await api(TFOMS, 'GET', `/v1/regions/${REGION}/persons/${enps[0]}?campaign=${campaign.id}`);
    const day = new Date(Date.parse(`${window.from}T00:00:00Z`) + (30 + (2 % 10)) * 86_400_000).toISOString().slice(0, 10);
    expect(person.body.plans[0].date).toBe(day);
  });

  it('tampered files are rejected whole with clear errors, and the last accepted return stays', async () => {
    const editedEnp = await editWorkbook(formed, (sheet) => {
      fill(0)(sheet);
      sheet.getCell(3, 2).value = '2300000000000000';
    });
    const enpView = await upload(HEAD, MO, fileId, editedEnp);
    expect(enpView).toMatchObject({ status: 'REJECTED', acceptedRows: 0 });
    const enpCodes = await protocolCodes(enpView);
    expect(enpCodes.map((c) => c.code)).toEqual(['F011', 'R024']);
    expect(enpCodes[1]).toMatchObject({ line: '3', message: expect.stringContaining(`было «${enps[1]}»`) });

    const added = await editWorkbook(formed, (sheet) => {
      fill(0)(sheet);
      sheet.addRow([enps.length + 1, '2300000000000001', 'Лишний Человек', '01.01.1970', 'М', '', 1, '23001']);
    });
    const addedView = await upload(HEAD, MO, fileId, added);
    expect(addedView.status).toBe('REJECTED');
    expect((await protocolCodes(addedView)).map((c) => c.code)).toEqual(['F011', 'R025']);

    const otherFile = await fileOf(TFOMS, OTHER_MO);
    const othersBytes = await download((await api(TFOMS, 'GET', `/v1/orgs/${OTHER_MO}/abonent-files/${otherFile.fileId}/download`)).body.url);
    const wrongView = await upload(HEAD, MO, fileId, othersBytes);
    expect(wrongView.status).toBe('REJECTED');
    const wrong = await protocolCodes(wrongView);
    expect(wrong).toEqual([expect.objectContaining({ code: 'F010', message: expect.stringContaining(`сформирован для МО ${OTHER_MO}`) })]);

    const partial = await editWorkbook(formed, (sheet) => {
      fill(30)(sheet);
      sheet.getCell(2, 9).value = null;
      sheet.getCell(2, 11).value = null;
    });
    const partialView = await upload(HEAD, MO, fileId, partial);
    expect(partialView).toMatchObject({ status: 'PARTIAL', acceptedRows: enps.length - 1, rejectedRows: 1 });
    expect((await protocolCodes(partialView)).map((c) => [c.line, c.code])).toEqual([['2', 'R027']]);

    const mine = await fileOf(HEAD, MO);
    expect(mine.lastAcceptedReturn).toMatchObject({ status: 'PARTIAL', accepted: enps.length - 1 });
  });

  it('the TFOMS loads the MO’s filled file for it (seed 000 2.3/3.3): same checks and protocol, the MO sees it, the audit and the return name the TFOMS', async () => {
    // Not FOMS, not another region's TFOMS, not an SMO of the region.
    for (const [who, code] of [[FOMS, 'WRONG_ORG_TYPE'], [{ org: '77' }, 'FORBIDDEN_ORG'], [{ org: '23001' }, 'WRONG_ORG_TYPE']] as const) {
      const refused = await api(who, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 1000 });
      expect([refused.status, refused.body.error.code, refused.body.error.message], who.org).toEqual([403, code, expect.stringMatching(/[А-я]/)]);
    }
    const grant = await api(TFOMS, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 100 });
    // Bound to this MO's file, exactly as the MO's own grant.
    expect(grant.body.key).toMatch(new RegExp(`^${REGION}/mo/${MO}/returns/${fileId}/[^/]+\\.xlsx$`));
    expect(grant.body.loadedBy).toEqual({ org: REGION, onBehalf: true });
    expect((await api(TFOMS, 'POST', `/v1/orgs/${OTHER_MO}/abonent-files/${fileId}/returns`, { size: 100 })).status).toBe(404);

    // A file with a changed ЕНП loaded by the TFOMS: rejected with the same errors as the MO's own.
    const tampered = await editWorkbook(formed, (sheet) => {
      fill(20)(sheet);
      sheet.getCell(3, 2).value = '2300000000000000';
    });
    const rejected = await upload(TFOMS, MO, fileId, tampered);
    expect(rejected).toMatchObject({ status: 'REJECTED', loadedBy: { org: REGION, onBehalf: true } });
    expect((await protocolCodes(rejected)).map((c) => c.code)).toEqual(['F011', 'R024']);

    // Row 2 left empty as in the MO's last return, so the registry below reads the same counts.
    const partial = await editWorkbook(formed, (sheet) => {
      fill(20)(sheet);
      sheet.getCell(2, 9).value = null;
      sheet.getCell(2, 11).value = null;
    });
    const byTfoms = await upload(TFOMS, MO, fileId, partial);
    expect(byTfoms).toMatchObject({ status: 'PARTIAL', acceptedRows: enps.length - 1, loadedBy: { org: REGION, by: expect.stringMatching(/^\d{11}$/), onBehalf: true } });
    expect((await protocolCodes(byTfoms)).map((c) => [c.line, c.code])).toEqual([['2', 'R027']]);
    const day = new Date(Date.parse(`${window.from}T00:00:00Z`) + (20 + (4 % 10)) * 86_400_000).toISOString().slice(0, 10);
    expect((await api(TFOMS, 'GET', `/v1/regions/${REGION}/persons/${enps[2]}?campaign=${campaign.id}`)).body.plans[0].date).toBe(day);

    // The MO sees the return, its protocol and who loaded it; its own returns say it loaded them.
    const seen = (await api(HEAD, 'GET', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`)).body.returns;
    expect(seen.find((r: any) => r.returnFileId === byTfoms.returnFileId)).toMatchObject({ status: 'PARTIAL', loadedBy: { org: REGION, onBehalf: true }, protocol: { csvUrl: expect.any(String) } });
    expect(seen.filter((r: any) => r.loadedBy?.onBehalf === false).map((r: any) => r.loadedBy.org)).toEqual(expect.arrayContaining([MO]));
    expect((await fileOf(HEAD, MO)).lastAcceptedReturn).toMatchObject({ status: 'PARTIAL', returnFileId: byTfoms.returnFileId, loadedBy: { org: REGION, onBehalf: true } });
    const row = (await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos.find((m: any) => m.mo === MO);
    expect(row.lastAcceptedReturn.loadedBy).toMatchObject({ org: REGION, onBehalf: true });

    // The TFOMS's audit: its org and user, for which MO.
    const audit = (await api(TFOMS, 'GET', `/v1/orgs/${REGION}/audit`)).body.items.filter((a: any) => a.action === 'abonent-upload-url-for-mo');
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ org: REGION, actor: byTfoms.loadedBy.by, subject: fileId, reason: expect.stringContaining(`за МО ${MO}`) })]));
  });

  it('FOMS forms the registry, the TFOMS checks and approves it, final lists are produced; FOMS can reopen', async () => {
    expect((await api(TFOMS, 'POST', `${STAGE}/registry`)).status).toBe(403);
    expect((await api(TFOMS, 'GET', `${STAGE}/registry`)).status).toBe(404);
    const formedRegistry = await api(FOMS, 'POST', `${STAGE}/registry`);
    expect(formedRegistry.status).toBe(200);
    const check = (await api(TFOMS, 'GET', `${STAGE}/registry`)).body;
    const perMo = (await api(TFOMS, 'GET', `${STAGE}/mos`)).body.mos.filter((m: any) => m.status === 'FORMED');
    expect(check.state).toBe('REGISTRY_OPEN');
    expect(check.registry.persons).toBe(perMo.reduce((a: number, m: any) => a + m.rows, 0));
    expect(check.registry.notReturned).toEqual(perMo.map((m: any) => m.mo).filter((m: string) => m !== MO));
    const mine = check.registry.mos.find((m: any) => m.mo === MO);
    const refusals = Math.floor((enps.length + 1) / 3); // rows 3, 6, 9…: every third line
    expect(mine).toMatchObject({ returned: true, persons: enps.length, accepted: enps.length - 1, byMark: { отказ: refusals, запланирован: enps.length - 1 - refusals } });
    expect(check.registry.withoutDate).toBe(check.registry.persons - (enps.length - 1 - refusals));

    const late = await api(HEAD, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 1000 });
    expect([late.status, late.body.error.code]).toEqual([409, 'STAGE_CLOSED']);

    expect((await api(TFOMS, 'POST', `${STAGE}/registry/approve`)).status).toBe(200);
    await idle();
    const regionList = await api(TFOMS, 'GET', `${STAGE}/final-list`);
    expect(regionList.status).toBe(200);
    const regionRows = await rowsOf(await download(regionList.body.url));
    expect(regionRows.length - 1).toBe(check.registry.persons);
    const moList = await api(HEAD, 'GET', `/v1/orgs/${MO}/abonent-files/${fileId}/final-list`);
    const moRows = await rowsOf(await download(moList.body.url));
    expect(moRows.length - 1).toBe(enps.length);
    expect(moRows[1]!.slice(0, 3)).toEqual([MO, '1', enps[0]]);
    expect(moRows[1]![11]).toBe('нет данных от МО'); // row 2 was left empty in the last accepted return
    expect(moRows[2]![11]).toBe('отказ');

    expect((await api(TFOMS, 'POST', `${STAGE}/reopen`, { reason: 'Ошибка в данных МО' })).status).toBe(403);
    const noReason = await api(FOMS, 'POST', `${STAGE}/reopen`, {});
    expect([noReason.status, noReason.body.error.message]).toEqual([400, expect.stringContaining('Поле reason')]);
    const reopened = await api(FOMS, 'POST', `${STAGE}/reopen`, { reason: 'МО просит исправить даты' });
    expect(reopened.body.state).toBe('FORMING');
    expect(reopened.body.history.map((e: any) => e.action)).toEqual(['start', 'reform', 'form-registry', 'approve', 'reopen']);
    expect(reopened.body.history.at(-1)).toMatchObject({ org: 'FOMS', reason: 'МО просит исправить даты' });
    expect((await api(HEAD, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 1000 })).status).toBe(201);
  });

  it('a byte-identical copy of another MO’s accepted return is that MO’s file (F010), never a DUPLICATE naming its return', async () => {
    const otherFile = await fileOf(OTHER_HEAD, OTHER_MO);
    const othersFill = await editWorkbook(await download((await api(OTHER_HEAD, 'GET', `/v1/orgs/${OTHER_MO}/abonent-files/${otherFile.fileId}/download`)).body.url), fill(5));
    const theirs = await upload(OTHER_HEAD, OTHER_MO, otherFile.fileId, othersFill);
    expect(theirs.status).toBe('ACCEPTED');

    const copy = await upload(HEAD, MO, fileId, othersFill);
    expect(copy).toMatchObject({ status: 'REJECTED', acceptedRows: 0 });
    const codes = await protocolCodes(copy);
    expect(codes).toEqual([expect.objectContaining({ code: 'F010', message: expect.stringContaining(`сформирован для МО ${OTHER_MO}`) })]);
    // Nothing the MO can read names the other MO's return.
    const seen = [JSON.stringify(copy), JSON.stringify((await api(HEAD, 'GET', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`)).body), (await download(copy.protocol.csvUrl)).toString('utf8')];
    for (const text of seen) expect(text).not.toContain(theirs.returnFileId);
    expect(theirs.returnFileId).toMatch(/^[0-9a-f]{20}$/);
  });
});
