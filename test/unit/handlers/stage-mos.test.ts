import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiEvent, callApi } from '../../support/api-event.js';
import { seedCampaignsOnly } from '../../support/campaigns-mock.js';

process.env.OMS_MAIN_TABLE = 'main';
process.env.OMS_CURSOR_KEY = 'unit secret';
const ddb = mockClient(DynamoDBDocumentClient);

/**
 * GET …/batches/{batch}/mos of a 250-MO region, over a fake DynamoDB that honours Limit and
 * ExclusiveStartKey: pages in MO order with sealed cursors, `only=late|failed` filled from
 * several store pages, lateness against returnBy (ud-2026 batch 12: 05.12.2026 24:00 Moscow).
 */
const ROUTE = 'GET /v1/campaigns/{campaignId}/regions/{region}/batches/{batch}/mos';
const PATH = { campaignId: 'ud-2026', region: '23', batch: '12' };
const PK = 'STAGE#ud-2026#23#12';
const TFOMS = { sub: 'u-23', snils: '11223344595' };
const DEADLINE = '2026-12-05T21:00:00.000Z';

const mos = Array.from({ length: 250 }, (_, i) => {
  const mo = `23${String(i).padStart(4, '0')}`;
  const failed = i % 7 === 0;
  const returned = failed || i % 3 ? undefined : { accepted: 5, withDate: 5, byMark: {}, status: 'ACCEPTED', returnFileId: `r${i}`, receivedAt: i % 2 ? '2026-12-04T10:00:00Z' : '2026-12-06T10:00:00Z' };
  return { pk: PK, sk: `MO#${mo}`, campaignId: 'ud-2026', region: '23', batch: '12', mo, fileId: `f-${mo}`, status: failed ? 'FAILED' : 'FORMED', rows: 10, ...(failed ? { error: 'нет места' } : {}), ...(returned ? { returned } : {}) };
});

function fakeQuery(input: QueryCommandInput) {
  if (input.ExpressionAttributeValues?.[':pk'] !== PK) return { Items: [] };
  const after = (input.ExclusiveStartKey?.sk as string | undefined) ?? '';
  const rest = mos.filter((m) => m.sk > after);
  const page = rest.slice(0, input.Limit ?? rest.length);
  const last = page.at(-1);
  return { Items: page, LastEvaluatedKey: page.length < rest.length && last ? { pk: last.pk, sk: last.sk } : undefined };
}

async function all(query: Record<string, string>) {
  const seen: Array<{ mo: string; returnState: string }> = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const { status, body } = await callApi(apiEvent(ROUTE, PATH, TFOMS, { query: { ...query, ...(cursor ? { cursor } : {}) } }));
    expect(status).toBe(200);
    seen.push(...body.mos);
    sizes.push(body.mos.length);
    cursor = body.cursor ?? undefined;
  } while (cursor && sizes.length < 100);
  return { seen, sizes };
}

describe('GET …/mos: the TFOMS pages through a region’s MOs', () => {
  beforeEach(async () => {
    ddb.reset();
    await seedCampaignsOnly(ddb);
    ddb.on(QueryCommand).callsFake(fakeQuery);
    ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': `USER#${TFOMS.snils}` } }).resolves({ Items: [{ pk: `USER#${TFOMS.snils}`, sk: 'PROFILE', snils: TFOMS.snils, fio: 'Тест', org: '23', isHead: false, active: true }] });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('hands out pages of `limit` in MO order that together hold every MO once, the last without a cursor', async () => {
    const { seen, sizes } = await all({ limit: '40' });
    expect(seen.map((m) => m.mo)).toEqual(mos.map((m) => m.mo));
    expect(sizes).toEqual([40, 40, 40, 40, 40, 40, 10]);
  });

  it('answers without `limit` in one page, with the deadline on the region’s clock', async () => {
    const { body } = await callApi(apiEvent(ROUTE, PATH, TFOMS));
    expect(body.mos).toHaveLength(250);
    expect(body.cursor).toBeNull();
    expect(body.returnDeadline).toEqual({ date: '2026-12-05', time: '24:00', timeZone: 'Europe/Moscow', at: DEADLINE });
  });

  it('only=late: MOs with no return, or a return after the deadline, filled from several store pages', async () => {
    const { seen, sizes } = await all({ limit: '25', only: 'late' });
    const expected = mos.filter((m) => m.status === 'FORMED' && (!m.returned || m.returned.receivedAt > DEADLINE));
    expect(seen.map((m) => m.mo)).toEqual(expected.map((m) => m.mo));
    expect(new Set(seen.map((m) => m.returnState))).toEqual(new Set(['OVERDUE', 'RETURNED_LATE']));
    expect(sizes.slice(0, -1).every((n) => n === 25)).toBe(true);
    const onTime = (await callApi(apiEvent(ROUTE, PATH, TFOMS))).body.mos.find((m: { mo: string }) => m.mo === '230003');
    expect([onTime.returnState, onTime.returnStateLabel]).toEqual(['RETURNED', 'возвращён в срок']);
  });

  it('only=late before the deadline: nobody is late yet, returns so far are on time', async () => {
    vi.setSystemTime(new Date('2026-12-05T20:59:00Z'));
    expect((await all({ only: 'late' })).seen.filter((m) => m.returnState === 'OVERDUE')).toEqual([]);
    const first = (await callApi(apiEvent(ROUTE, PATH, TFOMS, { query: { limit: '2' } }))).body.mos;
    expect(first.map((m: { returnState: string }) => m.returnState)).toEqual(['NOTHING_TO_RETURN', 'WAITING']);
  });

  it('only=failed: exactly the MOs whose file failed, with the error', async () => {
    const { seen } = await all({ limit: '10', only: 'failed' });
    expect(seen.map((m) => m.mo)).toEqual(mos.filter((m) => m.status === 'FAILED').map((m) => m.mo));
    expect(seen.every((m) => (m as unknown as { error: string }).error === 'нет места')).toBe(true);
  });

  it('refuses a bad filter, limit or cursor with a 400 in Russian naming the parameter', async () => {
    const bad = async (query: Record<string, string>) => (await callApi(apiEvent(ROUTE, PATH, TFOMS, { query }))).body.error;
    expect((await bad({ only: 'lost' })).message).toMatch(/^Параметр only: «lost» — late/);
    expect((await bad({ limit: '0' })).message).toMatch(/^Параметр limit: «0» — целое от 1 до 1000/);
    expect((await bad({ limit: '5000' })).code).toBe('BAD_LIMIT');
    expect((await bad({ cursor: 'не-курсор' })).code).toBe('INVALID_CURSOR');
  });
});
