import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiEvent, callApi } from '../../support/api-event.js';
import { seedCampaignsOnly } from '../../support/campaigns-mock.js';

process.env.OMS_MAIN_TABLE = 'main';
const ddb = mockClient(DynamoDBDocumentClient);

const TFOMS = { sub: 'u-77', snils: '11223344595' };
const EXCL = 'GET /v1/campaigns/{campaignId}/regions/{region}/exclusions';
const enp = (n: number) => `77000000000000${String(n).padStart(2, '0')}`;

const event = (routeKey: string, pathParameters: Record<string, string>, query: Record<string, string> = {}) => apiEvent(routeKey, pathParameters, TFOMS, { query });
const call = callApi;

const excluded = (n: number, card?: object) => ({
  pk: `P#${enp(n)}`,
  sk: 'GRP#ud-2026',
  enp: enp(n),
  campaignId: 'ud-2026',
  region: '77',
  mo: '771001',
  smo: '77008',
  decision: { eligible: false, exclusion: 'UNDER_18', reason: 'Не достиг 18 лет', eligibleFrom: '2027-01-01' },
  ...(card ? { card } : {}),
});
const personItem = (n: number, fam: string) => ({ pk: `P#${enp(n)}`, sk: 'PERSON', enp: enp(n), fam, im: 'Пётр', dr: '2010-05-01', region: '77' });

describe('the exclusion list (stage 1.6, audited)', () => {
  beforeEach(async () => {
    ddb.reset();
    await seedCampaignsOnly(ddb);
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${TFOMS.snils}` } }).resolves({
      Items: [{ pk: `USER#${TFOMS.snils}`, sk: 'PROFILE', snils: TFOMS.snils, fio: 'Тест', org: '77', isHead: false, active: true }],
    });
    ddb.on(PutCommand).resolves({});
  });

  it('names persons from the cards stored with their decisions: one query, no per-row reads', async () => {
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({
      Items: [excluded(1, { fam: 'Сидоров', im: 'Пётр', ot: 'Ильич', dr: '2010-05-01', w: 1 }), excluded(2, { fam: 'Петрова', im: 'Анна', dr: '2011-02-03', w: 2 })],
    });
    const { status, body } = await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    expect(status).toBe(200);
    expect(body.persons).toEqual([
      { enp: enp(1), fio: 'Сидоров Пётр Ильич', dr: '2010-05-01', mo: '771001', smo: '77008', exclusion: 'UNDER_18', reason: 'Не достиг 18 лет', eligibleFrom: '2027-01-01' },
      { enp: enp(2), fio: 'Петрова Анна', dr: '2011-02-03', mo: '771001', smo: '77008', exclusion: 'UNDER_18', reason: 'Не достиг 18 лет', eligibleFrom: '2027-01-01' },
    ]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('reads persons of decisions stored without a card in one BatchGet of distinct keys', async () => {
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({
      // A decision written before cards were stored, twice on the page (e.g. a page repeated by a retry).
      Items: [excluded(1), excluded(2, { fam: 'Петрова', im: 'Анна', dr: '2011-02-03', w: 2 }), excluded(3), excluded(1)],
    });
    ddb.on(BatchGetCommand).resolves({ Responses: { main: [personItem(1, 'Сидоров')] } });
    const { status, body } = await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    expect(status).toBe(200);
    expect(body.persons.map((p: { fio: string | null; dr: string | null }) => [p.fio, p.dr])).toEqual([
      ['Сидоров Пётр', '2010-05-01'],
      ['Петрова Анна', '2011-02-03'],
      // Gone from the register since: the row stays, without a name.
      [null, null],
      ['Сидоров Пётр', '2010-05-01'],
    ]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    const gets = ddb.commandCalls(BatchGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.args[0].input.RequestItems!.main!.Keys).toEqual([
      { pk: `P#${enp(1)}`, sk: 'PERSON' },
      { pk: `P#${enp(3)}`, sk: 'PERSON' },
    ]);
  });

  it('writes one audit record per call, with a single conditional put and no read of the log', async () => {
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [excluded(1, { fam: 'Сидоров', im: 'Пётр', dr: '2010-05-01', w: 1 })] });
    await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(2);
    for (const put of puts) {
      expect(put.Item).toMatchObject({ pk: 'AUDIT#77', actor: TFOMS.snils, org: '77', action: 'exclusions-list', subject: 'ud-2026/77', requestId: 'req-1' });
      expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    }
    expect(puts[0]!.Item!.sk).not.toBe(puts[1]!.Item!.sk);
    // Only the caller's profile and the list are queried: nothing reads the audit log.
    const queried = ddb.commandCalls(QueryCommand).map((c) => String(c.args[0].input.ExpressionAttributeValues?.[':pk']));
    expect(queried.filter((pk) => pk.startsWith('AUDIT'))).toEqual([]);
  });

  it('spreads the national per-day audit index over shards: no one hot partition for every access in the country', async () => {
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [] });
    for (let i = 0; i < 40; i++) await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    const items = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    for (const item of items) {
      expect(item.gsi1pk).toMatch(new RegExp(`^AUDITDAY#${String(item.at).slice(0, 10)}#[0-9a-f]$`));
      // The index sorts a day's records by time within each shard.
      expect(String(item.gsi1sk).startsWith(String(item.at))).toBe(true);
    }
    expect(new Set(items.map((i) => i.gsi1pk)).size).toBeGreaterThan(4);
  });

  it('returns no personal data when the audit record cannot be written', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    ddb.on(QueryCommand, { IndexName: 'gsi1' }).resolves({ Items: [excluded(1, { fam: 'Сидоров', im: 'Пётр', dr: '2010-05-01', w: 1 })] });
    const { status, body } = await call(event(EXCL, { campaignId: 'ud-2026', region: '77' }));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('Сидоров');
  });
});

describe('the SMO’s persons not yet informed (stage 4, audited)', () => {
  const SMO_HEAD = { sub: 'u-smo', snils: '12345678964' };
  const NOT_INFORMED = 'GET /v1/orgs/{org}/informing-targets/{campaignId}/not-informed';
  const plan = (n: number, mo = '771001') => ({
    pk: `P#${enp(n)}`,
    sk: 'PLAN#ud-2026',
    gsi1pk: 'PLANS#ud-2026#12#77008',
    gsi1sk: `77#${mo}#${enp(n)}`,
    enp: enp(n),
    region: '77',
    mo,
    group: 1,
    mark: 'запланирован',
    date: '2026-12-10',
    time: '09:30',
  });
  const smoEvent = (query: Record<string, string> = { batch: '12' }) => {
    const e = event(NOT_INFORMED, { org: '77008', campaignId: 'ud-2026' }, query);
    e.requestContext.authorizer = { jwt: { claims: SMO_HEAD, scopes: [] } } as never;
    return e;
  };

  beforeEach(async () => {
    ddb.reset();
    await seedCampaignsOnly(ddb);
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${SMO_HEAD.snils}` } }).resolves({
      Items: [{ pk: `USER#${SMO_HEAD.snils}`, sk: 'PROFILE', snils: SMO_HEAD.snils, fio: 'Руководитель СМО', org: '77008', isHead: true, active: true }],
    });
    ddb.on(PutCommand).resolves({});
    ddb.on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'PLANS#ud-2026#12#77008', ':region': '77#' } }).resolves({ Items: [plan(1), plan(2), plan(3)] });
    // Person 2 was informed by SMS; person 3 could not be reached (still open).
    ddb.on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'INFR#ud-2026#12#77008', ':from': `77#771001#${enp(1)}`, ':to': `77#771001#${enp(3)}#~` } }).resolves({
      Items: [
        { region: '77', mo: '771001', enp: enp(2), date: '2026-12-01', channel: '01', result: '1' },
        { region: '77', mo: '771001', enp: enp(3), date: '2026-12-02', channel: '03', result: '2' },
      ],
    });
    ddb.on(BatchGetCommand).resolves({
      Responses: { main: [{ enp: enp(1), card: { fam: 'Сидоров', im: 'Пётр', dr: '1950-01-02', phone: '+79160000001' } }, { enp: enp(3), card: { fam: 'Петрова', im: 'Анна', dr: '1951-03-04' } }] },
    });
  });

  it('lists the open persons with names from one BatchGet of their cards, and audits the access once', async () => {
    const { status, body } = await call(smoEvent());
    expect(status).toBe(200);
    expect(body.persons.map((p: { enp: string; fio: string; phone: string | null }) => [p.enp, p.fio, p.phone])).toEqual([
      [enp(1), 'Сидоров Пётр', '+79160000001'],
      [enp(3), 'Петрова Анна', null],
    ]);
    const gets = ddb.commandCalls(BatchGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.args[0].input.RequestItems!.main!.Keys).toEqual([
      { pk: `P#${enp(1)}`, sk: 'GRP#ud-2026' },
      { pk: `P#${enp(3)}`, sk: 'GRP#ud-2026' },
    ]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    const audits = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ pk: 'AUDIT#77008', actor: SMO_HEAD.snils, action: 'informing-not-informed', subject: '77008/ud-2026/12' });
  });

  it('names persons from the card their registry entry carries; reads cards only for entries without one', async () => {
    const carded = { ...plan(1), card: { fio: 'Сидоров Пётр Ильич', dr: '1950-01-02', phone: '+79160000009' } };
    ddb.on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'PLANS#ud-2026#12#77008', ':region': '77#' } }).resolves({ Items: [carded, plan(2), plan(3)] });
    const { status, body } = await call(smoEvent());
    expect(status).toBe(200);
    expect(body.persons.map((p: { enp: string; fio: string; phone: string | null }) => [p.enp, p.fio, p.phone])).toEqual([
      [enp(1), 'Сидоров Пётр Ильич', '+79160000009'],
      [enp(3), 'Петрова Анна', null],
    ]);
    const gets = ddb.commandCalls(BatchGetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.args[0].input.RequestItems!.main!.Keys).toEqual([{ pk: `P#${enp(3)}`, sk: 'GRP#ud-2026' }]);
  });

  it('reads no card at all when every open entry carries one', async () => {
    const withCard = (n: number) => ({ ...plan(n), card: { fio: `Лицо ${n}` } });
    ddb.on(QueryCommand, { IndexName: 'gsi1', ExpressionAttributeValues: { ':pk': 'PLANS#ud-2026#12#77008', ':region': '77#' } }).resolves({ Items: [withCard(1), withCard(2), withCard(3)] });
    const { status, body } = await call(smoEvent());
    expect(status).toBe(200);
    expect(body.persons.map((p: { fio: string }) => p.fio)).toEqual(['Лицо 1', 'Лицо 3']);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });

  it('returns no personal data when the audit record cannot be written', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    const { status, body } = await call(smoEvent());
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('Сидоров');
  });

  it('refuses a bad limit in Russian before reading or auditing anything', async () => {
    const { status, body } = await call(smoEvent({ batch: '12', limit: '5000' }));
    expect(status).toBe(400);
    expect(body.error.message).toContain('limit');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
  });
});
