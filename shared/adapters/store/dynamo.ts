import { BatchGetCommand, BatchWriteCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../../config.js';
import { canonicalJson, openCursor, sealCursor } from '../../pagination/cursor.js';
import { dynamoClient } from '../clients.js';
import { cursorKey } from '../secrets.js';

export type Item = Record<string, unknown>;

/** An item without its table and index keys: the stored record as the domain knows it. */
export function stripKeys<T>({ pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...rest }: Item): T {
  return rest as T;
}
export const mainTable = (): string => config.table('main');

export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string }).name === 'ConditionalCheckFailedException';
}

/** Every page of a query, lazily. */
export async function* queryAll(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await dynamoClient().send(new QueryCommand({ TableName: mainTable(), ...input, ExclusiveStartKey }));
    yield (out.Items ?? []) as Item[];
    ExclusiveStartKey = out.LastEvaluatedKey as Item | undefined;
  } while (ExclusiveStartKey);
}

/** The first page of a query (a latest item, a bounded list): no cursor is handed out. */
export async function queryFirst(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const out = await dynamoClient().send(new QueryCommand({ TableName: mainTable(), ...input }));
  return (out.Items ?? []) as Item[];
}

/**
 * One page of a query for an API response. The cursor is sealed (shared/pagination/cursor.ts)
 * and bound to this query — table, index, key condition and its values — so a client can neither
 * read the key layout nor page another region's or organization's list with it.
 */
export async function queryPage(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  cursor?: string,
): Promise<{ items: Item[]; cursor?: string }> {
  const scope = queryScope(input);
  const ExclusiveStartKey = cursor ? openCursor(await cursorKey(), cursor, scope) : undefined;
  const out = await dynamoClient().send(new QueryCommand({ TableName: mainTable(), ...input, ExclusiveStartKey }));
  return {
    items: (out.Items ?? []) as Item[],
    cursor: out.LastEvaluatedKey ? sealCursor(await cursorKey(), out.LastEvaluatedKey, scope) : undefined,
  };
}

/**
 * One page of up to `limit` items of a base-table query that `keep` accepts, for lists an API
 * filters on values DynamoDB cannot compare (a deadline on the region's clock). Store pages of
 * `limit` are read until the page is full or `maxReads` pages were read; the sealed cursor is the
 * key of the last item handed out (or of the last item read), so no item is skipped or repeated.
 */
export async function queryKeptPage(
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit' | 'IndexName'>,
  keep: (item: Item) => boolean,
  opts: { limit: number; cursor?: string; maxReads?: number },
): Promise<{ items: Item[]; cursor?: string }> {
  const scope = queryScope(input);
  let start = opts.cursor ? openCursor(await cursorKey(), opts.cursor, scope) : undefined;
  const items: Item[] = [];
  for (let reads = 0; reads < (opts.maxReads ?? 10); reads++) {
    const out = await dynamoClient().send(new QueryCommand({ TableName: mainTable(), ...input, Limit: opts.limit, ExclusiveStartKey: start }));
    const page = (out.Items ?? []) as Item[];
    for (const [i, item] of page.entries()) {
      if (!keep(item)) continue;
      items.push(item);
      const more = i < page.length - 1 || !!out.LastEvaluatedKey;
      if (items.length === opts.limit) return { items, cursor: more ? sealCursor(await cursorKey(), { pk: item.pk, sk: item.sk }, scope) : undefined };
    }
    start = out.LastEvaluatedKey as Item | undefined;
    if (!start) return { items };
  }
  return { items, cursor: sealCursor(await cursorKey(), start!, scope) };
}

/** What a cursor is bound to: the whole query except the page size, which a client may change. */
function queryScope({ Limit: _limit, ...query }: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): string {
  return canonicalJson({ table: mainTable(), ...query });
}

type Key = { pk: string; sk: string };
const keyOf = ({ pk, sk }: Key): string => `${pk}\u0000${sk}`;

/**
 * BatchGet of up to any number of keys, retrying unprocessed keys with backoff. DynamoDB rejects a
 * request that names a key twice, and real data repeats keys (two persons with one СНИЛС), so
 * keys are asked once each: one item per distinct key found, callers map items by key.
 */
export async function batchGet(keys: Key[]): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [keyOf(k), { pk: k.pk, sk: k.sk }])).values()];
  const found: Item[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Item[] | undefined = unique.slice(i, i + 100);
    for (let attempt = 0; pending?.length; attempt++) {
      const out = await dynamoClient().send(new BatchGetCommand({ RequestItems: { [mainTable()]: { Keys: pending } } }));
      found.push(...((out.Responses?.[mainTable()] ?? []) as Item[]));
      pending = out.UnprocessedKeys?.[mainTable()]?.Keys as Item[] | undefined;
      if (pending?.length) await backoff(attempt);
    }
  }
  return found;
}

/**
 * BatchWrite puts, 25 per call, retrying unprocessed items with backoff. DynamoDB rejects a
 * request with two puts of one key; the last put of a key is the one a sequence of puts would
 * leave, so only it is sent.
 */
export async function batchPut(items: Item[]): Promise<void> {
  const last = new Map<string, Item>();
  for (const item of items) {
    const key = keyOf(item as Key);
    last.delete(key);
    last.set(key, item);
  }
  const unique = [...last.values()];
  for (let i = 0; i < unique.length; i += 25) {
    let pending = unique.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      const out = await dynamoClient().send(new BatchWriteCommand({ RequestItems: { [mainTable()]: pending } }));
      pending = (out.UnprocessedItems?.[mainTable()] ?? []) as typeof pending;
      if (pending.length) await backoff(attempt);
    }
  }
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
}

/** Runs `worker` over items with at most `limit` in flight. */
export async function forEachLimited<T>(items: T[], limit: number, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await worker(items[next++] as T);
  });
  await Promise.all(lanes);
}

/**
 * Puts an item only when `condition` holds (default: it does not exist yet); false when it does
 * not — the single-item conditional write every idempotent step here is built on.
 */
export async function putIf(item: Item, condition = 'attribute_not_exists(pk)', values?: Record<string, unknown>, names?: Record<string, string>): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({ TableName: mainTable(), Item: item, ConditionExpression: condition, ExpressionAttributeValues: values, ExpressionAttributeNames: names }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A condition of an update, with its own placeholders (`#name`, `:value`). */
export interface UpdateCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * Sets the defined attributes of `changes` and removes those given as `undefined`, only when
 * `condition` holds; false when it does not (someone else moved the item first).
 */
export async function updateWhere(key: { pk: string; sk: string }, changes: Record<string, unknown>, condition: UpdateCondition): Promise<boolean> {
  const names: Record<string, string> = { ...condition.names };
  const values: Record<string, unknown> = { ...condition.values };
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(changes).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    if (value === undefined) return removes.push(`#a${i}`);
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  const clauses = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean);
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: key,
        UpdateExpression: clauses.join(' '),
        ConditionExpression: condition.expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
