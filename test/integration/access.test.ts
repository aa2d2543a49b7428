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
    const badName = await call('tfoms77', 'POST', '/v1/regions/77/orgs/771001/head', { ...people.head, fio: '\u0000\u0000\u0000' });
    expect([badName.status, badName.body.error.message]).toEqual([400, 'Поле fio: содержит управляющий символ U+0000']);
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

  it('moves an A-notification draft → approved → signed → sent → accepted, refusing wrong roles', async () => {
    const base = '/v1/orgs/771001/documents/A';
    const payload = { type: 'change', mo: '771001', effectiveDate: '2027-01-01', data: { name: 'ГБУЗ "Городская поликлиника № 2 им. Пирогова ДЗМ"' } };
    expect((await call('approver', 'POST', base, { payload })).status).toBe(403);
    const created = await call('clerk', 'POST', base, { payload });
    expect([created.status, created.body.status]).toEqual([201, 'draft']);
    const doc = `${base}/${created.body.docId}`;

    const clerkApproves = await call('clerk', 'POST', `${doc}/approve`);
    expect([clerkApproves.status, clerkApproves.body.error.message]).toEqual([403, expect.stringContaining('Согласование')]);
    expect((await call('approver', 'POST', `${doc}/approve`)).body.status).toBe('approved');
    // Returned with what to fix (the console's comment field), then approved again.
    const badComment = await call('approver', 'POST', `${doc}/return`, { comment: 42 });
    expect([badComment.status, badComment.body.error.message]).toEqual([400, expect.stringContaining('Поле comment')]);
    const returned = await call('approver', 'POST', `${doc}/return`, { comment: 'Уточните наименование' });
    expect([returned.body.status, returned.body.history.at(-1).comment]).toEqual(['draft', 'Уточните наименование']);
    expect((await call('approver', 'POST', `${doc}/approve`)).body.status).toBe('approved');
    expect((await call('approver', 'POST', `${doc}/sign`)).status).toBe(403);

    // A signer other than the head needs an uploaded power document.
    await call('head', 'PUT', `/v1/orgs/771001/users/${people.hr.snils}/grants/A`, { role: 'Утверждение' });
    const unsigned = await call('hr', 'POST', `${doc}/sign`);
    expect([unsigned.status, unsigned.body.error.code]).toEqual([409, 'POWER_DOCUMENT_REQUIRED']);
    expect((await call('hr', 'POST', `${doc}/attachments`, {})).body.error.message).toContain('Поле size');
    expect((await call('hr', 'POST', `${doc}/attachments`, { size: 10 * 1024 * 1024 + 1 })).status).toBe(413);
    // 17 bytes of text passed as the PDF: s3rver does not check the signed length, our sign step checks the content.
    const text = Buffer.from('not a pdf at all!');
    const fake = await call('hr', 'POST', `${doc}/attachments`, { size: text.length });
    expect(fake.body.key).toMatch(new RegExp(`^77/mo/771001/documents/${created.body.docId}/[0-9a-f-]+\\.pdf$`));
    const signed = new URL(fake.body.uploadUrl).searchParams;
    expect([signed.get('X-Amz-Expires'), signed.get('X-Amz-SignedHeaders')?.split(';')]).toEqual(['300', expect.arrayContaining(['content-length', 'content-type'])]);
    expect((await call('hr', 'POST', `${doc}/sign`)).body.error.code).toBe('POWER_DOCUMENT_INVALID');
    expect((await fetch(fake.body.uploadUrl, { method: 'PUT', headers: fake.body.headers, body: text })).status).toBe(200);
    const notPdf = await call('hr', 'POST', `${doc}/sign`);
    expect([notPdf.status, notPdf.body.error.message]).toEqual([409, expect.stringContaining('не PDF')]);
    const pdf = Buffer.from('%PDF-1.4 приказ');
    const upload = await call('hr', 'POST', `${doc}/attachments`, { size: pdf.length });
    expect((await fetch(upload.body.uploadUrl, { method: 'PUT', headers: upload.body.headers, body: pdf })).status).toBe(200);
    expect((await call('hr', 'POST', `${doc}/sign`)).body.status).toBe('signed');
    expect((await call('approver', 'POST', `${doc}/send`)).body.status).toBe('sent');

    const pendingA = (await call('tfoms77', 'GET', '/v1/regions/77/documents')).body.documents;
    expect(pendingA.map((d: any) => d.docId)).toEqual([created.body.docId]);
    expect(pendingA[0].effects).toMatchObject({
      kind: 'A',
      type: 'change',
      mo: '771001',
      effectiveDate: '2027-01-01',
      registry: { from: { name: 'ГБУЗ "Городская поликлиника № 2 ДЗМ"', included: true }, to: { name: payload.data.name, included: true } },
      changes: ['МО 771001: изменение сведений с 2027-01-01', `наименование: «ГБУЗ "Городская поликлиника № 2 ДЗМ"» → «${payload.data.name}»`],
    });
    expect((await call('tfoms23', 'POST', `${doc}/decision`, { decision: 'accepted' })).status).toBe(403);
    expect((await call('tfoms77', 'POST', `${doc}/decision`, { decision: 'rejected' })).body.error.code).toBe('REASON_REQUIRED');
    const accepted = await call('tfoms77', 'POST', `${doc}/decision`, { decision: 'accepted' });
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.history.map((h: any) => h.to)).toEqual(['draft', 'approved', 'draft', 'approved', 'signed', 'sent', 'accepted']);
    expect((await call('tfoms77', 'GET', '/v1/regions/77/documents')).body.documents).toEqual([]);

    const before = await call('tfoms77', 'GET', '/v1/regions/77/mo-registry/771001?date=2026-12-31');
    const after = await call('tfoms77', 'GET', '/v1/regions/77/mo-registry/771001?date=2027-01-01');
    expect(before.body.entry.name).toBe('ГБУЗ "Городская поликлиника № 2 ДЗМ"');
    expect(after.body.entry).toMatchObject({ name: payload.data.name, included: true, docId: created.body.docId });
  });

  it('an accepted B-request registers the user it asks for', async () => {
    const newcomer = { snils: makeSnils('100200308'), fio: 'Соколова Елена Игоревна' };
    const base = '/v1/orgs/771001/documents/B';
    const payload = { type: 'register', user: newcomer, grants: [{ authority: 'A', role: 'Просмотр' }] };
    const created = await call('head', 'POST', base, { payload });
    const doc = `${base}/${created.body.docId}`;
    for (const action of ['approve', 'sign', 'send']) expect((await call('head', 'POST', `${doc}/${action}`)).status).toBe(200);
    const token = await mintToken({ org: '-', sub: 'esia-new', snils: newcomer.snils }, dataDir);
    const before = await fetch(`${stack.endpoints.api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(before.status).toBe(403);
    expect((await call('tfoms77', 'POST', `${doc}/decision`, { decision: 'accepted' })).body.status).toBe('accepted');
    const me = await fetch(`${stack.endpoints.api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toMatchObject({ org: '771001', grants: [{ authority: 'A', role: 'Просмотр' }] });
  });

  it('a B-request acts only on users of its own organization: at creation, in the TFOMS’s list and at the decision', async () => {
    const strangers = {
      otherRegion: { snils: makeSnils('100200311'), fio: 'Морозов Игорь Львович' },
      otherMo: { snils: makeSnils('100200312'), fio: 'Лебедева Анна Олеговна' },
    };
    expect((await call('tfoms23', 'POST', '/v1/regions/23/orgs/230101/head', strangers.otherRegion)).status).toBe(201);
    expect((await call('tfoms77', 'POST', '/v1/regions/77/orgs/771004/head', strangers.otherMo)).status).toBe(201);
    const foms = demoUser({ org: 'FOMS' });
    const base = '/v1/orgs/771001/documents/B';
    const attacks = [
      { type: 'end-access', user: strangers.otherRegion },
      { type: 'change-authorities', user: strangers.otherMo, grants: [{ authority: 'B', role: 'Утверждение' }] },
      { type: 'register', user: { snils: foms.snils, fio: 'Подставной Пользователь' }, grants: [{ authority: 'B', role: 'Утверждение' }] },
    ];
    for (const payload of attacks) {
      const refused = await call('head', 'POST', base, { payload });
      expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([400, 'PAYLOAD_REFUSED', expect.stringContaining('Поле payload.user.snils')]);
    }

    // Sent while the СНИЛС was free; registered by another region's TFOMS before the decision.
    const mover = { snils: makeSnils('100200313'), fio: 'Фёдоров Глеб Артёмович' };
    const created = await call('head', 'POST', base, { payload: { type: 'register', user: mover, grants: [{ authority: 'B', role: 'Утверждение' }] } });
    expect(created.body.effects).toMatchObject({ user: mover, access: { from: 'none', to: 'active' }, grants: { from: [], to: [{ authority: 'B', role: 'Утверждение' }] } });
    const doc = `${base}/${created.body.docId}`;
    for (const action of ['approve', 'sign', 'send']) expect((await call('head', 'POST', `${doc}/${action}`)).status).toBe(200);
    const pending = (await call('tfoms77', 'GET', '/v1/regions/77/documents')).body.documents;
    expect(pending).toEqual([
      expect.objectContaining({ docId: created.body.docId, org: '771001', kind: 'B', type: 'register', effects: expect.objectContaining({ user: mover, changes: expect.arrayContaining(['Полномочие B: нет → «Утверждение»']) }) }),
    ]);
    expect((await call('foms', 'POST', '/v1/funds/23/users', mover)).status).toBe(201);
    const decided = await call('tfoms77', 'POST', `${doc}/decision`, { decision: 'accepted' });
    expect([decided.status, decided.body.error.code]).toEqual([409, 'PAYLOAD_REFUSED']);
    expect((await call('tfoms77', 'GET', doc)).body.status).toBe('sent');
    const token = await mintToken({ org: '-', sub: 'esia-mover', snils: mover.snils }, dataDir);
    const me = await (await fetch(`${stack.endpoints.api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(me).toMatchObject({ org: '23', grants: [] });
    // Nobody outside 771001 changed.
    const otherHead = await (await fetch(`${stack.endpoints.api.url}/v1/me`, { headers: { authorization: `Bearer ${await mintToken({ org: '-', sub: 'esia-o', snils: strangers.otherRegion.snils }, dataDir)}` } })).json();
    expect(otherHead).toMatchObject({ org: '230101', isHead: true, active: true });
    expect((await call('tfoms77', 'POST', `${doc}/decision`, { decision: 'rejected', reason: 'Пользователь зарегистрирован в ТФОМС 23' })).body.status).toBe('rejected');
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
