import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { batchGet, batchPut } from '../../../shared/adapters/store/dynamo.js';
import { covidCasesOf } from '../../../shared/adapters/store/persons.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main' });
const docs = mockClient(DynamoDBDocumentClient);
type Key = { pk: string; sk: string };

/** DynamoDB's own rule: a request naming one key twice fails whole. */
function rejectRepeats(keys: Key[]): void {
  const seen = new Set(keys.map((k) => `${k.pk}|${k.sk}`));
  if (seen.size !== keys.length) throw Object.assign(new Error('Provided list of item keys contains duplicates'), { name: 'ValidationException' });
}

const table = new Map<string, Record<string, unknown>>();
const sentGets = () => docs.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.main!.Keys as Key[]);
const sentPuts = () => docs.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems!.main!.map((r) => r.PutRequest!.Item as Key & Record<string, unknown>));

beforeEach(() => {
  docs.reset();
  table.clear();
  docs.on(BatchGetCommand).callsFake((input) => {
    const keys = input.RequestItems.main.Keys as Key[];
    rejectRepeats(keys);
    return { Responses: { main: keys.map((k) => table.get(`${k.pk}|${k.sk}`)).filter(Boolean) } };
  });
  docs.on(BatchWriteCommand).callsFake((input) => {
    const items = (input.RequestItems.main as Array<{ PutRequest: { Item: Key } }>).map((r) => r.PutRequest.Item);
    rejectRepeats(items);
    return {};
  });
});

describe('batchGet', () => {
  it('asks each key once, however often and however far apart callers repeat it', async () => {
    table.set('A|x', { pk: 'A', sk: 'x', v: 1 });
    const keys = [...Array.from({ length: 150 }, (_, i) => ({ pk: `P${i}`, sk: 'x' })), { pk: 'A', sk: 'x' }, { pk: 'P3', sk: 'x' }, { pk: 'A', sk: 'x' }];
    const items = await batchGet(keys);
    expect(items).toEqual([{ pk: 'A', sk: 'x', v: 1 }]);
    const sent = sentGets().flat();
    expect(sent).toHaveLength(151);
    expect(new Set(sent.map((k) => `${k.pk}|${k.sk}`)).size).toBe(151);
    for (const request of sentGets()) expect(request.length).toBeLessThanOrEqual(100);
  });

  it('tells keys apart by pk and sk together', async () => {
    await batchGet([{ pk: 'A', sk: 'x' }, { pk: 'A', sk: 'y' }, { pk: 'Ax', sk: '' }]);
    expect(sentGets().flat()).toHaveLength(3);
  });
});

describe('batchPut', () => {
  it('sends the last put of a repeated key, once, in requests of at most 25', async () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => ({ pk: `P${i}`, sk: 's', v: 'first' })),
      { pk: 'P1', sk: 's', v: 'second' },
      { pk: 'P1', sk: 's', v: 'last' },
      { pk: 'P1', sk: 't', v: 'other sk' },
    ];
    await batchPut(items);
    const sent = sentPuts().flat();
    expect(sent).toHaveLength(31);
    expect(sent.filter((i) => i.pk === 'P1' && i.sk === 's')).toEqual([{ pk: 'P1', sk: 's', v: 'last' }]);
    for (const request of sentPuts()) {
      expect(request.length).toBeLessThanOrEqual(25);
      expect(new Set(request.map((i) => `${i.pk}|${i.sk}`)).size).toBe(request.length);
    }
  });
});

describe('covidCasesOf', () => {
  it('gives a case found by a shared СНИЛС to every person with that СНИЛС', async () => {
    table.set('COVID#S#11223344595|COVID', { pk: 'COVID#S#11223344595', sk: 'COVID', episodes: new Set(['2026-06-15|U07.1']) });
    const cases = await covidCasesOf([
      { enp: '3900000000000001', snils: '11223344595' },
      { enp: '3900000000000002', snils: '11223344595' },
      { enp: '3900000000000003' },
    ]);
    expect(cases.get('3900000000000001')).toEqual([{ enp: '3900000000000001', snils: '11223344595', ds: 'U07.1', dateRecovery: '2026-06-15' }]);
    expect(cases.get('3900000000000002')).toEqual([{ enp: '3900000000000002', snils: '11223344595', ds: 'U07.1', dateRecovery: '2026-06-15' }]);
    expect(cases.get('3900000000000003')).toEqual([]);
  });
});
