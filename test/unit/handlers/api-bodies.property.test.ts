import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../../functions/catalog.js';
import { createDocument, type OmsDocument } from '../../../shared/access/documents.js';
import { ROLES, type Principal } from '../../../shared/access/model.js';
import { decide } from '../../../shared/access/rules.js';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';
import { BUCKETS, ENV, TABLES, bucketEnvName, pathParamsOf, queueEnvName, tableEnvName, topicEnvName, TOPICS } from '../../../shared/runtime/declarations.js';
import { ReturnRequest } from '../../../shared/services/api/abonent.js';
import { targetOf } from '../../../shared/services/api/authorize.js';
import { ApiError, parseBody } from '../../../shared/services/api/http.js';
import { apiEvent, callApi } from '../../support/api-event.js';
import { checkAsyncProperty, RUSSIAN } from '../../support/property.js';

/**
 * Every route that takes a body (POST, PUT), through the real API handler in-process — JSON
 * parse, path check, access check, the route's body schema and handler — on an empty store
 * (aws-sdk-client-mock): random JSON gets a 4xx with a Russian message (or a 2xx where the body is
 * valid or unused), never a 5xx.
 */
for (const bucket of BUCKETS) process.env[bucketEnvName(bucket)] = bucket;
for (const table of TABLES) process.env[tableEnvName(table)] = table;
for (const topic of TOPICS) process.env[topicEnvName(topic)] = `arn:aws:sns:eu-central-1:000000000000:${topic}`;
for (const queue of QUEUES) process.env[queueEnvName(queue.id)] = `https://sqs.local/000000000000/${queue.id}`;
process.env[ENV.cursorKey] = 'property-test-cursor-key-0123456789abcdef';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);

const SNILS = '11223344595';
const person = (org: string, extra: Partial<Principal> = {}): Principal => ({ snils: SNILS, fio: 'Тест Тестович', org, isHead: false, grants: [], active: true, ...extra });
/** Callers tried in turn until the route's rule admits one: the funds, heads, then staff with each grant. */
const CALLERS: Principal[] = [
  person('FOMS'),
  person('77'),
  person('771001', { isHead: true }),
  person('77008', { isHead: true }),
  ...(['A', 'B'] as const).flatMap((authority) => ROLES.map((role) => person('771001', { grants: [{ authority, role }] }))),
];
const ORGS = ['771001', '77008', '77', 'FOMS'];

/** Path parameters (each parameter's own example) and a caller the route admits. */
function callFor(route: (typeof API_ROUTES)[number]): { params: Record<string, string>; caller: Principal } {
  const examples = Object.fromEntries(Object.entries(pathParamsOf(route)).map(([name, p]) => [name, p!.example]));
  for (const org of ORGS) {
    const params = 'org' in examples ? { ...examples, org } : examples;
    for (const caller of CALLERS) if (decide(caller, route.access, targetOf({ pathParameters: params })).allow) return { params, caller };
  }
  throw new Error(`${route.method} ${route.path}: no caller admitted`);
}

/** Field names the API bodies use, so random objects often reach a schema's second field. */
const KEYS = ['payload', 'size', 'name', 'format', 'rows', 'reason', 'note', 'comment', 'role', 'snils', 'fio', 'decision', 'accept', 'enp', 'date', 'channel', 'result', 'mo', 'forDate', 'freeBeds', 'hospitalized', 'schedule', 'campaign', 'id', 'year', 'kind', 'phone', 'email', 'contacts', 'head', 'isHead', 'grants', 'authority', 'transfers', 'workingWeekends', 'holidayShifts', 'decree', 'steps', 'batches', 'region', 'smo', 'group', 'profile', 'free'];
const body = fc.oneof(
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.string(), fc.integer(), fc.constantFrom('', '771001', SNILS, '2026-12-01', 'csv', 'xlsx', 10_000_000, -1, 1.5, null, true)), { maxKeys: 6 }) },
);

/** What a refusal says: an error message, or a ФЛК protocol's findings (hospitalization JSON, 422). */
const refusalText = (answer: { error?: { message?: string }; issues?: Array<{ message?: string }> }): string =>
  answer.error?.message ?? (answer.issues ?? []).map((i) => i.message ?? '').join(' ');

/**
 * Routes on one document find it in the store, at the status their action starts from, so the
 * body is read (an empty store would answer 404 before it).
 */
const DOC_STATUS: Record<string, OmsDocument['status']> = { PUT: 'draft', approve: 'draft', return: 'approved', sign: 'approved', attachments: 'approved', send: 'signed', decision: 'sent' };
function documentFor(route: (typeof API_ROUTES)[number], params: Record<string, string>): Record<string, unknown> | undefined {
  if (!route.path.includes('{docId}')) return undefined;
  const action = route.method === 'PUT' ? 'PUT' : route.path.split('/').at(-1)!;
  const draft = createDocument(params.docId!, 'A', { type: 'change', mo: '771001', effectiveDate: '2027-01-01', data: { name: 'Новое имя' } }, person('771001', { isHead: true }), '2026-11-01T09:00:00.000Z');
  return { pk: `DOC#${params.docId}`, sk: 'DOC', ...draft, status: DOC_STATUS[action] ?? 'draft' };
}

const BODY_ROUTES = API_ROUTES.filter((r) => r.method === 'POST' || r.method === 'PUT');
const statuses = new Map<string, Map<number, number>>();

describe('API bodies: random JSON never gets a 5xx (properties)', () => {
  beforeAll(() => {
    ddb.reset();
    s3.reset();
    sqs.reset();
    sns.reset();
    // An empty store: nothing found, every write accepted.
    ddb.onAnyCommand().resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({});
    // DynamoDB answers an update with ReturnValues ALL_NEW with the item, at least its key.
    ddb.on(UpdateCommand).callsFake((input: { Key: Record<string, unknown> }) => ({ Attributes: { ...input.Key } }));
    s3.onAnyCommand().resolves({});
    sqs.onAnyCommand().resolves({});
    sns.onAnyCommand().resolves({});
  });

  it('covers every POST and PUT route', () => {
    expect(BODY_ROUTES.length).toBeGreaterThan(30);
  });

  for (const route of BODY_ROUTES) {
    const key = `${route.method} ${route.path}`;
    it(key, async () => {
      const { params, caller } = callFor(route);
      const grants = caller.grants.map((g) => ({ pk: `USER#${SNILS}`, sk: `GRANT#${g.authority}`, ...g }));
      ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${SNILS}` } }).resolves({
        Items: [{ pk: `USER#${SNILS}`, sk: 'PROFILE', snils: SNILS, fio: caller.fio, org: caller.org, isHead: caller.isHead, active: true }, ...grants],
      });
      const doc = documentFor(route, params);
      ddb.on(GetCommand).resolves(doc ? { Item: doc } : {});
      const seen = new Map<number, number>();
      statuses.set(key, seen);
      await checkAsyncProperty(`API ${key}`, [body], async (json) => {
        const { status, body: answer } = await callApi(apiEvent(key, params, { sub: 'u', snils: SNILS }, { body: json }));
        seen.set(status, (seen.get(status) ?? 0) + 1);
        expect(status, JSON.stringify(answer)).toBeLessThan(500);
        if (status >= 400) expect(refusalText(answer)).toMatch(RUSSIAN);
      }, { numRuns: 25 });
    });
  }

  // The one body route an empty store answers 404 before reading the body (no «абонентский пункт»
  // file): its schema is driven directly, through the parser every route uses.
  it('POST /v1/orgs/{org}/abonent-files/{fileId}/returns: the body schema itself', async () => {
    await checkAsyncProperty('API abonent returns body schema', [body], async (json) => {
      try {
        parseBody(ReturnRequest, json);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).statusCode).toBe(400);
        expect((error as ApiError).message).toMatch(RUSSIAN);
      }
    }, { numRuns: 200 });
  });

  it('reports what the routes answered', () => {
    for (const [key, seen] of statuses) console.log(`${key}: ${[...seen].sort(([a], [b]) => a - b).map(([s, c]) => `${s}×${c}`).join(' ')}`);
  });
});
