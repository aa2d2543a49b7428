import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/abonent/clock.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main', OMS_QUEUE_URL_ABONENT_FORM: 'q-form' });
const docs = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const context = { functionName: 'stage-clock', awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

const scheduled = (time: string) => ({
  version: '0',
  id: 'e',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time,
  region: 'eu-central-1',
  resources: ['arn:aws:events:eu-central-1:000000000000:rule/stage-clock'],
  detail: {},
});

/** Kaliningrad (UTC+2), Moscow (UTC+3), Novosibirsk (UTC+7), Kamchatka (UTC+12). */
const REGIONS = ['39', '77', '54', '41'];
let stages: Map<string, Record<string, unknown>>;

const run = async (time: string) => (await handler(scheduled(time), context)) as { actions: Array<{ campaignId: string; region: string; batch: string; action: string }> };
const actionsOf = (result: Awaited<ReturnType<typeof run>>) =>
  result.actions.filter((a) => a.campaignId === 'ud-2026').map((a) => `${a.region}:${a.batch}:${a.action}`).sort();

describe('stage-clock handler (seed 000 dates on each region’s own calendar day)', () => {
  beforeEach(() => {
    docs.reset();
    sqs.reset();
    stages = new Map();
    sqs.on(SendMessageBatchCommand).resolves({});
    docs.on(QueryCommand).resolves({ Items: [] });
    docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'POPULATED' } }).resolves({ Items: REGIONS.map((r) => ({ pk: `REGION#${r}`, sk: 'PERSONS', region: r, gsi1pk: 'POPULATED', gsi1sk: r })) });
    docs.on(GetCommand).callsFake((input: { Key: { pk: string } }) => ({ Item: stages.get(input.Key.pk) }));
    docs.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
      stages.set(input.Item.pk as string, input.Item);
      return {};
    });
  });

  it('starts forming of batch 1–2 only where 1 December has begun locally', async () => {
    // 13:30 UTC on 30 November: 01:30 on 1 December in Kamchatka, still 30 November elsewhere.
    expect(actionsOf(await run('2026-11-30T13:30:00Z'))).toEqual(['41:12:start']);
    // 17:30 UTC: Novosibirsk's midnight has passed (00:30), Moscow's has not (20:30).
    expect(actionsOf(await run('2026-11-30T17:30:00Z'))).toEqual(['54:12:start']);
    expect(actionsOf(await run('2026-11-30T21:30:00Z'))).toEqual(['77:12:start']);
    expect(actionsOf(await run('2026-11-30T22:30:00Z'))).toEqual(['39:12:start']);
    // Re-running the same hour does nothing new.
    expect(actionsOf(await run('2026-11-30T22:30:00Z'))).toEqual([]);
    const messages = sqs.commandCalls(SendMessageBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => JSON.parse(e.MessageBody!)));
    expect(messages.filter((m) => m.campaignId === 'ud-2026').map((m) => m.region).sort()).toEqual(['39', '41', '54', '77']);
  });

  it('forms the registry once the return day is over locally, and never overrides a stage FOMS reopened', async () => {
    await run('2026-11-30T22:30:00Z');
    // returnBy is 5 December: 12:30 UTC on the 5th is already the 6th in Kamchatka only.
    expect(actionsOf(await run('2026-12-05T12:30:00Z'))).toEqual(['41:12:form-registry']);
    const moscow = stages.get('STAGE#ud-2026#77#12')!;
    stages.set('STAGE#ud-2026#77#12', { ...moscow, history: [...(moscow.history as unknown[]), { action: 'reopen', at: 'x', to: 'FORMING', by: 'x', org: 'FOMS' }] });
    expect(actionsOf(await run('2026-12-05T17:30:00Z'))).toEqual(['54:12:form-registry']);
    // 22:30 UTC: past midnight in Moscow (reopened by FOMS: left alone) and in Kaliningrad.
    expect(actionsOf(await run('2026-12-05T22:30:00Z'))).toEqual(['39:12:form-registry']);
    expect(stages.get('STAGE#ud-2026#41#12')).toMatchObject({ state: 'REGISTRY_OPEN', history: [{ action: 'start', by: 'schedule' }, { action: 'form-registry', by: 'schedule' }] });
    expect(stages.get('STAGE#ud-2026#77#12')).toMatchObject({ state: 'FORMING' });
  });
});
