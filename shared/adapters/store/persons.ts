import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CovidCase, InsuredPerson } from '../../domain/records.js';
import { dynamoClient } from '../clients.js';
import { batchGet, isConditionFailure, mainTable, putIf, queryAll, stripKeys, updateWhere, type Item } from './dynamo.js';

/**
 * Insured persons, one item per ЕНП (unique nationally), indexed by region shard so a region's
 * groups can be recomputed in parallel. `src` = `<receivedAt>#<fileId>` orders the sources: a row
 * from a later file supersedes, an older one never overwrites a newer one.
 */
export interface StoredPerson extends InsuredPerson {
  region: string;
  src: string;
  srcLine: number;
  /** Regions whose exports also carry this ЕНП (open cross-region claims). */
  contestedBy?: Set<string>;
  /** The latest FOMS decision on a claim: files received before it open no claim. */
  resolvedAt?: string;
}

const personKey = (enp: string) => ({ pk: `P#${enp}`, sk: 'PERSON' });
const shardKey = (region: string, shard: number) => `REG#${region}#${String(shard).padStart(3, '0')}`;

/** Stable spread of ЕНП over shards (FNV-1a). */
export function shardOf(enp: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < enp.length; i++) hash = Math.imul(hash ^ enp.charCodeAt(i), 0x01000193) >>> 0;
  return hash % shards;
}

/**
 * Writes a row of the person's own region: one conditional PutItem. Returns false when the row is
 * refused: a newer file of that region holds the ЕНП (superseded); another region holds it (a
 * cross-region claim, shared/domain/cross-region.ts — a later file never takes the person); or the
 * person carries conflict marks (`contestedBy`, `resolvedAt`), which a put would erase — the
 * caller then writes the row with updateMarkedPerson. Marked persons are few: the common row
 * stays a single put.
 */
export async function putPerson(person: StoredPerson, shards: number): Promise<boolean> {
  return putIf(
    { ...personKey(person.enp), gsi1pk: shardKey(person.region, shardOf(person.enp, shards)), gsi1sk: person.enp, ...person },
    'attribute_not_exists(pk) OR (#holder = :region AND #src <= :src AND attribute_not_exists(contestedBy) AND attribute_not_exists(resolvedAt))',
    { ':region': person.region, ':src': person.src },
    { '#holder': 'region', '#src': 'src' },
  );
}

/** Optional fields of a row: a later row without them removes the earlier values. */
const OPTIONAL: ReadonlyArray<keyof InsuredPerson> = ['snils', 'ot', 'phone', 'lastVisit', 'dDeath'];

/** A row of the holder's own region over a person with conflict marks: an update, so the marks stay. */
export async function updateMarkedPerson(person: StoredPerson, shards: number): Promise<boolean> {
  const cleared = Object.fromEntries(OPTIONAL.map((name) => [name, undefined]));
  return updateWhere(
    personKey(person.enp),
    { ...cleared, ...person, gsi1pk: shardKey(person.region, shardOf(person.enp, shards)), gsi1sk: person.enp },
    { expression: '#holder = :region AND #src <= :src', names: { '#holder': 'region', '#src': 'src' }, values: { ':region': person.region, ':src': person.src } },
  );
}

/** Marks the held person as claimed by another region (adding to a set is idempotent). */
export async function markContested(enp: string, claimant: string): Promise<void> {
  await dynamoClient().send(
    new UpdateCommand({
      TableName: mainTable(),
      Key: personKey(enp),
      UpdateExpression: 'ADD contestedBy :claimant',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':claimant': new Set([claimant]) },
    }),
  );
}

/** FOMS kept the person in its region: the claim is dropped, only while the person is still there. */
export async function keepWithHolder(enp: string, holder: string, claimant: string, resolvedAt: string): Promise<boolean> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: personKey(enp),
        UpdateExpression: 'DELETE contestedBy :claimant SET resolvedAt = :at',
        ConditionExpression: '#holder = :holder',
        ExpressionAttributeNames: { '#holder': 'region' },
        ExpressionAttributeValues: { ':claimant': new Set([claimant]), ':holder': holder, ':at': resolvedAt },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * FOMS gave the person to the claimant: the claimed row becomes the person, only while the person
 * is still the holder's record FOMS decided on (`src`). Other regions' claims stay marked.
 */
export async function moveToClaimant(claimed: StoredPerson, from: Pick<StoredPerson, 'region' | 'src'>, resolvedAt: string, shards: number): Promise<boolean> {
  const cleared = Object.fromEntries(OPTIONAL.map((name) => [name, undefined]));
  const current = await getPerson(claimed.enp);
  const others = [...(current?.contestedBy ?? [])].filter((r) => r !== claimed.region);
  return updateWhere(
    personKey(claimed.enp),
    {
      ...cleared,
      ...claimed,
      gsi1pk: shardKey(claimed.region, shardOf(claimed.enp, shards)),
      gsi1sk: claimed.enp,
      contestedBy: others.length ? new Set(others) : undefined,
      resolvedAt,
    },
    { expression: '#holder = :region AND #src = :src', names: { '#holder': 'region', '#src': 'src' }, values: { ':region': from.region, ':src': from.src } },
  );
}

export async function getPerson(enp: string): Promise<StoredPerson | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: personKey(enp) }));
  return out.Item ? stripKeys<StoredPerson>(out.Item) : undefined;
}

/** Persons by ЕНП, one BatchGet per 100 distinct ЕНП; absent persons are absent from the map. */
export async function personsByEnp(enps: readonly string[]): Promise<Map<string, StoredPerson>> {
  const items = await batchGet([...new Set(enps)].map(personKey));
  return new Map(items.map((item) => [item.enp as string, stripKeys<StoredPerson>(item)]));
}

export async function* personsOfShard(region: string, shard: number): AsyncGenerator<StoredPerson[]> {
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': shardKey(region, shard) },
  })) {
    yield page.map((item) => stripKeys<StoredPerson>(item));
  }
}

/** COVID cases are a set of `date|ds` per ЕНП and per СНИЛС: adding to a set is idempotent. */
const covidKeys = (c: Pick<CovidCase, 'enp' | 'snils'>) => [
  ...(c.enp ? [{ pk: `COVID#E#${c.enp}`, sk: 'COVID' }] : []),
  ...(c.snils ? [{ pk: `COVID#S#${c.snils}`, sk: 'COVID' }] : []),
];

export async function addCovidCase(c: CovidCase): Promise<void> {
  for (const Key of covidKeys(c)) {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key,
        UpdateExpression: 'ADD episodes :episode',
        ExpressionAttributeValues: { ':episode': new Set([`${c.dateRecovery}|${c.ds}`]) },
      }),
    );
  }
}

/** COVID cases of many persons at once, matched by ЕНП or СНИЛС. */
export async function covidCasesOf(persons: Array<Pick<InsuredPerson, 'enp' | 'snils'>>): Promise<Map<string, CovidCase[]>> {
  const items = await batchGet(persons.flatMap((p) => covidKeys(p)));
  const byKey = new Map(items.map((item) => [item.pk as string, item.episodes as Set<string>]));
  const result = new Map<string, CovidCase[]>();
  for (const p of persons) {
    const episodes = new Set<string>();
    for (const { pk } of covidKeys(p)) for (const e of byKey.get(pk) ?? []) episodes.add(e);
    result.set(
      p.enp,
      [...episodes].sort().map((e) => {
        const [dateRecovery, ds] = e.split('|') as [string, CovidCase['ds']];
        return { enp: p.enp, snils: p.snils, ds, dateRecovery };
      }),
    );
  }
  return result;
}

/** Regions that have persons loaded: the ones to recompute when the COVID register changes. */
export async function markRegionPopulated(region: string): Promise<void> {
  await dynamoClient().send(
    new PutCommand({ TableName: mainTable(), Item: { pk: `REGION#${region}`, sk: 'PERSONS', gsi1pk: 'POPULATED', gsi1sk: region } }),
  );
}

export async function populatedRegions(): Promise<string[]> {
  const regions: string[] = [];
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'POPULATED' },
  })) {
    regions.push(...page.map((item) => item.gsi1sk as string));
  }
  return regions;
}

