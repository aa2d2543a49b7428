import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocument } from '../../../shared/access/documents.js';
import { apiEvent, callApi } from '../../support/api-event.js';

process.env.OMS_MAIN_TABLE = 'main';
const ddb = mockClient(DynamoDBDocumentClient);

const HEAD = '11223344595';
const DOC_ID = '0b6f3c1e-8a52-4d7e-9c1a-2f4b5d6e7f80';
const head = { snils: HEAD, fio: 'Руководитель', org: '771001', isHead: true, grants: [], active: true };
const doc = (status: 'draft' | 'approved') => ({
  pk: `DOC#${DOC_ID}`,
  sk: 'DOC',
  ...createDocument(DOC_ID, 'A', { type: 'change', mo: '771001', effectiveDate: '2027-01-01', data: { name: 'Новое имя' } }, head, '2026-11-01T09:00:00.000Z'),
  status,
});
const step = (action: string, body: unknown) =>
  callApi(apiEvent(`POST /v1/orgs/{org}/documents/{kind}/{docId}/${action}`, { org: '771001', kind: 'A', docId: DOC_ID }, { sub: 'u', snils: HEAD }, { body }));

// Found by test/unit/handlers/api-bodies.property.test.ts: the step routes read `comment` from the
// body unchecked — a number made «return» fail with a 500 (`comment.trim` is not a function), and
// an object was kept in the document's history as its comment.
describe('document workflow steps: the body', () => {
  beforeEach(() => {
    ddb.reset();
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${HEAD}` } }).resolves({ Items: [{ pk: `USER#${HEAD}`, sk: 'PROFILE', ...head }] });
    ddb.on(PutCommand).resolves({});
  });

  it('refuses a comment that is not text with a Russian 400 naming the field, not a 500', async () => {
    ddb.on(GetCommand).resolves({ Item: doc('approved') });
    for (const comment of [5, { text: 'x' }, ['исправьте']]) {
      const { status, body } = await step('return', { comment });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(/^Поле comment: /);
    }
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('keeps no object as a comment in the history', async () => {
    ddb.on(GetCommand).resolves({ Item: doc('draft') });
    expect((await step('approve', { comment: { evil: true } })).status).toBe(400);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('still takes a text comment, and no body at all', async () => {
    ddb.on(GetCommand).resolves({ Item: doc('approved') });
    const returned = await step('return', { comment: ' Исправьте дату ' });
    expect(returned.status).toBe(200);
    expect(returned.body.history.at(-1).comment).toBe('Исправьте дату');
    ddb.on(GetCommand).resolves({ Item: doc('draft') });
    expect((await step('approve', undefined)).status).toBe(200);
  });
});
