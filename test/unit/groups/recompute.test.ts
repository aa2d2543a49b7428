import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { recomputeGroups } from '../../../shared/services/groups/recompute.js';
import { loadCampaigns } from '../../../shared/reference/load.js';
import { seedCampaignsOnly } from '../../support/campaigns-mock.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main', OMS_REGION_SHARDS: '1' });
const docs = mockClient(DynamoDBDocumentClient);
const active = loadCampaigns().filter((c) => c.active);

const person = (enp: string, over: Record<string, unknown> = {}) => ({
  pk: `P#${enp}`,
  sk: 'PERSON',
  enp,
  snils: '11223344595',
  fam: 'Иванов',
  im: 'Иван',
  w: 1,
  dr: '1960-05-10',
  mo: '391001',
  smo: '39001',
  dsChronic: [],
  lastVisit: '2026-01-10',
  region: '39',
  ...over,
});
const GOOD = ['3900000000000011', '3900000000000029'];
const BAD = '3900000000000037';

const refused = () => Object.assign(new Error('refused'), { name: 'ValidationException', $fault: 'client' });
let stats: Array<Record<string, unknown>>;
let written: string[];

beforeEach(async () => {
  docs.reset();
  await seedCampaignsOnly(docs);
  stats = [];
  written = [];
  docs.on(BatchGetCommand).resolves({ Responses: { main: [] } });
  docs.on(BatchWriteCommand).callsFake((input) => {
    written.push(...input.RequestItems.main.map((r: { PutRequest: { Item: { enp: string } } }) => r.PutRequest.Item.enp));
    return {};
  });
  docs.on(PutCommand).callsFake((input) => {
    stats.push(input.Item);
    return {};
  });
});

const shardStats = () => stats.map((item) => ({ stats: JSON.parse(item.stats as string), errorCount: item.errorCount, errors: JSON.parse(item.errors as string) }));

describe('groups recompute of a shard with one broken person', () => {
  it('decides the others, lists the broken one with the reason, and finishes the shard', async () => {
    // A stored person without a birth date (an item written by hand or by an older version).
    docs.on(QueryCommand).resolves({ Items: [person(GOOD[0]!), person(BAD, { dr: undefined }), person(GOOD[1]!)] });
    await recomputeGroups({ region: '39', shard: 0, reason: 'test' });
    expect(stats).toHaveLength(active.length);
    for (const s of shardStats()) {
      expect(s.stats.persons).toBe(2);
      expect(s.errorCount).toBe(1);
      expect(s.errors).toEqual([{ enp: BAD, reason: expect.stringMatching(/^Группа не определена: ошибка в данных лица \(TypeError: .*\); лицо не учтено в счётчиках$/) }]);
    }
    expect(new Set(written)).toEqual(new Set(GOOD));
  });

  it('looks COVID-19 cases up person by person when DynamoDB refuses the page, and lists whom it refuses', async () => {
    docs.on(QueryCommand).resolves({ Items: [person(GOOD[0]!), person(BAD, { snils: '99999999999' }), person(GOOD[1]!)] });
    docs.on(BatchGetCommand).callsFake((input) => {
      if (input.RequestItems.main.Keys.some((k: { pk: string }) => k.pk === `COVID#E#${BAD}`)) throw refused();
      return { Responses: { main: [] } };
    });
    await recomputeGroups({ region: '39', shard: 0, reason: 'test' });
    const [first] = shardStats();
    expect(first!.stats.persons).toBe(2);
    expect(first!.errors).toEqual([{ enp: BAD, reason: expect.stringContaining('не удалось найти случаи COVID-19 (ValidationException: refused)') }]);
  });

  it('writes decisions person by person when the batch is refused, and lists whom it refuses', async () => {
    docs.on(QueryCommand).resolves({ Items: [person(GOOD[0]!), person(BAD), person(GOOD[1]!)] });
    docs.on(BatchWriteCommand).callsFake((input) => {
      const enps = input.RequestItems.main.map((r: { PutRequest: { Item: { enp: string } } }) => r.PutRequest.Item.enp);
      if (enps.includes(BAD)) throw refused();
      written.push(...enps);
      return {};
    });
    await recomputeGroups({ region: '39', shard: 0, reason: 'test' });
    expect(new Set(written)).toEqual(new Set(GOOD));
    expect(shardStats()[0]!.errors.map((e: { enp: string }) => e.enp)).toEqual([BAD]);
    expect(shardStats()[0]!.stats.persons).toBe(2);
  });

  it('fails the message on a transient error, so SQS retries the shard whole', async () => {
    docs.on(QueryCommand).resolves({ Items: [person(GOOD[0]!)] });
    docs.on(BatchGetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException', $fault: 'client' }));
    await expect(recomputeGroups({ region: '39', shard: 0, reason: 'test' })).rejects.toThrow('slow down');
    expect(stats).toEqual([]);
  });

  it('excludes a person another region claims (open claim) as its reason, and only then; asks claims of marked persons only', async () => {
    const claim = (enp: string, claimant: string, status: string) => ({
      pk: `CONFLICT#${enp}`,
      sk: `CLAIM#${claimant}`,
      enp,
      claimant,
      holder: '39',
      reason: 'DUPLICATE',
      status,
      row: { ...person(enp), mo: `${claimant}1001`, smo: `${claimant}001` },
      held: { mo: '391001', smo: '39001', lastVisit: '2026-01-10', src: 's' },
    });
    docs.on(QueryCommand).resolves({
      Items: [person(GOOD[0]!, { contestedBy: new Set(['77']) }), person(GOOD[1]!, { contestedBy: new Set(['23']) }), person(BAD)],
    });
    const asked: string[] = [];
    const decisions: Array<{ enp: string; decision: string }> = [];
    docs.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems.main.Keys as Array<{ pk: string; sk: string }>;
      asked.push(...keys.filter((k) => k.pk.startsWith('CONFLICT#')).map((k) => `${k.pk}/${k.sk}`));
      // GOOD[0]'s claim is open; GOOD[1]'s was resolved for the holder (a stale mark changes nothing).
      return { Responses: { main: keys.some((k) => k.pk.startsWith('CONFLICT#')) ? [claim(GOOD[0]!, '77', 'OPEN'), claim(GOOD[1]!, '23', 'RESOLVED')] : [] } };
    });
    docs.on(BatchWriteCommand).callsFake((input) => {
      decisions.push(...input.RequestItems.main.map((r: { PutRequest: { Item: { enp: string; decision: string } } }) => r.PutRequest.Item));
      return {};
    });
    await recomputeGroups({ region: '39', shard: 0, reason: 'test' });
    expect(asked.sort()).toEqual([`CONFLICT#${GOOD[0]}/CLAIM#77`, `CONFLICT#${GOOD[1]}/CLAIM#23`]);
    const byEnp = (enp: string) => decisions.filter((d) => d.enp === enp).map((d) => JSON.parse(typeof d.decision === 'string' ? d.decision : JSON.stringify(d.decision)));
    for (const d of byEnp(GOOD[0]!)) expect(d).toMatchObject({ eligible: false, exclusion: 'DUPLICATE', reason: expect.stringContaining('регион 77 (МО 771001') });
    for (const d of [...byEnp(GOOD[1]!), ...byEnp(BAD)]) expect(d.eligible).toBe(true);
    for (const s of shardStats()) expect(s.stats.exclusions).toEqual({ DUPLICATE: 1 });
  });
});
