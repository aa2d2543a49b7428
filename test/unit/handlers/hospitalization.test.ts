import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, callApi } from '../../support/api-event.js';
import { handler as fileHandler } from '../../../functions/hospitalization/file.js';
import { submissionToCsv } from '../../../shared/hospitalization/csv.js';
import { publishComplianceReport } from '../../../shared/services/hospitalization/compliance.js';
import { ENP1, FOR_DATE, hospitalSubmission, submissionFor } from '../hospitalization/fixtures.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main', OMS_INBOX_BUCKET: 'inbox', OMS_OUTBOX_BUCKET: 'outbox', AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });

const docs = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

// ---- a small table: the conditions this flow writes with, evaluated for real -------------------------

type Item = Record<string, any>;
let table: Map<string, Item>;
const keyOf = (k: { pk: string; sk: string }) => `${k.pk}\u0000${k.sk}`;
const conditionFailed = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

function holds(condition: string | undefined, item: Item | undefined, values: Record<string, any> = {}, names: Record<string, string> = {}): boolean {
  if (!condition) return true;
  return condition.split(' OR ').some((alt) =>
    alt.split(' AND ').every((part) => {
      const p = part.trim();
      if (p === 'attribute_not_exists(pk)') return !item;
      const m = /^(#?\w+) (=|<=|<|IN) (.+)$/.exec(p);
      if (!m || !item) return false;
      const value = item[names[m[1]!] ?? m[1]!];
      if (m[2] === 'IN') return m[3]!.replace(/[()]/g, '').split(', ').some((v) => values[v] === value);
      const other = values[m[3]!];
      return m[2] === '=' ? value === other : m[2] === '<=' ? value <= other : value < other;
    }),
  );
}

function query(input: QueryCommandInput): Item[] {
  const v = input.ExpressionAttributeValues ?? {};
  const [pkName, skName] = input.IndexName ? ['gsi1pk', 'gsi1sk'] : ['pk', 'sk'];
  const cond = input.KeyConditionExpression!;
  let items = [...table.values()].filter((i) => i[pkName] === v[':pk']);
  const between = / BETWEEN (:\w+) AND (:\w+)/.exec(cond);
  if (between) items = items.filter((i) => i[skName] >= v[between[1]!] && i[skName] <= v[between[2]!]);
  const prefix = /begins_with\(sk, (:\w+)\)/.exec(cond);
  if (prefix) items = items.filter((i) => String(i[skName]).startsWith(v[prefix[1]!]));
  items.sort((a, b) => String(a[skName]).localeCompare(String(b[skName])));
  return input.ScanIndexForward === false ? items.reverse() : items;
}

const puts = (sk: RegExp) => docs.commandCalls(PutCommand).map((c) => c.args[0].input).filter((i) => sk.test(String(i.Item!.sk)));
const stored = (pk: string, sk: string) => table.get(keyOf({ pk, sk }));

// ---- API events --------------------------------------------------------------------------------------

const USERS: Record<string, { org: string; isHead: boolean; grants?: Array<{ authority: string; role: string }> }> = {
  '11223344595': { org: '390005', isHead: true },
  '12345678964': { org: '39', isHead: false },
  '10000000012': { org: '390013', isHead: false, grants: [{ authority: 'A', role: 'Просмотр' }] },
};
const as = (org: string) => ({ sub: `u-${org}`, snils: Object.keys(USERS).find((k) => USERS[k]!.org === org)! });

const event = (routeKey: string, pathParameters: Record<string, string>, claims: Record<string, string>, body?: unknown, query: Record<string, string> = {}) =>
  apiEvent(routeKey, pathParameters, claims, { body, query, requestId: `req-${Math.random()}` });
const call = callApi;

const MO = '390005';
const SUBMIT = 'POST /v1/orgs/{org}/hospitalization/submissions';
const submit = (body: unknown) => call(event(SUBMIT, { org: MO }, as(MO), body));
/** The fixture hospital's submission, sent by MO 390005 of Kaliningrad (every section is due). */
const valid = () => ({ ...hospitalSubmission(), mo: MO });
// 07:15 in Kaliningrad on Friday 20.11.2026: the reporting day is Thursday 19.11 (the fixtures' day).
const NOW = new Date('2026-11-20T05:15:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  docs.reset();
  s3.reset();
  table = new Map();
  for (const [snils, u] of Object.entries(USERS)) {
    table.set(keyOf({ pk: `USER#${snils}`, sk: 'PROFILE' }), { pk: `USER#${snils}`, sk: 'PROFILE', snils, fio: 'Тест', org: u.org, isHead: u.isHead, active: true });
    for (const g of u.grants ?? []) table.set(keyOf({ pk: `USER#${snils}`, sk: `GRANT#${g.authority}#${g.role}` }), { pk: `USER#${snils}`, sk: `GRANT#${g.authority}#${g.role}`, ...g });
  }
  docs.on(GetCommand).callsFake((input) => ({ Item: table.get(keyOf(input.Key)) }));
  docs.on(PutCommand).callsFake((input) => {
    const k = keyOf(input.Item);
    if (!holds(input.ConditionExpression, table.get(k), input.ExpressionAttributeValues)) throw conditionFailed();
    table.set(k, structuredClone(input.Item));
    return {};
  });
  docs.on(DeleteCommand).callsFake((input) => {
    const k = keyOf(input.Key);
    if (!holds(input.ConditionExpression, table.get(k), input.ExpressionAttributeValues)) throw conditionFailed();
    table.delete(k);
    return {};
  });
  docs.on(UpdateCommand).callsFake((input) => {
    const k = keyOf(input.Key);
    const item = table.get(k);
    if (!holds(input.ConditionExpression, item, input.ExpressionAttributeValues, input.ExpressionAttributeNames)) throw conditionFailed();
    const sets = /SET (.+?)(?: REMOVE|$)/.exec(input.UpdateExpression)?.[1]?.split(', ') ?? [];
    for (const s of sets) {
      const [name, value] = s.split(' = ');
      item![input.ExpressionAttributeNames![name!]!] = input.ExpressionAttributeValues![value!];
    }
    return {};
  });
  docs.on(QueryCommand).callsFake((input) => ({ Items: query(input) }));
  s3.on(PutObjectCommand).resolves({});
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/orgs/{org}/hospitalization/submissions', () => {
  it('accepts a valid day: content by hash, the receipt with its first acceptance, the free beds of the region', async () => {
    const { status, body } = await submit(valid());
    expect(status).toBe(200);
    expect(body).toMatchObject({
      mo: MO,
      region: '39',
      forDate: FOR_DATE,
      status: 'ACCEPTED',
      outcome: 'created',
      version: 1,
      firstAcceptedAt: NOW.toISOString(),
      counts: { freeBeds: 3, hospitalized: 1, emergency: 2, notHospitalized: 1, referredIn: 1, referralsIssued: 1 },
      errors: 0,
      issues: [],
    });
    const receipt = stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)!;
    expect(receipt).toMatchObject({ gsi1pk: `HOSPDAY#39#${FOR_DATE}`, gsi1sk: MO, status: 'ACCEPTED', source: 'api', version: 1, received: 1, lastOutcome: 'ACCEPTED' });
    expect(stored(`HOSP#${MO}`, `CONTENT#${FOR_DATE}#${receipt.contentHash}`)!.content).toBeInstanceOf(Uint8Array);
    // Free beds: one item per profile with the days, and the MO's pointer.
    expect(stored('BEDS#39', `P#19#${MO}`)).toMatchObject({ stamp: `${FOR_DATE}#000001`, days: [{ date: '2026-11-20', free: 3, releaseDate: '2026-11-19' }, { date: '2026-11-23', free: 5, releaseDate: '2026-11-23' }] });
    expect(stored('BEDS#39', `MO#${MO}`)).toMatchObject({ stamp: `${FOR_DATE}#000001`, profiles: ['19', '61'] });
  });

  it('rejects an invalid day whole (422): every finding with field, section, row, rule and Russian message; nothing replaces the content', async () => {
    await submit(valid());
    const bad = valid();
    bad.freeBeds[1]!.free = -1;
    bad.hospitalized[0]!.enp = ENP1.slice(0, 15) + String((Number(ENP1[15]) + 1) % 10);
    bad.referredIn[0]!.profile = '999';
    const { status, body } = await submit(bad);
    expect(status).toBe(422);
    expect(body).toMatchObject({ status: 'REJECTED', outcome: 'rejected', version: 1, errors: 3, counts: {} });
    expect(body.issues.map((i: any) => [i.field, i.section, i.row, i.code])).toEqual([
      ['freeBeds[1].free', 'freeBeds', 2, 'H010'],
      ['hospitalized[0].enp', 'hospitalized', 1, 'H013'],
      ['referredIn[0].profile', 'referredIn', 1, 'H011'],
    ]);
    expect(body.issues[0].message).toBe('Поле freeBeds[1].free: значение «-1» — количество должно быть целым неотрицательным числом (H010)');
    const receipt = stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)!;
    expect(receipt).toMatchObject({ status: 'ACCEPTED', version: 1, lastOutcome: 'REJECTED', lastErrors: 3, received: 2, firstAcceptedAt: NOW.toISOString() });
    expect(stored('BEDS#39', `P#19#${MO}`)!.days[1].free).toBe(5);
  });

  it('a day rejected first stays REJECTED without content; the wrong day is H004', async () => {
    const { status, body } = await submit({ ...valid(), forDate: '2026-11-18' });
    expect(status).toBe(422);
    expect(body.issues.map((i: any) => [i.field, i.code, i.row])).toEqual([['forDate', 'H004', null]]);
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)).toMatchObject({ status: 'REJECTED', version: 0, lastReceivedAt: NOW.toISOString() });
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)!.firstAcceptedAt).toBeUndefined();
    expect(puts(/^CONTENT#|^P#|^MO#/)).toHaveLength(0);
  });

  it('an identical resend changes nothing; a changed one replaces the content (version 2), keeps the first acceptance and drops a profile no longer sent', async () => {
    await submit(valid());
    const before = structuredClone(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`));
    vi.setSystemTime(new Date(NOW.getTime() + 60_000));
    const again = await submit(valid());
    expect(again.body).toMatchObject({ status: 'ACCEPTED', outcome: 'unchanged', version: 1 });
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)).toEqual(before);

    vi.setSystemTime(new Date(NOW.getTime() + 2 * 3_600_000));
    const changed = valid();
    changed.freeBeds = [{ profile: '19', date: '2026-11-20', free: 1, releaseDate: '2026-11-20' }];
    const replaced = await submit(changed);
    expect(replaced.body).toMatchObject({ status: 'ACCEPTED', outcome: 'replaced', version: 2, firstAcceptedAt: NOW.toISOString(), counts: { freeBeds: 1 } });
    const receipt = stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)!;
    expect(receipt).toMatchObject({ version: 2, lastAcceptedAt: '2026-11-20T07:15:00.000Z', firstAcceptedAt: NOW.toISOString() });
    expect(receipt.contentHash).not.toBe(before!.contentHash);
    const update = puts(/^DAY#/).at(-1)!;
    expect([update.ConditionExpression, update.ExpressionAttributeValues]).toEqual(['version = :v AND received = :n', { ':v': 1, ':n': 1 }]);
    expect(stored('BEDS#39', `P#19#${MO}`)).toMatchObject({ stamp: `${FOR_DATE}#000002`, days: [{ date: '2026-11-20', free: 1 }] });
    expect(stored('BEDS#39', `P#61#${MO}`)).toBeUndefined();
    expect(stored('BEDS#39', `MO#${MO}`)!.profiles).toEqual(['19']);
  });

  it('refuses a «Просмотр» user and another MO’s path; an unknown MO is 404', async () => {
    expect((await call(event(SUBMIT, { org: '390013' }, as('390013'), valid()))).status).toBe(403);
    expect((await call(event(SUBMIT, { org: '390001' }, as(MO), valid()))).status).toBe(403);
    const tfoms = await call(event(SUBMIT, { org: '390099' }, as('39'), valid()));
    expect(tfoms.status).toBe(403);
  });
});

describe('uploads, free beds, receipts and compliance routes', () => {
  it('POST …/uploads: a 10-minute PUT link of one key in the MO’s folder, size and type signed, audited', async () => {
    const { status, body } = await call(event('POST /v1/orgs/{org}/hospitalization/uploads', { org: MO }, as(MO), { size: 2048 }));
    expect(status).toBe(201);
    expect(body.key).toMatch(/^39\/mo\/390005\/hospitalization\/hs-20261120T051500Z-[0-9a-f]{8}\.csv$/);
    const url = new URL(body.uploadUrl);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('600');
    expect(body.headers).toEqual({ 'content-type': 'text/csv', 'content-length': '2048' });
    expect(puts(/./).map((p) => p.Item!.pk)).toContain('AUDIT#390005');
    const big = await call(event('POST /v1/orgs/{org}/hospitalization/uploads', { org: MO }, as(MO), { size: 50 * 1024 * 1024 }));
    expect([big.status, big.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
  });

  it('GET free beds: every MO’s current figures on the day, positive only, by profile; a leftover of an older submission is not shown', async () => {
    await submit(valid());
    // A leftover item of profile 22 from an older submission of the same MO (its stamp is not current).
    table.set(keyOf({ pk: 'BEDS#39', sk: `P#22#${MO}` }), { pk: 'BEDS#39', sk: `P#22#${MO}`, mo: MO, profile: '22', stamp: '2026-11-18#000001', days: [{ date: '2026-11-23', free: 9 }] });
    const r = await call(event('GET /v1/regions/{region}/hospitalization/free-beds', { region: '39' }, as('390013'), undefined, { date: '2026-11-23' }));
    expect(r.status).toBe(200);
    expect(r.body.beds).toEqual([
      { profile: '19', profileName: 'Кардиологические для взрослых', mo: MO, moName: expect.stringContaining('Центральная городская'), free: 5, releaseDate: '2026-11-23', forDate: FOR_DATE, submittedAt: NOW.toISOString() },
    ]);
    expect(r.body.totals).toEqual([{ profile: '19', profileName: 'Кардиологические для взрослых', free: 5, mos: 1 }]);
    const today = await call(event('GET /v1/regions/{region}/hospitalization/free-beds', { region: '39' }, as('39'), undefined, { profile: '61' }));
    expect(today.body).toMatchObject({ date: '2026-11-20', profile: '61', beds: [] });
    expect((await call(event('GET /v1/regions/{region}/hospitalization/free-beds', { region: '39' }, as('39'), undefined, { profile: '999' }))).status).toBe(400);
  });

  it('GET …/form: the day, its due instant, the horizon, the MO’s sections and the reference lists the console checks with', async () => {
    const r = await call(event('GET /v1/orgs/{org}/hospitalization/form', { org: MO }, as(MO)));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ today: '2026-11-20', forDate: FOR_DATE, timeZone: 'Europe/Kaliningrad', dueAt: '2026-11-20T07:00:00.000Z', mo: { code: MO, specializedInpatient: true } });
    expect(r.body.horizon).toEqual(['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    expect(r.body.sections).toEqual(['freeBeds', 'hospitalized', 'emergency', 'notHospitalized', 'referredIn', 'referralsIssued']);
    expect(r.body.bedProfiles).toContainEqual({ code: '19', name: 'Кардиологические для взрослых' });
    expect(r.body.reasons.length).toBeGreaterThan(0);
    expect((await call(event('GET /v1/orgs/{org}/hospitalization/form', { org: '390013' }, as('390013')))).body.sections).toEqual(['referralsIssued']);
  });

  it('GET compliance pages the region’s MOs in code order, filters by status, counts the whole day, writes the report once', async () => {
    const page = (query: Record<string, string>) => call(event('GET /v1/regions/{region}/hospitalization/compliance', { region: '39' }, as('39'), undefined, { date: FOR_DATE, ...query }));
    const all = (await page({})).body;
    expect(all.rows).toHaveLength(15);
    const first = await page({ limit: '6' });
    expect([first.status, first.body.rows.length, first.body.cursor, first.body.counts]).toEqual([200, 6, '6', all.counts]);
    expect(first.body.report.url).toMatch(/^https?:/);
    const reports = s3.commandCalls(PutObjectCommand).length;
    const rest = [first.body];
    while (rest.at(-1)!.cursor) rest.push((await page({ limit: '6', cursor: rest.at(-1)!.cursor })).body);
    expect(rest.map((b) => b.rows.length)).toEqual([6, 6, 3]);
    expect(rest.flatMap((b) => b.rows.map((r: any) => r.mo))).toEqual(all.rows.map((r: any) => r.mo));
    expect(rest[1]!.report).toBeNull();
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(reports);
    const missing = (await page({ status: 'нет сведений' })).body;
    expect(missing.rows.every((r: any) => r.status === 'нет сведений')).toBe(true);
    expect(missing.rows).toHaveLength(all.counts['нет сведений']);
    const bad = await page({ status: 'опоздал', limit: '0' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BAD_STATUS']);
    expect((await page({ cursor: 'abc' })).body.error).toMatchObject({ code: 'INVALID_CURSOR', message: expect.stringContaining('Параметр cursor') });
    expect((await page({ limit: '5000' })).body.error).toMatchObject({ code: 'BAD_LIMIT', message: 'Параметр limit: «5000» — целое от 1 до 1000.' });
  });

  it('GET receipts: the MO’s days newest first, without content', async () => {
    await submit(valid());
    const r = await call(event('GET /v1/orgs/{org}/hospitalization/submissions', { org: MO }, as(MO)));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mo: MO, from: '2026-11-07', to: '2026-11-20', files: [] });
    expect(r.body.days).toEqual([expect.objectContaining({ forDate: FOR_DATE, status: 'ACCEPTED', version: 1, protocol: null })]);
    expect(r.body.days[0].content).toBeUndefined();
    expect(r.body.days[0].contentHash).toBeUndefined();
  });

  it('publishComplianceReport writes the XLSX at the day’s key: on time, late and missing', async () => {
    await submit(valid());
    const receipt = (mo: string, at: string, status = 'ACCEPTED') => ({
      pk: `HOSP#${mo}`, sk: `DAY#${FOR_DATE}`, gsi1pk: `HOSPDAY#39#${FOR_DATE}`, gsi1sk: mo, region: '39', mo, forDate: FOR_DATE, status, lastReceivedAt: at, ...(status === 'ACCEPTED' ? { firstAcceptedAt: at } : {}),
    });
    table.set(keyOf({ pk: 'HOSP#390001', sk: `DAY#${FOR_DATE}` }), receipt('390001', '2026-11-20T07:30:00.000Z'));
    table.set(keyOf({ pk: 'HOSP#390013', sk: `DAY#${FOR_DATE}` }), receipt('390013', '2026-11-20T06:00:00.000Z', 'REJECTED'));
    const out = await publishComplianceReport('39', FOR_DATE, new Date('2026-11-20T08:00:00Z'));
    expect(out).toEqual({ key: `39/tfoms/hospitalization/compliance/${FOR_DATE}.xlsx`, rows: 15 });
    const put = s3.commandCalls(PutObjectCommand).at(-1)!.args[0].input;
    expect([put.Bucket, put.Key]).toEqual(['outbox', out.key]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(put.Body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Код МО', 'Наименование МО', 'Представлено (Europe/Kaliningrad, UTC+2)', 'Представлено (UTC)', 'Статус', 'Примечание']);
    const rows = new Map(sheet.getRows(2, sheet.rowCount - 1)!.map((r) => [String(r.getCell(1).value), r]));
    expect(rows.get('390005')!.getCell(5).value).toBe('в срок');
    // A typed date-time: Kaliningrad's wall clock (UTC+2), shown as ДД.ММ.ГГГГ ЧЧ:ММ:СС.
    expect(rows.get('390005')!.getCell(3).value).toEqual(new Date('2026-11-20T07:15:00.000Z'));
    expect(rows.get('390005')!.getCell(3).numFmt).toBe('dd.mm.yyyy hh:mm:ss');
    expect(rows.get('390005')!.getCell(4).value).toEqual(new Date('2026-11-20T05:15:00.000Z'));
    expect(rows.get('390013')!.getCell(3).value).toBeNull();
    expect(rows.get('390001')!.getCell(5).value).toBe('с опозданием');
    expect(rows.get('390013')!.getCell(5).value).toBe('нет сведений');
    expect(String(rows.get('390013')!.getCell(6).value)).toContain('отклонены ФЛК');
    expect(rows.get('390003')!.getCell(5).value).toBe('нет сведений');
  });
});

describe('a horizon reaching 2027, whose decree is not loaded: the provisional calendar (art. 112 ТК РФ)', () => {
  // 08:00 in Kaliningrad. Each day's horizon: today and ten working days after it.
  const DAYS = [
    { now: '2026-12-20T06:00:00Z', forDate: '2026-12-19', horizon: ['2026-12-20', '2026-12-21', '2026-12-22', '2026-12-23', '2026-12-24', '2026-12-25', '2026-12-28', '2026-12-29', '2026-12-30', '2027-01-11', '2027-01-12'] },
    { now: '2027-01-15T06:00:00Z', forDate: '2027-01-14', horizon: ['2027-01-15', '2027-01-18', '2027-01-19', '2027-01-20', '2027-01-21', '2027-01-22', '2027-01-25', '2027-01-26', '2027-01-27', '2027-01-28', '2027-01-29'] },
  ];

  for (const day of DAYS) {
    it(`${day.now}: the submission is accepted and its protocol says the calendar is provisional`, async () => {
      vi.setSystemTime(new Date(day.now));
      const { status, body } = await submit({ ...submissionFor(day.forDate, [day.horizon[0]!, day.horizon.at(-1)!]), mo: MO });
      expect(body.issues).toEqual([]);
      expect([status, body.status, body.forDate]).toEqual([200, 'ACCEPTED', day.forDate]);
      expect(body.calendar).toEqual({ provisional: true, years: [2027], note: expect.stringMatching(/^календарь предварительный: 2027 год — по ст\. 112 ТК РФ/) });
    });
  }

  it('the horizon skips 1–8 January 2027 (and 31.12.2026, a day off by the 2026 decree): beds on those days are refused', async () => {
    vi.setSystemTime(new Date(DAYS[0]!.now));
    for (const off of ['2026-12-31', '2027-01-05', '2027-01-08']) {
      const { status, body } = await submit({ ...submissionFor(DAYS[0]!.forDate, [DAYS[0]!.horizon[0]!, off]), mo: MO });
      expect(status).toBe(422);
      expect(body.issues.map((i: any) => [i.code, i.field])).toEqual([['H009', 'freeBeds[1].date']]);
      expect(body.issues[0].message).toContain('2026-12-20 … 2027-01-12');
    }
  });

  it('a day whose horizon stays in a year with a decree carries no flag', async () => {
    const { body } = await submit(valid());
    expect(body.status).toBe('ACCEPTED');
    expect(body.calendar).toBeUndefined();
  });

  it('the compliance report of 31.12.2026 (due 01.01.2027) says so, in JSON and in the XLSX summary', async () => {
    const out = await publishComplianceReport('39', '2026-12-31', new Date('2027-01-01T08:00:00Z'));
    const put = s3.commandCalls(PutObjectCommand).at(-1)!.args[0].input;
    expect(put.Key).toBe(out.key);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(put.Body as unknown as ArrayBuffer);
    const summary = workbook.getWorksheet('Сводка')!;
    const lines = summary.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).join(' | '));
    expect(lines.at(-1)).toMatch(/^Производственный календарь \| календарь предварительный: 2027 год/);
    const earlier = await publishComplianceReport('39', '2026-11-19', new Date('2026-11-20T08:00:00Z'));
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(s3.commandCalls(PutObjectCommand).at(-1)!.args[0].input.Body as unknown as ArrayBuffer);
    expect(earlier.key).toContain('2026-11-19');
    expect(JSON.stringify(again.getWorksheet('Сводка')!.getSheetValues())).not.toContain('предварительный');
  });
});

describe('hospitalization-file handler', () => {
  const FILE_ID = 'f0123456789abcdef012';
  const KEY = '39/mo/390005/hospitalization/hs-20261120T051500Z-1a2b3c4d.csv';
  const fileRecord = (extra: Item = {}) => ({
    pk: `FILE#${FILE_ID}`, sk: 'META', fileId: FILE_ID, kind: 'hospitalization', sender: '39', bucket: 'inbox', key: KEY,
    prefix: '39/mo/390005/hospitalization', name: 'hs-20261120T051500Z-1a2b3c4d.csv', etag: 'e1', size: 100,
    receivedAt: '2026-11-20T05:15:00.000Z', phase: 'VALIDATING', chunkCount: 1, updatedAt: '2026-11-20T05:15:00.000Z', ...extra,
  });
  const sqs = (...ids: string[]): SQSEvent => ({
    Records: ids.map((fileId, i) => ({
      messageId: `m${i}`, receiptHandle: 'h', body: JSON.stringify({ fileId }), attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 's', ApproximateFirstReceiveTimestamp: '1' },
      messageAttributes: {}, md5OfBody: 'x', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:hospitalization-files', awsRegion: 'eu-central-1',
    })),
  });
  const protocolCsv = () => {
    const put = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input).find((i) => String(i.Key).endsWith('.flk.csv'))!;
    return { key: put.Key!, text: Buffer.from(put.Body as Uint8Array).toString('utf8') };
  };

  it('a windows-1251 file with injected errors: REJECTED, the protocol names line, column and rule, the day records it', async () => {
    const good = submissionToCsv(valid());
    const csv = `${good.replace(`;${ENP1};`, `;${ENP1.slice(0, 15)}${(Number(ENP1[15]) + 1) % 10};`)}ВЫПИСКА;;;;;;;;;;;;\r\n`;
    const lines = csv.split('\r\n').filter(Boolean).length;
    const bytes = iconv.encode(csv, 'win1251');
    table.set(keyOf({ pk: `FILE#${FILE_ID}`, sk: 'META' }), fileRecord({ size: bytes.length }));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([bytes]) }));
    expect(await fileHandler(sqs(FILE_ID), context)).toEqual({ batchItemFailures: [] });
    const { key, text } = protocolCsv();
    expect(key).toMatch(/^39\/mo\/390005\/hospitalization\/protocols\/hs-20261120T051500Z-1a2b3c4d\.csv\/20261120T051500Z-f0123456789abcdef012\.flk\.csv$/);
    expect(text).toContain('Статус;ОТКЛОНЁН');
    expect(text).toContain('Кодировка;windows-1251');
    expect(text).toContain(`Строк данных;${lines - 1}\r\nПринято строк;0\r\nОтклонено строк;${lines - 1}\r\nОшибок;2`);
    const hospitalizedLine = csv.split('\r\n').findIndex((l) => l.startsWith('HOSPITALIZED')) + 1;
    expect(text).toMatch(new RegExp(`\\n${hospitalizedLine};ENP;\\d{16};H013;ошибка;Строка ${hospitalizedLine}, поле ENP: `));
    expect(text).toContain(`\n${lines};SECTION;ВЫПИСКА;H025;ошибка;Строка ${lines}, поле SECTION: значение «ВЫПИСКА» — раздел (SECTION) должен быть одним из: ZGLV, FREE_BEDS,`);
    expect(stored(`FILE#${FILE_ID}`, 'META')).toMatchObject({ phase: 'DONE', status: 'REJECTED', errors: 2, protocolCsvKey: key });
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)).toMatchObject({ status: 'REJECTED', source: 'file', fileId: FILE_ID, protocolCsvKey: key });
    expect(stored(`HOSP#${MO}`, `FILE#2026-11-20T05:15:00.000Z#${FILE_ID}`)).toMatchObject({ status: 'REJECTED', outcome: 'rejected', errors: 2, forDate: FOR_DATE });
  });

  it('a file received on 20.12.2026 (horizon into 2027, no decree) is accepted; its upload record says the calendar is provisional', async () => {
    const at = '2026-12-20T06:00:00.000Z';
    const bytes = Buffer.from(submissionToCsv({ ...submissionFor('2026-12-19', ['2026-12-20', '2027-01-12']), mo: MO }), 'utf8');
    table.set(keyOf({ pk: `FILE#${FILE_ID}`, sk: 'META' }), fileRecord({ size: bytes.length, receivedAt: at }));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([bytes]) }));
    await fileHandler(sqs(FILE_ID), context);
    expect(stored(`HOSP#${MO}`, 'DAY#2026-12-19')).toMatchObject({ status: 'ACCEPTED', source: 'file' });
    expect(stored(`HOSP#${MO}`, `FILE#${at}#${FILE_ID}`)).toMatchObject({ status: 'ACCEPTED', calendar: { provisional: true, years: [2027] } });
  });

  it('a valid file is accepted like JSON; a redelivered message finds it done and writes nothing', async () => {
    const bytes = Buffer.from(submissionToCsv(valid()), 'utf8');
    table.set(keyOf({ pk: `FILE#${FILE_ID}`, sk: 'META' }), fileRecord({ size: bytes.length }));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([bytes]) }));
    await fileHandler(sqs(FILE_ID), context);
    expect(protocolCsv().text).toContain('Статус;ПРИНЯТ');
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)).toMatchObject({ status: 'ACCEPTED', source: 'file', version: 1, firstAcceptedAt: '2026-11-20T05:15:00.000Z', counts: { freeBeds: 3 } });
    expect(stored('BEDS#39', `MO#${MO}`)).toMatchObject({ profiles: ['19', '61'] });
    const writes = docs.commandCalls(PutCommand).length + docs.commandCalls(UpdateCommand).length;
    await fileHandler(sqs(FILE_ID), context);
    expect(docs.commandCalls(PutCommand).length + docs.commandCalls(UpdateCommand).length).toBe(writes);
  });

  it('binary bytes under the .csv name: REJECTED with one F013 finding', async () => {
    const bytes = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj', 'latin1');
    table.set(keyOf({ pk: `FILE#${FILE_ID}`, sk: 'META' }), fileRecord({ size: bytes.length }));
    s3.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([bytes]) }));
    expect(await fileHandler(sqs(FILE_ID), context)).toEqual({ batchItemFailures: [] });
    const findings = protocolCsv().text.split('\r\n').filter((l) => /;F\d{3};|;H\d{3};/.test(l));
    expect(findings).toEqual([expect.stringContaining('F013;ошибка;"Файл: файл не является текстом CSV (это PDF)')]);
    expect(stored(`HOSP#${MO}`, `DAY#${FOR_DATE}`)).toMatchObject({ status: 'REJECTED', source: 'file' });
  });

  it('a read that keeps failing on throttling is retried, and on the last receive the file is REJECTED (F014) for the MO to see', async () => {
    table.set(keyOf({ pk: `FILE#${FILE_ID}`, sk: 'META' }), fileRecord({ size: 500 }));
    s3.on(GetObjectCommand).rejects(Object.assign(new Error('Slow Down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
    const receive = (count: number): SQSEvent => {
      const event = sqs(FILE_ID);
      event.Records[0]!.attributes.ApproximateReceiveCount = String(count);
      return event;
    };
    // Not the last receive: the record fails (the whole batch here) and SQS delivers it again.
    await expect(fileHandler(receive(4), context)).rejects.toThrow(/All records failed/);
    expect(stored(`FILE#${FILE_ID}`, 'META')).toMatchObject({ phase: 'VALIDATING' });
    expect(await fileHandler(receive(5), context)).toEqual({ batchItemFailures: [] });
    expect(stored(`FILE#${FILE_ID}`, 'META')).toMatchObject({ phase: 'DONE', status: 'REJECTED' });
    expect(protocolCsv().text).toMatch(/F014;ошибка;"Файл: проверку файла не удалось завершить \(5 попыток подряд завершились сбоем: временная ошибка хранилища или сети \(SlowDown\)\)/);
    expect(stored(`HOSP#${MO}`, `FILE#2026-11-20T05:15:00.000Z#${FILE_ID}`)).toMatchObject({ status: 'REJECTED', outcome: 'rejected', forDate: FOR_DATE });
  });
});
