import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/services/api/http.js';
import { parseBody } from '../../../shared/services/api/http.js';
import { endSmo, reactivateSmo, registerSmo, SmoRegistration } from '../../../shared/services/informing/smo-registry.js';

process.env.OMS_MAIN_TABLE = 'main';
const ddb = mockClient(DynamoDBDocumentClient);
/** The SMO registry table in memory (conditions are the store's business, tested on the emulators). */
const table = new Map<string, Record<string, unknown>>();
const TFOMS = { by: '11223344595', org: '39' };

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('SMO registration (4.1)', () => {
  beforeEach(() => {
    ddb.reset();
    table.clear();
    ddb.on(GetCommand).callsFake((input) => ({ Item: table.get(`${input.Key.pk}|${input.Key.sk}`) }));
    ddb.on(PutCommand).callsFake((input) => {
      table.set(`${input.Item.pk}|${input.Item.sk}`, input.Item);
      return {};
    });
  });

  it('refuses a name of NUL characters (it used to register, and re-activate, the SMO)', () => {
    expect(() => parseBody(SmoRegistration, { name: '\u0000\u0000\u0000' })).toThrow(/Поле name: содержит управляющий символ U\+0000/);
    expect(() => parseBody(SmoRegistration, { name: 'МАКС\u202E-М' })).toThrow(/Поле name: .*U\+202E/);
    expect(() => parseBody(SmoRegistration, { contacts: { person: '\u200B\u200B' } })).toThrow(/Поле contacts\.person: пусто/);
    expect(() => parseBody(SmoRegistration, { contacts: { phone: '+7\u0000 4012' } })).toThrow(/Поле contacts\.phone/);
  });

  it('does not take up an ended SMO’s work again on a rename; the explicit action does, with its reason', async () => {
    expect((await registerSmo('39', '39006', {}, TFOMS)).created).toBe(true);
    await endSmo('39', '39006', 'Исключена из реестра СМО', TFOMS);
    const renamed = await refusal(registerSmo('39', '39006', { name: 'АО "МАКС-М" — новый филиал' }, TFOMS));
    expect([renamed.statusCode, renamed.code]).toEqual([409, 'SMO_ENDED']);
    expect(renamed.message).toContain('/v1/regions/39/smos/39006/reactivate');
    expect(table.get('SMOREG#39|39006')).toMatchObject({ state: 'ENDED', name: 'АО "МАКС-М" — филиал в г. Калининграде' });

    const back = await reactivateSmo('39', '39006', 'Вновь включена в реестр СМО', TFOMS, new Date('2026-12-01T09:00:00Z'));
    expect(back).toMatchObject({ state: 'ACTIVE', activeSince: '2026-12-01T09:00:00.000Z' });
    expect(back.endedAt).toBeUndefined();
    expect(back.history.map((e) => [e.action, e.reason ?? null])).toEqual([
      ['register', null],
      ['end', 'Исключена из реестра СМО'],
      ['reactivate', 'Вновь включена в реестр СМО'],
    ]);
    expect((await refusal(reactivateSmo('39', '39006', 'ещё раз', TFOMS))).code).toBe('SMO_NOT_ENDED');
    expect((await refusal(reactivateSmo('39', '39004', 'не было', TFOMS))).message).toContain('не зарегистрирована');
  });
});
