import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../clients.js';
import { mainTable, putIf, queryAll } from './dynamo.js';

/**
 * SMOs registered to work in a region (seed 000, 4.1): `SMOREG#<region>` / `<SMO code>` with name,
 * contacts, state and history, guarded by `version`. Only an ACTIVE SMO receives informing files;
 * ending its work keeps the item (and the files it already has) with the event in its history.
 */
export interface SmoContacts {
  phone?: string;
  email?: string;
  address?: string;
  /** Contact person for informing (name, position). */
  person?: string;
}

export type SmoState = 'ACTIVE' | 'ENDED';

export interface SmoEvent {
  at: string;
  action: 'register' | 'update' | 'end' | 'reactivate';
  /** СНИЛС of the fund user. */
  by: string;
  org: string;
  reason?: string;
}

export interface RegisteredSmo {
  region: string;
  /** F002 SMOCOD: region + 3 digits. */
  code: string;
  name: string;
  contacts: SmoContacts;
  state: SmoState;
  /** First registration in the region. */
  registeredAt: string;
  /** Start of the current ACTIVE period (taking up the work again after an end starts a new one). */
  activeSince: string;
  endedAt?: string;
  endReason?: string;
  version: number;
  history: SmoEvent[];
  updatedAt: string;
}

const key = (region: string, code: string) => ({ pk: `SMOREG#${region}`, sk: code });
const strip = ({ pk: _p, sk: _s, ...rest }: Record<string, unknown>): RegisteredSmo => rest as unknown as RegisteredSmo;

export async function getRegisteredSmo(region: string, code: string): Promise<RegisteredSmo | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: key(region, code), ConsistentRead: true }));
  return out.Item ? strip(out.Item) : undefined;
}

/** Every SMO ever registered in the region, active or ended, by code. */
export async function listRegisteredSmos(region: string): Promise<RegisteredSmo[]> {
  const out: RegisteredSmo[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `SMOREG#${region}` }, ConsistentRead: true })) {
    out.push(...page.map(strip));
  }
  return out;
}

/** False when someone changed the entry since `expectedVersion` (undefined = must not exist). */
export async function saveRegisteredSmo(smo: RegisteredSmo, expectedVersion?: number): Promise<boolean> {
  const item = { ...key(smo.region, smo.code), ...smo };
  return expectedVersion === undefined ? putIf(item) : putIf(item, 'version = :v', { ':v': expectedVersion });
}

/**
 * For the obligations (4.1): the SMOs registered in a region — code, first registration and
 * whether it works there now.
 */
export async function registeredSmosOf(region: string): Promise<Array<{ code: string; registeredAt: string; active: boolean; endedAt?: string }>> {
  return (await listRegisteredSmos(region)).map((s) => ({
    code: s.code,
    registeredAt: s.registeredAt,
    active: s.state === 'ACTIVE',
    ...(s.state === 'ENDED' && s.endedAt ? { endedAt: s.endedAt } : {}),
  }));
}
