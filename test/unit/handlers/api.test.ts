import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';
import { apiEvent, callApi } from '../../support/api-event.js';
import { seedCampaignsOnly } from '../../support/campaigns-mock.js';

process.env.OMS_MAIN_TABLE = 'main';
process.env.OMS_OUTBOX_BUCKET = 'outbox';
const ddb = mockClient(DynamoDBDocumentClient);

const ENP = '7756410834000012';
const USERS: Record<string, { org: string }> = { '11223344595': { org: '77' }, '12345678964': { org: '50' }, '10000000012': { org: 'FOMS' } };
const person = { enp: ENP, fam: 'Иванов', im: 'Иван', w: 1, dr: '1985-03-15', mo: '771001', smo: '77008', dsChronic: [], region: '77', src: 's', srcLine: 2 };

/** A token of a registered user of `org` (fund staff). */
const as = (org: string) => ({ sub: `u-${org}`, snils: Object.keys(USERS).find((k) => USERS[k]!.org === org)! });

const event = apiEvent;
const call = callApi;

describe('api handler', () => {
  beforeEach(async () => {
    ddb.reset();
    await seedCampaignsOnly(ddb);
    ddb.on(GetCommand, { Key: { pk: `P#${ENP}`, sk: 'PERSON' } }).resolves({ Item: { pk: `P#${ENP}`, sk: 'PERSON', ...person } });
    ddb.on(GetCommand, { Key: { pk: `P#${ENP}`, sk: 'GRP#ud-2021' } }).resolves({
      Item: { decision: { eligible: true, group: 4, code: 'G4_OTHER', reason: 'Прочие' } },
    });
    ddb.on(GetCommand, { Key: { pk: `P#${ENP}`, sk: 'GRP#ud-2026' } }).resolves({});
    ddb.on(GetCommand, { Key: { pk: `P#${ENP}`, sk: 'PLAN#ud-2021' } }).resolves({
      Item: { pk: `P#${ENP}`, sk: 'PLAN#ud-2021', gsi1pk: 'PLANS#ud-2021#12#77008', enp: ENP, campaignId: 'ud-2021', mo: '771001', mark: 'запланирован', date: '2021-07-01', time: '10:30' },
    });
    ddb.on(GetCommand, { Key: { pk: `P#${ENP}`, sk: 'PLAN#ud-2026' } }).resolves({});
    ddb.on(PutCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    for (const [snils, { org }] of Object.entries(USERS)) {
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${snils}` } }).resolves({
        Items: [{ pk: `USER#${snils}`, sk: 'PROFILE', snils, fio: 'Тест', org, isHead: false, active: true }],
      });
    }
  });

  it('publishes an OpenAPI document with every route, without a token', async () => {
    const { status, body } = await call(event('GET /openapi.json'));
    expect(status).toBe(200);
    for (const route of API_ROUTES) expect(body.paths[route.path][route.method.toLowerCase()].summary).toBe(route.summary);
  });

  it('describes the comment a returned document carries (the console sends it through the typed client)', async () => {
    const { body } = await call(event('GET /openapi.json'));
    const schema = body.paths['/v1/orgs/{org}/documents/{kind}/{docId}/return'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.comment.type).toBe('string');
  });

  it('returns a person of the caller’s region and writes an audit record', async () => {
    const { status, body } = await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: ENP }, as('77')));
    expect(status).toBe(200);
    expect(body.person.fam).toBe('Иванов');
    expect(body.groups).toEqual([
      { campaignId: 'ud-2021', decision: { eligible: true, group: 4, code: 'G4_OTHER', reason: 'Прочие' } },
      { campaignId: 'ud-2026', decision: null },
    ]);
    // The registry entry of stages 2–3, without storage keys.
    expect(body.plans).toEqual([{ enp: ENP, campaignId: 'ud-2021', mo: '771001', mark: 'запланирован', date: '2021-07-01', time: '10:30' }]);
    const audits = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ pk: 'AUDIT#77', actor: '11223344595', action: 'person-read', subject: ENP });
  });

  it('refuses a TFOMS of another region in Russian, says whom to ask, and audits nothing', async () => {
    const { status, body } = await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: ENP }, as('50')));
    expect(status).toBe(403);
    expect(body.error.message).toContain('Нет доступа к данным региона 77');
    expect(body.error.message).toContain('@foms_bot');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('does not show a person of another region under this region', async () => {
    const { status } = await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '50', enp: ENP }, as('50')));
    expect(status).toBe(404);
  });

  it('refuses a valid token of a person nobody registered', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'USER#11223344596' } }).resolves({ Items: [] });
    const { status, body } = await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: ENP }, { sub: 'x', snils: '112-233-445 96' }));
    expect(status).toBe(403);
    expect(body.error.code).toBe('NOT_REGISTERED');
  });

  it('lets FOMS read every region', async () => {
    expect((await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: ENP }, as('FOMS')))).status).toBe(200);
  });

  it('explains a malformed ЕНП and a missing token', async () => {
    const bad = await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: '123' }, as('77')));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('ЕНП должен состоять из 16 цифр');
    expect((await call(event('GET /v1/regions/{region}/persons/{enp}', { region: '77', enp: ENP }))).status).toBe(401);
  });

  it('sums shard stats into the stage 1.6 summary with names from the registries', async () => {
    const shard = (byMo: Record<string, number[]>) =>
      JSON.stringify({ persons: 3, eligible: 2, byGroup: { '1': 1, '2': 0, '3': 1, '4': 0 }, byMo, bySmo: { '77008': [1, 0, 1, 0] }, exclusions: { DIED: 1 } });
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'STATS#ud-2021#77' } }).resolves({
      Items: [{ stats: shard({ '771001': [1, 0, 1, 0] }) }, { stats: shard({ '771001': [1, 0, 1, 0] }) }],
    });
    const { status, body } = await call(
      event('GET /v1/campaigns/{campaignId}/regions/{region}/summary', { campaignId: 'ud-2021', region: '77' }, as('77')),
    );
    expect(status).toBe(200);
    expect(body.persons).toBe(6);
    expect(body.byGroup).toEqual({ '1': 2, '2': 0, '3': 2, '4': 0 });
    expect(body.byMo).toEqual([{ code: '771001', name: 'ГБУЗ "Городская поликлиника № 2 ДЗМ"', byGroup: { '1': 2, '2': 0, '3': 2, '4': 0 }, total: 4 }]);
    expect(body.exclusions).toEqual([{ code: 'DIED', label: 'Умер', count: 2 }]);
    expect(body.conflicts).toEqual({ asHolder: {}, asClaimant: {} });
  });

  it('counts the region’s open cross-region conflicts by reason, as holder and as claimant, in the summary', async () => {
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CONFLICTS#77', ':open': 'OPEN#' } }).resolves({
      Items: [
        { claimant: '23', reason: 'MOVED' },
        { claimant: '23', reason: 'DUPLICATE' },
        { claimant: '50', reason: 'DUPLICATE' },
        { claimant: '77', reason: 'DUPLICATE' },
      ],
    });
    const { body } = await call(event('GET /v1/campaigns/{campaignId}/regions/{region}/summary', { campaignId: 'ud-2021', region: '77' }, as('77')));
    expect(body.conflicts).toEqual({ asHolder: { MOVED: 1, DUPLICATE: 2 }, asClaimant: { DUPLICATE: 1 } });
  });

  it('lists in the summary the persons a recompute could not decide, and audits handing them out', async () => {
    const shard = JSON.stringify({ persons: 1, eligible: 1, byGroup: { '1': 0, '2': 0, '3': 0, '4': 1 }, byMo: {}, bySmo: {}, exclusions: {} });
    const reason = 'Группа не определена: ошибка в данных лица (TypeError: x); лицо не учтено в счётчиках';
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'STATS#ud-2021#77' } }).resolves({
      Items: [
        { stats: shard, errorCount: 0, errors: '[]' },
        { stats: shard, errorCount: 1, errors: JSON.stringify([{ enp: ENP, reason }]) },
        { stats: shard },
      ],
    });
    const { status, body } = await call(
      event('GET /v1/campaigns/{campaignId}/regions/{region}/summary', { campaignId: 'ud-2021', region: '77' }, as('77')),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ computed: true, persons: 3, errors: { count: 1, persons: [{ enp: ENP, reason }] } });
    const audits = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => i.action === 'recompute-errors');
    expect(audits).toHaveLength(1);
  });

  it('answers 404 for an unknown campaign', async () => {
    const { status, body } = await call(
      event('GET /v1/campaigns/{campaignId}/regions/{region}/summary', { campaignId: 'nope', region: '77' }, as('77')),
    );
    expect(status).toBe(404);
    expect(body.error.code).toBe('CAMPAIGN_NOT_FOUND');
  });
});
