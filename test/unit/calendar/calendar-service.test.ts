import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { calendarYear, forgetCalendar, loadCalendarDecree } from '../../../shared/services/calendar.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main', OMS_QUEUE_URL_OBLIGATIONS_PLAN: 'q-plan' });
const docs = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const DECREE = {
  year: 2027,
  decree: { number: '1234', date: '2026-12-03', title: 'О переносе выходных дней в 2027 году (тест)' },
  transfers: [{ from: '2027-01-02', to: '2027-01-11' }],
  holidayShifts: [
    { holiday: '2027-05-01', dayOff: '2027-05-03' },
    { holiday: '2027-05-09', dayOff: '2027-05-10' },
    { holiday: '2027-06-12', dayOff: '2027-06-14' },
  ],
  workingWeekends: [],
};
const FOMS = { snils: '11223344595', org: 'FOMS' };
const NOW = new Date('2026-12-03T08:00:00Z');

beforeEach(() => {
  docs.reset();
  sqs.reset();
  forgetCalendar();
  docs.on(QueryCommand).resolves({ Items: [] });
  docs.on(GetCommand).resolves({});
  docs.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).resolves({});
});

describe('loading a year’s decree (shared/services/calendar.ts)', () => {
  it('stores version 1 of a provisional year with a conditional put, then plans every scheduled campaign again', async () => {
    docs.on(GetCommand, { Key: { pk: 'SCHEDULE#ud-2026', sk: 'CURRENT' } }).resolves({ Item: { schedule: '{}', version: 3, loadedAt: '', loadedBy: '' } });
    const result = await loadCalendarDecree(2027, DECREE, FOMS, NOW);
    expect(result).toMatchObject({ ok: true });
    const put = docs.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: 'CALENDAR', sk: '2027#V#000001', year: 2027, version: 1, loadedBy: FOMS.snils } });
    const messages = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(messages).toHaveLength(loadReferenceData().regions.size);
    expect(messages.every((m) => m.campaignId === 'ud-2026' && m.version === 3)).toBe(true);
  });

  it('a year with a shipped file starts at version 2; a lost race is a 409, not a silent overwrite', async () => {
    docs.on(PutCommand).rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' }));
    const y2026 = { ...DECREE, year: 2026, transfers: [], holidayShifts: [{ holiday: '2026-03-08', dayOff: '2026-03-09' }, { holiday: '2026-05-09', dayOff: '2026-05-11' }] };
    const result = await loadCalendarDecree(2026, y2026, FOMS, NOW);
    expect(result).toMatchObject({ ok: false, status: 409, code: 'CONFLICT' });
    expect(docs.commandCalls(PutCommand)[0]!.args[0].input.Item).toMatchObject({ sk: '2026#V#000002', version: 2 });
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('a bad body is a 400 naming the field; nothing is stored', async () => {
    expect(await loadCalendarDecree(2027, { ...DECREE, year: 2028 }, FOMS, NOW)).toMatchObject({ ok: false, status: 400, message: 'Поле year: 2028 не совпадает с годом в пути (2027).' });
    expect(await loadCalendarDecree(2027, { ...DECREE, workingWeekends: ['2027-01-04'] }, FOMS, NOW)).toMatchObject({ status: 400, message: expect.stringMatching(/поле workingWeekends\[0\]: 2027-01-04 не суббота и не воскресенье/) });
    expect(await loadCalendarDecree(2027, null, FOMS, NOW)).toMatchObject({ status: 400 });
    expect(docs.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('reads the stored version in force over the shipped file and the provisional year', async () => {
    docs.on(QueryCommand).resolves({
      Items: [1, 2].map((version) => ({ pk: 'CALENDAR', sk: `2027#V#00000${version}`, year: 2027, version, data: JSON.stringify({ ...DECREE, decree: { ...DECREE.decree, number: `v${version}` } }), loadedAt: `2026-12-0${version}T00:00:00.000Z`, loadedBy: FOMS.snils, loadedByOrg: 'FOMS' })),
    });
    const result = await calendarYear(2027);
    expect(result).toMatchObject({ ok: true, answer: { provisional: false, version: 2, source: 'decree-loaded', decree: { number: 'v2' } } });
    expect(await calendarYear(2023)).toMatchObject({ ok: false, status: 404 });
  });
});
