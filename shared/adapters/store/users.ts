import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Authority, Grant, Principal, Role } from '../../access/model.js';
import { dynamoClient } from '../clients.js';
import { isConditionFailure, mainTable, queryAll } from './dynamo.js';

/**
 * Users and their grants: `USER#<snils>` / `PROFILE` and `USER#<snils>` / `GRANT#<A|B>`, one query
 * away, read on every call (no cache): ending access or revoking a role takes effect at once.
 */
export interface UserProfile {
  /** СНИЛС, 11 digits: the key (ЕСИА identifies the person by it). */
  snils: string;
  /** Token subject of the person's last sign-in, when known. */
  sub?: string;
  fio: string;
  org: string;
  isHead: boolean;
  active: boolean;
  createdBy: string;
  createdAt: string;
  endedAt?: string;
  endedBy?: string;
}

export async function loadPrincipal(snils: string): Promise<Principal | undefined> {
  const out = await dynamoClient().send(
    new QueryCommand({ TableName: mainTable(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `USER#${snils}` }, ConsistentRead: true }),
  );
  const items = out.Items ?? [];
  const profile = items.find((i) => i.sk === 'PROFILE') as UserProfile | undefined;
  if (!profile) return undefined;
  const grants = items.filter((i) => String(i.sk).startsWith('GRANT#')).map((i) => ({ authority: i.authority as Authority, role: i.role as Role }));
  return { snils: profile.snils, fio: profile.fio, org: profile.org, isHead: profile.isHead, active: profile.active, grants };
}

/** Registers a user once; false when the СНИЛС is already registered. */
export async function createUser(profile: UserProfile): Promise<boolean> {
  try {
    await dynamoClient().send(
      new PutCommand({
        TableName: mainTable(),
        Item: { pk: `USER#${profile.snils}`, sk: 'PROFILE', gsi1pk: `ORGUSERS#${profile.org}`, gsi1sk: profile.snils, ...profile },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function putGrant(snils: string, grant: Grant, by: string, at: string): Promise<void> {
  await dynamoClient().send(
    new PutCommand({ TableName: mainTable(), Item: { pk: `USER#${snils}`, sk: `GRANT#${grant.authority}`, ...grant, grantedBy: by, grantedAt: at } }),
  );
}

export async function deleteGrant(snils: string, authority: Authority): Promise<void> {
  await dynamoClient().send(new DeleteCommand({ TableName: mainTable(), Key: { pk: `USER#${snils}`, sk: `GRANT#${authority}` } }));
}

/**
 * Ends the access of a user of `org`; false when the СНИЛС is not a user of that organization
 * (the condition, not an earlier read, decides: a user who moved meanwhile is left alone).
 */
export async function endAccess(snils: string, org: string, by: string, at: string): Promise<boolean> {
  try {
    await dynamoClient().send(
      new UpdateCommand({
        TableName: mainTable(),
        Key: { pk: `USER#${snils}`, sk: 'PROFILE' },
        UpdateExpression: 'SET active = :false, endedAt = :at, endedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND org = :org',
        ExpressionAttributeValues: { ':false': false, ':at': at, ':by': by, ':org': org },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

export async function usersOf(org: string): Promise<Principal[]> {
  const principals = await Promise.all((await profilesOf(org)).map((p) => loadPrincipal(p.snils)));
  return principals.filter((p): p is Principal => Boolean(p));
}

/** Profiles of an organization's users, with registration times (the index projects them whole). */
export async function profilesOf(org: string): Promise<UserProfile[]> {
  const out: UserProfile[] = [];
  for await (const page of queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': `ORGUSERS#${org}` } })) {
    out.push(...page.map(({ pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, ...rest }) => rest as unknown as UserProfile));
  }
  return out;
}
