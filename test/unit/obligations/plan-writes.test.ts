import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../../../shared/reference/load.js';
import { planDaily } from '../../../shared/services/obligations/plan.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main' });
const docs = mockClient(DynamoDBDocumentClient);

/** Every put as it starts, and the most puts in flight at once (each takes a few ms, as a round trip does). */
let started: Array<{ pk: string; sk: string }>;
let inFlight: number;
let most: number;

beforeEach(() => {
  docs.reset();
  started = [];
  inFlight = 0;
  most = 0;
  docs.on(GetCommand).resolves({});
  docs.on(QueryCommand).resolves({ Items: [] });
  docs.on(PutCommand).callsFake(async (input) => {
    started.push({ pk: input.Item.pk, sk: input.Item.sk });
    most = Math.max(most, ++inFlight);
    await sleep(5);
    inFlight--;
    return {};
  });
});

describe('planning writes', () => {
  it('creates a region’s daily duties a few at a time, not one round trip after another, and claims the day only after all of them', async () => {
    const region = loadReferenceData().regions.get('41')!;
    const created = await planDaily(region, '2026-11-19', new Date('2026-11-19T00:00:00Z'));
    expect(created).toBeGreaterThanOrEqual(5);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    // The marker goes last: a run that died half-way is completed by the next one.
    expect(started).toHaveLength(created + 1);
    expect(started.at(-1)).toEqual({ pk: 'OBLDAY#41', sk: '2026-11-19' });
    expect(inFlight).toBe(0);
  });
});
