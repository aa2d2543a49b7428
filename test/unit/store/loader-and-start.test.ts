import { GetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { informingStartsOf, noteInformingStart, type InformingStart } from '../../../shared/adapters/store/informing-start.js';
import { putReturnGrant, returnLoaderOf } from '../../../shared/adapters/store/return-grants.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main' });
const docs = mockClient(DynamoDBDocumentClient);

/** A table that evaluates the one condition these stores use, as DynamoDB would. */
const table = new Map<string, Record<string, unknown>>();
const id = (k: Record<string, unknown>) => `${k.pk}|${k.sk}`;

beforeEach(() => {
  docs.reset();
  table.clear();
  docs.on(PutCommand).callsFake((input) => {
    const old = table.get(id(input.Item));
    if (input.ConditionExpression === 'attribute_not_exists(pk) OR receivedAt > :at' && old && !((old.receivedAt as string) > input.ExpressionAttributeValues[':at'])) {
      throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    }
    table.set(id(input.Item), input.Item);
    return {};
  });
  docs.on(GetCommand).callsFake((input) => ({ Item: table.get(id(input.Key)) }));
  docs.on(QueryCommand).callsFake((input) => ({ Items: [...table.values()].filter((i) => i.pk === input.ExpressionAttributeValues[':pk']) }));
});

describe('who loaded a returned file (seed 000 2.3/3.3)', () => {
  it('keeps the loader under the signed key, expiring, and reads it back; an unknown key has none', async () => {
    const key = '23/mo/230136/returns/ap-0123456789abcdef/20260101T000000000Z-abcd.xlsx';
    await putReturnGrant(key, { org: '23', by: '11223344595', at: '2026-12-03T10:00:00.000Z', onBehalf: true });
    const item = docs.commandCalls(PutCommand)[0]!.args[0].input.Item!;
    expect(item).toMatchObject({ pk: `RETGRANT#${key}`, expiresAt: Date.parse('2026-12-03T10:00:00Z') / 1000 + 30 * 86_400 });
    expect(await returnLoaderOf(key)).toEqual({ org: '23', by: '11223344595', at: '2026-12-03T10:00:00.000Z', onBehalf: true });
    expect(await returnLoaderOf(`${key}.other`)).toBeUndefined();
  });
});

describe('when an SMO started informing a batch (seed 000 4.3/4.5)', () => {
  const base: InformingStart = { campaignId: 'ud-2021', region: '54', batch: '12', smo: '54001', receivedAt: '2021-06-22T10:00:00.000Z', date: '2021-06-22', source: 'api', sourceId: 'r1' };

  it('keeps the earliest delivery whatever order they are checked in; a rerun changes nothing', async () => {
    expect(await noteInformingStart(base)).toBe(true);
    expect(await noteInformingStart({ ...base, receivedAt: '2021-06-23T10:00:00.000Z', sourceId: 'later' })).toBe(false);
    expect(await noteInformingStart(base)).toBe(false);
    expect(await noteInformingStart({ ...base, receivedAt: '2021-06-21T10:00:00.000Z', date: '2021-06-21', source: 'file', sourceId: 'earlier' })).toBe(true);
    await noteInformingStart({ ...base, batch: '34', sourceId: 'other batch' });
    const starts = await informingStartsOf('ud-2021', '54');
    expect(starts.map((s) => [s.batch, s.smo, s.sourceId, s.date])).toEqual([
      ['12', '54001', 'earlier', '2021-06-21'],
      ['34', '54001', 'other batch', '2021-06-22'],
    ]);
    expect(starts[0]).not.toHaveProperty('pk');
  });
});
