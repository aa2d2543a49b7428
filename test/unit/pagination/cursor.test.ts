import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { queryPage } from '../../../shared/adapters/store/dynamo.js';
import { CURSOR_TTL_SECONDS, cursorKeyFrom, openCursor, sealCursor } from '../../../shared/pagination/cursor.js';

const KEY = cursorKeyFrom('test secret');
const POSITION = { pk: 'FILES#77', sk: '2026-01-05T10:00:00Z#f-1', gsi1pk: 'X', gsi1sk: 'Y' };
const SCOPE = '{"ExpressionAttributeValues":{":pk":"FILES#77"},"table":"main"}';
const NOW = Date.parse('2026-03-01T12:00:00Z');

const code = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return { code: (error as { code?: string }).code, status: (error as { statusCode?: number }).statusCode, message: (error as Error).message };
  }
  return undefined;
};

describe('page cursor', () => {
  it('opens to the sealed position within its scope, and shows no key layout', () => {
    const cursor = sealCursor(KEY, POSITION, SCOPE, NOW);
    expect(openCursor(KEY, cursor, SCOPE, NOW + 1000)).toEqual(POSITION);
    const visible = Buffer.from(cursor, 'base64url').toString('latin1');
    for (const secret of ['FILES', 'pk', 'sk', 'f-1']) expect(visible).not.toContain(secret);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses a tampered cursor (any byte changed) with INVALID_CURSOR in Russian', () => {
    const cursor = sealCursor(KEY, POSITION, SCOPE, NOW);
    const bytes = Buffer.from(cursor, 'base64url');
    for (const at of [0, 1, 13, bytes.length >> 1, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 0x01;
      const err = code(() => openCursor(KEY, tampered.toString('base64url'), SCOPE, NOW));
      expect(err).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
      expect(err!.message).toMatch(/^Параметр cursor: курсор недействителен/);
    }
  });

  it('refuses a cursor of another scope (another region’s list) or sealed with another key', () => {
    const cursor = sealCursor(KEY, POSITION, SCOPE, NOW);
    expect(code(() => openCursor(KEY, cursor, SCOPE.replace('77', '39'), NOW))).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect(code(() => openCursor(cursorKeyFrom('another secret'), cursor, SCOPE, NOW))).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });

  it('refuses an expired cursor, saying it is stale', () => {
    const cursor = sealCursor(KEY, POSITION, SCOPE, NOW);
    expect(openCursor(KEY, cursor, SCOPE, NOW + (CURSOR_TTL_SECONDS - 1) * 1000)).toEqual(POSITION);
    const err = code(() => openCursor(KEY, cursor, SCOPE, NOW + CURSOR_TTL_SECONDS * 1000));
    expect(err).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    expect(err!.message).toContain('устарел');
  });

  it('refuses garbage: the old unsigned base64 JSON, empty, not base64, too short, too long', () => {
    const oldStyle = Buffer.from(JSON.stringify(POSITION)).toString('base64url');
    for (const garbage of [oldStyle, '', 'не-курсор', '%%%', 'AAAA', 'A'.repeat(5000), '..', sealCursor(KEY, POSITION, SCOPE, NOW) + '=']) {
      expect(code(() => openCursor(KEY, garbage, SCOPE, NOW))).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
    }
  });
});

describe('queryPage', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const saved = { ...process.env };
  beforeEach(() => {
    ddb.reset();
    process.env.OMS_MAIN_TABLE = 'main';
    process.env.OMS_CURSOR_KEY = 'local secret';
  });
  afterAll(() => {
    process.env = saved;
    ddb.restore();
  });
  const files = (region: string) => ({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `FILES#${region}` }, Limit: 2 });

  it('hands out a sealed cursor and resumes from its position on the same query (any page size)', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [{ pk: 'FILES#23' }], LastEvaluatedKey: POSITION }).resolves({ Items: [] });
    const first = await queryPage(files('23'));
    expect(first.cursor).toBeDefined();
    expect(first.cursor).not.toContain(Buffer.from('FILES').toString('base64url').slice(0, 4));
    await queryPage({ ...files('23'), Limit: 50 }, first.cursor);
    expect(ddb.commandCalls(QueryCommand)[1]!.args[0].input.ExclusiveStartKey).toEqual(POSITION);
  });

  it('refuses a cursor of region 23 on region 39 before querying', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'FILES#23' }], LastEvaluatedKey: POSITION });
    const { cursor } = await queryPage(files('23'));
    await expect(queryPage(files('39'), cursor)).rejects.toMatchObject({ statusCode: 400, code: 'INVALID_CURSOR' });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(1);
  });
});
