import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadReferenceData } from '../../../shared/reference/load.js';

Object.assign(process.env, {
  OMS_MAIN_TABLE: 'main',
  OMS_OUTBOX_BUCKET: 'outbox',
  OMS_QUEUE_URL_OBLIGATIONS_EVALUATE: 'q-evaluate',
  OMS_QUEUE_URL_NOTIFICATIONS: 'q-notify',
  OMS_TOPIC_ARN_NOTIFICATIONS: 'arn:aws:sns:eu-central-1:000000000000:notifications',
});
const docs = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const sqsEvent = (bodies: unknown[]): SQSEvent => ({
  Records: bodies.map((body, i) => ({
    messageId: `m${i}`,
    receiptHandle: `h${i}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 's', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:q',
    awsRegion: 'eu-central-1',
  })),
});

const notification = {
  id: 'h.2026-11-23.391001.violation.391001',
  kind: 'violation',
  to: '391001',
  at: '2026-11-24T07:00:00.000Z',
  region: '39',
  obligationId: 'h.2026-11-23.391001',
  subject: 'Нарушен срок: сведения за 23.11.2026',
  text: 'МО 391001 не исполнил(а) в срок…',
};

beforeEach(() => {
  docs.reset();
  sqs.reset();
  s3.reset();
  sns.reset();
  sqs.on(SendMessageBatchCommand).resolves({});
  s3.on(PutObjectCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'x' });
  docs.on(PutCommand).resolves({});
});

describe('obligations-clock handler', () => {
  it('puts one evaluation message per region, stamped with the tick', async () => {
    const { handler } = await import('../../../functions/obligations/clock.js');
    const time = '2026-11-24T07:00:00Z';
    const result = await handler(
      { version: '0', id: 'e', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '0', time, region: 'eu-central-1', resources: [], detail: {} },
      context,
    );
    const messages = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(result).toEqual({ regions: loadReferenceData().regions.size });
    expect(messages).toHaveLength(loadReferenceData().regions.size + 1);
    expect(new Set(messages.map((m) => m.region)).size).toBe(messages.length);
    expect(messages.map((m) => m.region)).toContain('FOMS'); // FOMS's federal duties (the calendar)
    expect(messages.every((m) => m.at === '2026-11-24T07:00:00.000Z')).toBe(true);
  });
});

describe('notify handler', () => {
  it('stores the notification under its id, writes the outbox copy and publishes with the recipient attribute', async () => {
    vi.resetModules();
    const { handler } = await import('../../../functions/obligations/notify.js');
    const out = await handler(sqsEvent([notification]), context);
    expect(out).toEqual({ batchItemFailures: [] });
    const put = docs.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put.Item).toMatchObject({ pk: 'NOTE#391001', sk: `${notification.at}#${notification.id}`, text: notification.text });
    const object = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(object).toMatchObject({ Bucket: 'outbox', Key: `notifications/391001/2026-11-24/${notification.id}.json` });
    const published = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(published.TopicArn).toBe(process.env.OMS_TOPIC_ARN_NOTIFICATIONS);
    expect(published.MessageAttributes?.to).toEqual({ DataType: 'String', StringValue: '391001' });
  });

  it('a malformed message fails alone (retried, then DLQ); the good one is delivered', async () => {
    const { handler } = await import('../../../functions/obligations/notify.js');
    const out = await handler(sqsEvent([{ ...notification, kind: 'hint' }, notification]), context);
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);
  });

  it('a failing channel fails the record so it is retried; the re-delivery overwrites the same keys', async () => {
    const { handler } = await import('../../../functions/obligations/notify.js');
    sns.on(PublishCommand).rejectsOnce(new Error('throttled')).resolves({ MessageId: 'y' });
    // A batch whose every record failed is thrown whole: SQS retries it, then the DLQ.
    await expect(handler(sqsEvent([notification]), context)).rejects.toThrow(/All records failed/);
    expect(await handler(sqsEvent([notification]), context)).toEqual({ batchItemFailures: [] });
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(new Set(keys).size).toBe(1);
  });
});

/** The main table in memory: conditional puts, gets and (g)si queries by partition, as the handlers use them. */
function tableInMemory(): Map<string, Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown>>();
  const key = (pk: unknown, sk: unknown) => `${pk}|${sk}`;
  docs.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => ({ Item: items.get(key(input.Key.pk, input.Key.sk)) }));
  docs.on(PutCommand).callsFake((input: { Item: Record<string, unknown>; ConditionExpression?: string; ExpressionAttributeValues?: Record<string, unknown> }) => {
    const k = key(input.Item.pk, input.Item.sk);
    const existing = items.get(k);
    if (input.ConditionExpression === 'attribute_not_exists(pk)' && existing) throw Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' });
    if (input.ConditionExpression === 'version = :v' && existing?.version !== input.ExpressionAttributeValues?.[':v']) {
      throw Object.assign(new Error('moved'), { name: 'ConditionalCheckFailedException' });
    }
    items.set(k, input.Item);
    return {};
  });
  docs.on(QueryCommand).callsFake((input: { IndexName?: string; ExpressionAttributeValues: Record<string, string> }) => {
    const pk = input.ExpressionAttributeValues[':pk'];
    const prefix = input.ExpressionAttributeValues[':y'] ?? input.ExpressionAttributeValues[':prefix'] ?? '';
    const field = input.IndexName === 'gsi1' ? 'gsi1pk' : 'pk';
    return { Items: [...items.values()].filter((i) => i[field] === pk && String(i.sk).startsWith(prefix)) };
  });
  return items;
}

describe('obligations-evaluate handler', () => {
  it('plans the daily duties once and flags every silent MO at 09:00 local, once', async () => {
    // Region 41 (Kamchatka) at 09:00 local on 24.11 = 21:00 UTC on 23.11.
    tableInMemory();
    const mos = [...loadReferenceData().mos.values()].filter((m) => m.region === '41' && (m.dayHospital || m.primaryCare || m.specializedInpatient));
    expect(mos.length).toBeGreaterThan(1);
    const { evaluateRegionAt } = await import('../../../shared/services/obligations/clock.js');
    const sent: unknown[] = [];
    const result = await evaluateRegionAt({ region: '41', at: '2026-11-23T21:00:00.000Z' }, { send: async (n) => void sent.push(...n) });
    expect(result.localTime).toBe('09:00');
    expect(result.dailyPlanned).toBe(2 * mos.length); // 23.11 (local yesterday, due now) and 24.11
    expect(result.violations).toBe(mos.length); // nobody submitted for 22.11
    expect(sent).toHaveLength(2 * mos.length); // each MO and TFOMS 41
    const again = await evaluateRegionAt({ region: '41', at: '2026-11-23T21:00:00.000Z' }, { send: async (n) => void sent.push(...n) });
    expect(again).toMatchObject({ dailyPlanned: 0, violations: 0 });
  });

  describe('FOMS: next year’s production calendar by 1 December (federal duty)', () => {
    const decree2027 = {
      year: 2027,
      decree: { number: 'тест', date: '2026-11-20', title: 'О переносе выходных дней в 2027 году (тест)' },
      transfers: [],
      holidayShifts: [],
      workingWeekends: [],
    };

    it('overdue on 2 December 2026 without a 2027 decree: a violation, FOMS notified once', async () => {
      const items = tableInMemory();
      const { evaluateRegionAt } = await import('../../../shared/services/obligations/clock.js');
      const sent: Array<{ to: string; subject: string; text: string }> = [];
      const sink = { send: async (n: typeof sent) => void sent.push(...n) };
      const result = await evaluateRegionAt({ region: 'FOMS', at: '2026-12-02T06:00:00.000Z' }, sink as never);
      expect(result).toMatchObject({ region: 'FOMS', yearlyPlanned: 2, violations: 1, met: 1 }); // 2026: shipped decree
      const duty = items.get('OBL#FOMS|y.calendar.2027')!;
      expect(duty).toMatchObject({ state: 'OVERDUE', dueDate: '2026-12-01', dueTime: '24:00', dueAt: '2026-12-01T21:00:00.000Z', metBy: 'calendar-confirmed' });
      expect(String(duty.evidence)).toMatch(/2027 году не загружено: календарь 2027 года предварительный/);
      expect(items.get('VIOL#FOMS|y.calendar.2027')).toMatchObject({ obligationId: 'y.calendar.2027', notified: ['FOMS'] });
      expect(sent).toEqual([expect.objectContaining({ to: 'FOMS', subject: expect.stringMatching(/Нарушен срок: Производственный календарь на 2027 год/) })]);
      const again = await evaluateRegionAt({ region: 'FOMS', at: '2026-12-02T06:15:00.000Z' }, sink as never);
      expect(again).toMatchObject({ yearlyPlanned: 0, violations: 0 });
    });

    it('not overdue before 1 December ends (Moscow time)', async () => {
      const items = tableInMemory();
      const { evaluateRegionAt } = await import('../../../shared/services/obligations/clock.js');
      const result = await evaluateRegionAt({ region: 'FOMS', at: '2026-12-01T20:59:00.000Z' }, { send: async () => undefined });
      expect(result.violations).toBe(0);
      expect(items.get('OBL#FOMS|y.calendar.2027')).toMatchObject({ state: 'OPEN' });
    });

    it('met by a decree loaded in time; a late one resolves the violation as MET_LATE', async () => {
      const items = tableInMemory();
      items.set('CALENDAR|2027#V#000001', { pk: 'CALENDAR', sk: '2027#V#000001', year: 2027, version: 1, data: JSON.stringify(decree2027), loadedAt: '2026-11-25T10:00:00.000Z', loadedBy: '11223344595', loadedByOrg: 'FOMS' });
      const { evaluateRegionAt } = await import('../../../shared/services/obligations/clock.js');
      const result = await evaluateRegionAt({ region: 'FOMS', at: '2026-12-02T06:00:00.000Z' }, { send: async () => undefined });
      expect(result).toMatchObject({ violations: 0, met: 2 });
      expect(items.get('OBL#FOMS|y.calendar.2027')).toMatchObject({ state: 'MET', metAt: '2026-11-25T10:00:00.000Z' });

      const late = tableInMemory();
      await evaluateRegionAt({ region: 'FOMS', at: '2026-12-02T06:00:00.000Z' }, { send: async () => undefined });
      late.set('CALENDAR|2027#V#000001', { pk: 'CALENDAR', sk: '2027#V#000001', year: 2027, version: 1, data: JSON.stringify(decree2027), loadedAt: '2026-12-03T08:00:00.000Z', loadedBy: '11223344595', loadedByOrg: 'FOMS' });
      const after = await evaluateRegionAt({ region: 'FOMS', at: '2026-12-03T08:15:00.000Z' }, { send: async () => undefined });
      expect(after.metLate).toBe(1);
      expect(late.get('OBL#FOMS|y.calendar.2027')).toMatchObject({ state: 'MET_LATE' });
      expect(late.get('VIOL#FOMS|y.calendar.2027')).toMatchObject({ obligationId: 'y.calendar.2027' }); // kept, resolved by markViolation
    });
  });
});
