import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseSchedule, shiftSchedule } from '../../../shared/obligations/schedule.js';
import { loadShippedSchedule } from '../../../shared/reference/load.js';
import { ApiError, parseBody } from '../../../shared/services/api/http.js';
import { forgetCalendar } from '../../../shared/services/calendar.js';
import { campaignOf, CampaignRequest, createCampaign, forgetCampaigns } from '../../../shared/services/campaigns.js';
import { planOf } from '../../../shared/services/abonent/campaign.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main' });
const docs = mockClient(DynamoDBDocumentClient);
const FOMS = { snils: '11223344595', org: 'FOMS' };
const NOW = new Date('2026-12-03T08:00:00Z');

/** The main table as a map: conditional puts refuse a taken key, queries read a partition. */
let items: Map<string, Record<string, unknown>>;
const key = (pk: unknown, sk: unknown) => `${String(pk)}|${String(sk)}`;

const seed = (() => {
  const parsed = parseSchedule(loadShippedSchedule('ud-2021'));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.schedule;
})();
/** Seed 000’s letter replayed from 1 March 2030 (2.1 on 1 March, 2.2 on 5 March), without its campaignId. */
const { campaignId: _c, ...schedule2030 } = shiftSchedule(seed, 3181, 'ud-test');
const request = (over: Record<string, unknown> = {}) => ({
  id: 'ud-test',
  name: 'Углубленная диспансеризация (тест)',
  referenceDate: '2030-03-01',
  examWindow: { from: '2030-03-08', to: '2030-09-30' },
  batches: ['12', '34'],
  schedule: schedule2030,
  ...over,
});

beforeEach(() => {
  docs.reset();
  forgetCampaigns();
  forgetCalendar();
  items = new Map();
  docs.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: items.get(key(input.Key.pk, input.Key.sk)) }));
  docs.on(PutCommand).callsFake((input: { Item: Record<string, unknown>; ConditionExpression?: string }) => {
    const k = key(input.Item.pk, input.Item.sk);
    if (input.ConditionExpression?.startsWith('attribute_not_exists') && items.has(k)) {
      throw Object.assign(new Error('taken'), { name: 'ConditionalCheckFailedException' });
    }
    items.set(k, input.Item);
    return {};
  });
  docs.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
    Items: [...items.values()].filter((i) => i.pk === input.ExpressionAttributeValues[':pk']),
  }));
});

describe('campaigns and their dates (shared/services/campaigns.ts)', () => {
  it('the seed campaigns are in force with the dates of their shipped schedule (version 0) until FOMS loads one', async () => {
    const c = await campaignOf('ud-2021');
    expect(c).toMatchObject({ id: 'ud-2021', batches: ['12', '34'], schedule: { source: 'shipped-file', version: 0 } });
    expect(c!.plan!.batches['12']).toEqual({ formOn: '2021-06-15', returnBy: '2021-06-19', registryBy: '2021-06-20', checkBy: '2021-06-21' });
  });

  it('a schedule FOMS loaded moves the batch dates every service reads (after the cache, or at once in the loading container)', async () => {
    expect((await planOf('ud-2021')).batches['12']!.returnBy).toBe('2021-06-19');
    const moved = { ...seed, steps: seed.steps.map((s) => (s.step === '2.2' ? { ...s, due: { date: '2021-06-20', time: '24:00' } } : s)) };
    items.set(key('SCHEDULE#ud-2021', 'CURRENT'), { pk: 'SCHEDULE#ud-2021', sk: 'CURRENT', schedule: JSON.stringify(moved), version: 2, loadedAt: '', loadedBy: '' });
    // Within the 60-s cache this container still answers what it read…
    expect((await planOf('ud-2021')).batches['12']!.returnBy).toBe('2021-06-19');
    // …and once it forgets (a load here, or the cache ran out) the moved step is in force.
    forgetCampaigns();
    const c = await campaignOf('ud-2021');
    expect(c!.schedule).toEqual({ source: 'loaded', version: 2 });
    expect(c!.plan!.batches['12']).toEqual({ formOn: '2021-06-15', returnBy: '2021-06-20', registryBy: '2021-06-20', checkBy: '2021-06-21' });
  });

  it('FOMS creates a campaign once: the record is stored with a conditional put, its dates come from its schedule; the same id again is 409', async () => {
    const made = await createCampaign(parseBody(CampaignRequest, request()), FOMS, NOW);
    expect(made).toMatchObject({ ok: true, campaign: { id: 'ud-test', active: true, batches: ['12', '34'], createdBy: FOMS.snils }, schedule: { campaignId: 'ud-test' } });
    // The caller loads the schedule as version 1 (PUT …/schedule’s path); here it is stored by hand.
    if (!made.ok) return;
    items.set(key('SCHEDULE#ud-test', 'CURRENT'), { schedule: JSON.stringify(made.schedule), version: 1, loadedAt: '', loadedBy: '' });
    forgetCampaigns();
    const c = await campaignOf('ud-test');
    expect(c).toMatchObject({ name: 'Углубленная диспансеризация (тест)', referenceDate: '2030-03-01', schedule: { source: 'loaded', version: 1 } });
    expect(c!.plan).toEqual({
      examWindow: { from: '2030-03-08', to: '2030-09-30' },
      batches: {
        '12': { formOn: '2030-03-01', returnBy: '2030-03-05', registryBy: '2030-03-06', checkBy: '2030-03-07' },
        '34': { formOn: '2030-03-07', returnBy: '2030-03-11', registryBy: '2030-03-13', checkBy: '2030-03-14' },
      },
    });
    expect(await createCampaign(parseBody(CampaignRequest, request({ name: 'Другая' })), FOMS, NOW)).toMatchObject({ ok: false, status: 409, code: 'CAMPAIGN_EXISTS' });
    expect(await createCampaign(parseBody(CampaignRequest, request({ id: 'ud-2021' })), FOMS, NOW)).toMatchObject({ ok: false, status: 409 });
  });

  it('bad input is refused in Russian, naming the field, before anything is written', async () => {
    const refused = (body: unknown) => {
      try {
        parseBody(CampaignRequest, body);
      } catch (error) {
        expect(error).toBeInstanceOf(ApiError);
        return { status: (error as ApiError).statusCode, message: (error as ApiError).message };
      }
      throw new Error('accepted');
    };
    expect(refused(request({ id: 'ud.2030' }))).toMatchObject({ status: 400, message: expect.stringContaining('Поле id: латинские буквы') });
    expect(refused(request({ referenceDate: '2030-02-30' }))).toMatchObject({ status: 400, message: expect.stringContaining('Поле referenceDate') });
    expect(refused(request({ batches: ['12', '12'] }))).toMatchObject({ message: expect.stringContaining('партия повторяется') });
    expect(refused(request({ batches: ['56'] }))).toMatchObject({ message: expect.stringContaining('Поле batches.0') });
    expect(refused(request({ examWindow: { from: '2030-09-30', to: '2030-03-08' } }))).toMatchObject({ message: expect.stringContaining('окно обследований пусто') });
    expect(refused({ ...request(), extra: 1 })).toMatchObject({ status: 400 });

    const create = (over: Record<string, unknown>) => createCampaign(parseBody(CampaignRequest, request(over)), FOMS, NOW);
    const wrongStep = { ...schedule2030, steps: [{ step: '2.2', title: 'x', party: 'MO', due: { date: '2030-02-30' }, metBy: 'mo-file-returned' }] };
    expect(await create({ schedule: wrongStep })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('schedule.steps.0.due') });
    expect(await create({ schedule: { ...schedule2030, campaignId: 'ud-2021' } })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('не совпадает с id кампании') });
    const noReturn = { ...schedule2030, steps: schedule2030.steps.filter((s) => s.step !== '2.2') };
    expect(await create({ schedule: noReturn })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining('партия 12: нет пункта со сроком «x.2 возврат файлов МО') });
    expect(docs.commandCalls(PutCommand)).toHaveLength(0);
  });
});
