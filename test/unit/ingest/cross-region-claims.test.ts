import { BatchGetCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InsuredPerson } from '../../../shared/domain/records.js';
import { claimRefusedRows } from '../../../shared/services/conflicts/claims.js';

Object.assign(process.env, { OMS_MAIN_TABLE: 'main' });
const docs = mockClient(DynamoDBDocumentClient);

const FILE = { fileId: 'f-23', sender: '23', receivedAt: '2026-11-20T10:00:00.000Z' };
const SRC = `${FILE.receivedAt}#${FILE.fileId}`;
const row = (enp: string, over: Partial<InsuredPerson> = {}): InsuredPerson => ({
  enp,
  fam: 'Петров',
  im: 'Пётр',
  w: 1,
  dr: '1970-01-01',
  mo: '231001',
  smo: '23001',
  dsChronic: [],
  lastVisit: '2026-05-01',
  ...over,
});
const stored = (enp: string, region: string, over: Record<string, unknown> = {}) => ({
  pk: `P#${enp}`,
  sk: 'PERSON',
  ...row(enp, { mo: `${region}1001`, smo: `${region}008`, lastVisit: '2025-05-01' }),
  region,
  src: '2026-11-01T00:00:00.000Z#f-77',
  srcLine: 2,
  ...over,
});

const [HELD, OWN, DECIDED] = ['7700000000000001', '2300000000000002', '7700000000000003'];
let claimPuts: Array<{ Item: Record<string, unknown>; ConditionExpression?: string }>;
let marks: Array<Record<string, unknown>>;

beforeEach(() => {
  docs.reset();
  claimPuts = [];
  marks = [];
  docs.on(BatchGetCommand).resolves({
    Responses: {
      main: [
        stored(HELD, '77'),
        // The same region's newer file holds this one: superseded, not a conflict.
        stored(OWN, '23', { src: '2026-11-30T00:00:00.000Z#f-23b' }),
        // FOMS decided on this ЕНП after the file arrived: the file opens nothing again.
        stored(DECIDED, '77', { resolvedAt: '2026-11-21T00:00:00.000Z' }),
      ],
    },
  });
  docs.on(PutCommand).callsFake((input) => void claimPuts.push(input));
  docs.on(UpdateCommand).callsFake((input) => void marks.push(input));
});

const refused = [HELD, OWN, DECIDED].map((enp, i) => ({ person: row(enp), line: i + 2 }));

describe('rows refused by the person store (a row never takes a person another region holds)', () => {
  it('reads all refused rows in one BatchGet and opens a claim only where another region holds the person', async () => {
    const outcome = await claimRefusedRows(FILE, SRC, refused, 1, '2026-11-20T10:05:00.000Z');
    expect(outcome).toEqual({ loaded: 0, claimed: 1, superseded: 2, holders: ['77'] });
    expect(docs.commandCalls(BatchGetCommand)).toHaveLength(1);
    // The record FOMS lists, then one view for each party's TFOMS.
    expect(claimPuts.map((p) => [p.Item.sk, p.Item.gsi1pk, p.Item.gsi1sk])).toEqual([
      ['CLAIM#23', 'CONFLICTS', `OPEN#${HELD}#23`],
      ['CLAIM#23#VIEW#77', 'CONFLICTS#77', `OPEN#${HELD}#23`],
      ['CLAIM#23#VIEW#23', 'CONFLICTS#23', `OPEN#${HELD}#23`],
    ]);
    expect(claimPuts[0]!.Item).toMatchObject({
      enp: HELD,
      claimant: '23',
      holder: '77',
      reason: 'MOVED',
      status: 'OPEN',
      src: SRC,
      srcLine: 2,
      fileId: 'f-23',
      row: row(HELD),
      held: { mo: '771001', smo: '77008', lastVisit: '2025-05-01' },
    });
    // Only a record with an older claim (or this one, still open) is replaced: a single-item conditional put.
    expect(claimPuts[0]!.ConditionExpression).toBe('attribute_not_exists(pk) OR src < :src OR (src = :src AND #status = :open)');
    expect(marks).toEqual([expect.objectContaining({ Key: { pk: `P#${HELD}`, sk: 'PERSON' }, UpdateExpression: 'ADD contestedBy :claimant' })]);
    expect([...(marks[0]!.ExpressionAttributeValues as { ':claimant': Set<string> })[':claimant']]).toEqual(['23']);
  });

  it('a redelivered chunk writes the very same claim and mark again (idempotent)', async () => {
    await claimRefusedRows(FILE, SRC, refused, 1, '2026-11-20T10:05:00.000Z');
    const first = { claimPuts, marks };
    claimPuts = [];
    marks = [];
    await claimRefusedRows(FILE, SRC, refused, 1, '2026-11-20T10:05:00.000Z');
    expect({ claimPuts, marks }).toEqual(first);
  });

  it('a claim already resolved (the conditional put refused) is neither reopened nor marked again', async () => {
    docs.on(PutCommand).rejects(Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }));
    const outcome = await claimRefusedRows(FILE, SRC, refused, 1);
    expect(outcome.claimed).toBe(1);
    expect(docs.commandCalls(PutCommand)).toHaveLength(1);
    expect(marks).toEqual([]);
  });

  it('does nothing at all when no row was refused', async () => {
    expect(await claimRefusedRows(FILE, SRC, [], 1)).toEqual({ loaded: 0, claimed: 0, superseded: 0, holders: [] });
    expect(docs.calls()).toHaveLength(0);
  });

  it('writes a row of the holder’s own region over a marked person by update, so its conflict marks stay', async () => {
    docs.on(BatchGetCommand).resolves({ Responses: { main: [stored(OWN, '23', { contestedBy: new Set(['77']), src: '2026-11-01T00:00:00.000Z#f-23a' })] } });
    const outcome = await claimRefusedRows(FILE, SRC, [{ person: row(OWN, { phone: undefined }), line: 5 }], 1);
    expect(outcome).toEqual({ loaded: 1, claimed: 0, superseded: 0, holders: [] });
    expect(claimPuts).toEqual([]);
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ Key: { pk: `P#${OWN}`, sk: 'PERSON' }, ConditionExpression: '#holder = :region AND #src <= :src' });
    // The row's fields are set, absent optional ones removed; contestedBy is not touched.
    expect(marks[0]!.UpdateExpression).toMatch(/^SET .* REMOVE /);
    expect(Object.values(marks[0]!.ExpressionAttributeNames as Record<string, string>)).not.toContain('contestedBy');
  });
});
