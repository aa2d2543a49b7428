import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUser, ensureDemoUser } from '../../infra/local/demo-users.js';
import { mintToken } from '../../infra/local/issuer.js';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { makeSnils } from '../../shared/identifiers/snils.js';

/**
 * Seed 003 through the emulators with the real API handler: FOMS registers a TFOMS user → the
 * TFOMS registers an MO head → the head registers staff with different roles → wrong-role
 * attempts are refused → a revoked or ended user is refused on the very next call.
 */
let stack: LocalStack;
let dataDir: string;

const people = {
  tfoms77: { snils: makeSnils('100200301'), fio: 'Смирнова Ольга Петровна' },
  tfoms23: { snils: makeSnils('100200302'), fio: 'Кузнецов Андрей Ильич' },
  head: { snils: makeSnils('100200303'), fio: 'Волков Сергей Николаевич' },
  clerk: { snils: makeSnils('100200304'), fio: 'Орлова Мария Викторовна' },
  approver: { snils: makeSnils('100200305'), fio: 'Зайцев Павел Олегович' },
  hr: { snils: makeSnils('100200306'), fio: 'Белова Ирина Андреевна' },
};
type Who = keyof typeof people | 'foms';

async function call(who: Who, method: string, path: string, body?: unknown) {
  const snils = who === 'foms' ? demoUser({ org: 'FOMS' }).snils : people[who].snils;
  const token = await mintToken({ org: '-', sub: `esia-${snils}`, snils }, dataDir);
  const res = await fetch(`${stack.endpoints.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('access (seed 003) through the emulators', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'omsflow-access-'));
    stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, schedules: false, endpointsFile: null, log: () => undefined });
    // The first FOMS administrator is created at installation (bootstrap), not through the API.
    await ensureDemoUser(demoUser({ org: 'FOMS' }));
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('FOMS registers TFOMS staff; nobody else can', async () => {
    expect((await call('foms', 'POST', '/v1/funds/77/users', people.tfoms77)).status).toBe(201);
    expect((await call('foms', 'POST', '/v1/funds/23/users', people.tfoms23)).status).toBe(201);
    const again = await call('foms', 'POST', '/v1/funds/77/users', people.tfoms77);
    expect(again.status).toBe(409);
    const refused = await call('tfoms77', 'POST', '/v1/funds/77/users', { snils: makeSnils('100200399'), fio: 'Кто-то Другой' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('@foms_bot');
  });

  it('the TFOMS of the region registers the head of an MO; another region’s TFOMS cannot', async () => {
    const other = await call('tfoms23', 'POST', '/v1/regions/77/orgs/771001/head', people.head);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN_REGION');
    const notInRegion = await call('tfoms77', 'POST', '/v1/regions/77/orgs/231001/head', people.head);
    expect(notInRegion.status).toBe(404);
    const badSnils = await call('tfoms77', 'POST', '/v1/regions/77/orgs/771001/head', { ...people.head, snils: '112-233-445 96' });
    expect([badSnils.status, badSnils.body.error.message]).toEqual([400, expect.stringContaining('Поле snils')]);
    expect((await call('tfoms77', 'POST', '/v1/regions/77/orgs/771001/head', people.head)).status).toBe(201);
    const me = await call('head', 'GET', '/v1/me');
    expect(me.body).toMatchObject({ org: '771001', orgType: 'MO', isHead: true, active: true });
  });

  it('the head registers staff with different authorities and roles', async () => {
    const clerk = await call('head', 'POST', '/v1/orgs/771001/users', { ...people.clerk, grants: [{ authority: 'A', role: 'Ввод данных' }] });
    expect(clerk.status).toBe(201);
    expect(clerk.body.grants).toEqual([{ authority: 'A', role: 'Ввод данных' }]);
    expect(
      (await call('head', 'POST', '/v1/orgs/771001/users', { ...people.approver, grants: [{ authority: 'A', role: 'Согласование' }, { authority: 'B', role: 'Просмотр' }] }))
        .status,
    ).toBe(201);
    expect((await call('head', 'POST', '/v1/orgs/771001/users', { ...people.hr, grants: [{ authority: 'B', role: 'Утверждение' }] })).status).toBe(201);
    const users = await call('approver', 'GET', '/v1/orgs/771001/users');
    expect(users.body.users.map((u: any) => u.fio).sort()).toEqual([people.approver.fio, people.clerk.fio, people.head.fio, people.hr.fio].sort());
  });

  it('refuses each wrong-role attempt and says what is missing', async () => {
    const clerkRegisters = await call('clerk', 'POST', '/v1/orgs/771001/users', { snils: makeSnils('100200307'), fio: 'Новиков Пётр', grants: [{ authority: 'A', role: 'Просмотр' }] });
    expect(clerkRegisters.status).toBe(403);
    expect(clerkRegisters.body.error.message).toContain('Нужно полномочие B');
    const approverGrants = await call('approver', 'PUT', `/v1/orgs/771001/users/${people.clerk.snils}/grants/A`, { role: 'Утверждение' });
    expect(approverGrants.status).toBe(403);
    const clerkLists = await call('clerk', 'GET', '/v1/orgs/771001/users');
    expect(clerkLists.status).toBe(403);
    const otherMo = await call('hr', 'GET', '/v1/orgs/771004/users');
    expect(otherMo.body.error.code).toBe('FORBIDDEN_ORG');
    const stage1 = await call('head', 'GET', '/v1/regions/77/files');
    expect(stage1.status).toBe(403);
  });

  it('B «Утверждение» manages roles; a revoked role and ended access are refused on the next call', async () => {
    const promoted = await call('hr', 'PUT', `/v1/orgs/771001/users/${people.clerk.snils}/grants/B`, { role: 'Просмотр' });
    expect(promoted.body.grants).toEqual(expect.arrayContaining([{ authority: 'B', role: 'Просмотр' }]));
    expect((await call('clerk', 'GET', '/v1/orgs/771001/users')).status).toBe(200);

    expect((await call('hr', 'DELETE', `/v1/orgs/771001/users/${people.clerk.snils}/grants/B`)).status).toBe(200);
    expect((await call('clerk', 'GET', '/v1/orgs/771001/users')).status).toBe(403);

    expect((await call('tfoms77', 'DELETE', `/v1/orgs/771001/users/${people.approver.snils}`)).status).toBe(200);
    const ended = await call('approver', 'GET', '/v1/me');
    expect([ended.status, ended.body.error.code]).toEqual([403, 'ACCESS_ENDED']);
    expect((await call('hr', 'DELETE', `/v1/orgs/771001/users/${people.hr.snils}`)).status).toBe(409);
  });

  it('keeps an audit of access changes that the TFOMS can read, and other regions cannot', async () => {
    const audit = await call('tfoms77', 'GET', '/v1/orgs/771001/audit');
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((r: any) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user-register', 'grant', 'revoke']));
    expect((await call('tfoms23', 'GET', '/v1/orgs/771001/audit')).status).toBe(403);
  });
});
