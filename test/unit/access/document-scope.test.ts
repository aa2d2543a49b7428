import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OmsDocument } from '../../../shared/access/documents.js';
import type { Grant, Principal } from '../../../shared/access/model.js';
import { makeSnils } from '../../../shared/identifiers/snils.js';
import { ApiError, type ApiRequest } from '../../../shared/services/api/http.js';

/**
 * Seed 003 B-requests act only on the organization's own users — the three attacks of issue 11
 * (end-access of another region's staff, change-authorities of another MO's staff, register of the
 * FOMS user's СНИЛС) through the real route handlers on in-memory stores.
 */
const mem = vi.hoisted(() => ({
  users: new Map<string, { snils: string; fio: string; org: string; isHead: boolean; active: boolean }>(),
  grants: new Map<string, Map<string, { authority: 'A' | 'B'; role: string }>>(),
  docs: new Map<string, unknown>(),
  objects: new Map<string, Buffer>(),
}));

vi.mock('../../../shared/adapters/store/users.js', () => ({
  loadPrincipal: async (snils: string) => {
    const p = mem.users.get(snils);
    return p && { ...p, grants: [...(mem.grants.get(snils)?.values() ?? [])] };
  },
  createUser: async (p: { snils: string; fio: string; org: string; isHead: boolean; active: boolean }) => {
    if (mem.users.has(p.snils)) return false;
    mem.users.set(p.snils, { snils: p.snils, fio: p.fio, org: p.org, isHead: p.isHead, active: p.active });
    return true;
  },
  putGrant: async (snils: string, grant: { authority: 'A' | 'B'; role: string }) => {
    if (!mem.grants.has(snils)) mem.grants.set(snils, new Map());
    mem.grants.get(snils)!.set(grant.authority, { authority: grant.authority, role: grant.role });
  },
  endAccess: vi.fn(async (snils: string, org: string) => {
    const p = mem.users.get(snils);
    if (!p || p.org !== org) return false;
    p.active = false;
    return true;
  }),
}));
vi.mock('../../../shared/adapters/store/documents.js', () => ({
  getDocument: async (id: string) => structuredClone(mem.docs.get(id)),
  saveDocument: async (doc: { docId: string; version: number }, expected?: number) => {
    const current = mem.docs.get(doc.docId) as { version: number } | undefined;
    if (expected === undefined ? current : current?.version !== expected) return false;
    mem.docs.set(doc.docId, structuredClone(doc));
    return true;
  },
  inboxOf: async (region: string) =>
    [...mem.docs.values()]
      .map((d) => d as OmsDocument)
      .filter((d) => d.region === region && d.status === 'sent')
      .map((d) => ({ docId: d.docId, org: d.org, kind: d.kind, sentAt: d.updatedAt })),
  documentsOf: async () => ({ documents: [] }),
  putRegistryVersion: async () => undefined,
  registryVersions: async () => [],
}));
vi.mock('../../../shared/adapters/store/audit.js', () => ({ recordAudit: async () => undefined, auditOf: async () => ({ items: [] }) }));
vi.mock('../../../shared/adapters/s3.js', () => ({
  headObject: async (_b: string, key: string) => {
    const body = mem.objects.get(key);
    if (!body) throw Object.assign(new Error('NotFound'), { name: 'NotFound' });
    return { size: body.length, etag: '"e"', contentType: 'application/pdf' };
  },
  readRange: async (_b: string, key: string, from: number, to?: number) => {
    const { Readable } = await import('node:stream');
    return Readable.from([mem.objects.get(key)!.subarray(from, to === undefined ? undefined : to + 1)]);
  },
}));
vi.mock('../../../shared/adapters/s3-signing.js', () => ({
  signedPutUrl: async (bucket: string, key: string, o: { size?: number }) => `https://s3.example/${bucket}/${key}?X-Amz-Expires=300&size=${o.size ?? 'none'}`,
}));

const { DOCUMENT_HANDLERS } = await import('../../../shared/services/api/documents.js');
const { endAccess } = await import('../../../shared/adapters/store/users.js');
process.env.OMS_INBOX_BUCKET = 'inbox';

const DOC = '/v1/orgs/{org}/documents/{kind}';
const person = (n: string, fio: string, org: string, extra: Partial<Principal> = {}): Principal => ({ snils: makeSnils(n), fio, org, isHead: false, active: true, grants: [], ...extra });
const head = person('100300001', 'Волков Сергей Николаевич', '771001', { isHead: true });
const ownStaff = person('100300002', 'Орлова Мария Викторовна', '771001', { grants: [{ authority: 'A', role: 'Просмотр' }] });
const otherMoStaff = person('100300003', 'Зайцев Павел Олегович', '771004', { grants: [{ authority: 'B', role: 'Просмотр' }] });
const otherRegionStaff = person('100300004', 'Белова Ирина Андреевна', '231001', { grants: [{ authority: 'A', role: 'Ввод данных' }] });
const fomsUser = person('100300005', 'Смирнова Ольга Петровна', 'FOMS');
const tfoms = person('100300006', 'Кузнецов Андрей Ильич', '77');

function seed(...people: Principal[]) {
  for (const { grants, ...p } of people) {
    mem.users.set(p.snils, { ...p });
    mem.grants.set(p.snils, new Map(grants.map((g) => [g.authority, { ...g }])));
  }
}
const stored = (snils: string) => ({ ...mem.users.get(snils), grants: [...(mem.grants.get(snils)?.values() ?? [])] });

async function call(principal: Principal, route: string, params: Record<string, string>, body?: unknown) {
  const request: ApiRequest = { routeKey: route, pathParameters: params, query: {}, body, principal, requestId: 'r1' };
  try {
    const res = await DOCUMENT_HANDLERS[route]!(request);
    return { status: res.statusCode, body: res.body as any };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.statusCode, body: { error: { code: error.code, message: error.message } } };
    throw error;
  }
}

const B = { org: '771001', kind: 'B' };
const create = (payload: unknown) => call(head, `POST ${DOC}`, B, { payload });
/** A B-request of MO 771001 taken up to «sent» by its head (who signs without a power document). */
async function sent(payload: unknown): Promise<string> {
  const created = await create(payload);
  expect(created.status).toBe(201);
  const docId = created.body.docId as string;
  for (const step of ['approve', 'sign', 'send']) expect((await call(head, `POST ${DOC}/{docId}/${step}`, { ...B, docId })).status).toBe(200);
  return docId;
}
const decide = (docId: string) => call(tfoms, `POST ${DOC}/{docId}/decision`, { ...B, docId }, { decision: 'accepted' });
const user = (p: Principal) => ({ snils: p.snils, fio: p.fio });
const grants = (...g: Grant[]) => g;

describe('B-requests act only on users of the document’s organization', () => {
  beforeEach(() => {
    mem.users.clear();
    mem.grants.clear();
    mem.docs.clear();
    seed(head, ownStaff, otherMoStaff, otherRegionStaff, fomsUser, tfoms);
  });

  it('refuses at creation an end-access of staff of an MO in another region, naming the field', async () => {
    const res = await create({ type: 'end-access', user: user(otherRegionStaff) });
    expect([res.status, res.body.error.code]).toEqual([400, 'PAYLOAD_REFUSED']);
    expect(res.body.error.message).toMatch(/^Поле payload\.user\.snils: .*не зарегистрирован в организации 771001/);
    expect(stored(otherRegionStaff.snils)).toMatchObject({ org: '231001', active: true });
  });

  it('refuses at creation a change-authorities for staff of another MO', async () => {
    const res = await create({ type: 'change-authorities', user: user(otherMoStaff), grants: grants({ authority: 'B', role: 'Утверждение' }) });
    expect([res.status, res.body.error.message]).toEqual([400, expect.stringContaining('Поле payload.user.snils')]);
    expect(stored(otherMoStaff.snils).grants).toEqual([{ authority: 'B', role: 'Просмотр' }]);
  });

  it('refuses at creation a register of the FOMS user’s СНИЛС, without saying where it is registered', async () => {
    const res = await create({ type: 'register', user: { snils: fomsUser.snils, fio: 'Кто-то Другой' }, grants: grants({ authority: 'B', role: 'Утверждение' }) });
    expect([res.status, res.body.error.message]).toEqual([400, expect.stringContaining('в другой организации')]);
    expect(res.body.error.message).not.toContain('FOMS');
    expect(stored(fomsUser.snils)).toEqual({ ...mem.users.get(fomsUser.snils), org: 'FOMS', grants: [] });
  });

  it('refuses a register of a user already active in the same organization, pointing to change-authorities', async () => {
    const res = await create({ type: 'register', user: user(ownStaff), grants: grants({ authority: 'A', role: 'Утверждение' }) });
    expect([res.status, res.body.error.message]).toEqual([400, expect.stringContaining('change-authorities')]);
  });

  it('refuses the same at edit', async () => {
    const created = await create({ type: 'end-access', user: user(ownStaff) });
    const edited = await call(head, `PUT ${DOC}/{docId}`, { ...B, docId: created.body.docId }, { payload: { type: 'end-access', user: user(otherRegionStaff) } });
    expect([edited.status, edited.body.error.code]).toEqual([400, 'PAYLOAD_REFUSED']);
    expect((mem.docs.get(created.body.docId) as OmsDocument).payload).toMatchObject({ user: { snils: ownStaff.snils } });
  });

  it('refuses again at the decision when the named user moved in between, and changes nothing', async () => {
    const docId = await sent({ type: 'change-authorities', user: user(ownStaff), grants: grants({ authority: 'B', role: 'Утверждение' }) });
    mem.users.get(ownStaff.snils)!.org = '771004'; // transferred to another MO after the request was sent
    const before = structuredClone(mem.docs.get(docId));
    const res = await decide(docId);
    expect([res.status, res.body.error.code]).toEqual([409, 'PAYLOAD_REFUSED']);
    expect(res.body.error.message).toContain('Отклоните документ');
    expect(stored(ownStaff.snils).grants).toEqual([{ authority: 'A', role: 'Просмотр' }]);
    expect(mem.docs.get(docId)).toEqual(before);
  });

  it('refuses a register at the decision when the СНИЛС was registered elsewhere meanwhile', async () => {
    const newcomer = person('100300007', 'Соколова Елена Игоревна', '771001');
    const docId = await sent({ type: 'register', user: user(newcomer), grants: grants({ authority: 'B', role: 'Утверждение' }) });
    seed({ ...newcomer, org: '231001' });
    expect((await decide(docId)).status).toBe(409);
    expect(stored(newcomer.snils)).toMatchObject({ org: '231001', grants: [] });
    expect((mem.docs.get(docId) as OmsDocument).status).toBe('sent');
  });

  it('undoes the decision when the scoped write finds the user gone at the last moment', async () => {
    const docId = await sent({ type: 'end-access', user: user(ownStaff) });
    vi.mocked(endAccess).mockResolvedValueOnce(false);
    const res = await decide(docId);
    expect(res.status).toBe(409);
    const doc = mem.docs.get(docId) as OmsDocument;
    expect([doc.status, doc.history.map((h) => h.action)]).toEqual(['sent', ['create', 'approve', 'sign', 'send']]);
    expect(stored(ownStaff.snils).active).toBe(true);
  });

  it('accepts a request about its own staff, and the pending list showed exactly that change', async () => {
    const docId = await sent({ type: 'change-authorities', user: user(ownStaff), grants: grants({ authority: 'B', role: 'Утверждение' }) });
    const list = await call(tfoms, 'GET /v1/regions/{region}/documents', { region: '77' });
    expect(list.body.documents).toEqual([
      expect.objectContaining({
        docId,
        org: '771001',
        kind: 'B',
        type: 'change-authorities',
        effects: expect.objectContaining({
          user: { snils: ownStaff.snils, fio: ownStaff.fio },
          access: { from: 'active', to: 'active' },
          grants: { from: [{ authority: 'A', role: 'Просмотр' }], to: [{ authority: 'A', role: 'Просмотр' }, { authority: 'B', role: 'Утверждение' }] },
          changes: [`${ownStaff.fio}, СНИЛС ${ownStaff.snils}`, 'Полномочие B: нет → «Утверждение»'],
        }),
      }),
    ]);
    expect(list.body.documents[0].effects.refused).toBeUndefined();
    const accepted = await decide(docId);
    expect(accepted.body.status).toBe('accepted');
    expect(stored(ownStaff.snils).grants).toEqual(list.body.documents[0].effects.grants.to);
    // Nobody outside the organization changed.
    for (const p of [otherMoStaff, otherRegionStaff, fomsUser]) expect(stored(p.snils)).toMatchObject({ org: p.org, active: true, grants: p.grants });
  });

  it('shows the effects in the document view while undecided, and a refusal in the pending list', async () => {
    const docId = await sent({ type: 'end-access', user: user(ownStaff) });
    const view = await call(head, `GET ${DOC}/{docId}`, { ...B, docId });
    expect(view.body.effects).toMatchObject({ access: { from: 'active', to: 'ended' }, grants: { from: ownStaff.grants, to: [] } });
    mem.users.get(ownStaff.snils)!.org = '771004';
    const list = await call(tfoms, 'GET /v1/regions/{region}/documents', { region: '77' });
    expect(list.body.documents[0].effects.refused).toContain('не зарегистрирован в организации 771001');
    // Another organization's user is not described to this one.
    expect(list.body.documents[0].effects.grants).toEqual({ from: [], to: [] });
  });
});

describe('the power document of a non-head signer (≤ 10 MB, a PDF)', () => {
  const signer = person('100300008', 'Никитина Анна Павловна', '771001', { grants: [{ authority: 'B', role: 'Утверждение' }, { authority: 'B', role: 'Согласование' }] });
  beforeEach(() => {
    mem.users.clear();
    mem.grants.clear();
    mem.docs.clear();
    mem.objects.clear();
    seed(head, ownStaff, signer);
  });
  async function approved(): Promise<string> {
    const created = await create({ type: 'end-access', user: user(ownStaff) });
    expect((await call(head, `POST ${DOC}/{docId}/approve`, { ...B, docId: created.body.docId })).status).toBe(200);
    return created.body.docId;
  }
  const upload = (docId: string, body: unknown) => call(signer, `POST ${DOC}/{docId}/attachments`, { ...B, docId }, body);
  const sign = (docId: string) => call(signer, `POST ${DOC}/{docId}/sign`, { ...B, docId });

  it('signs the declared size into the URL and refuses a size above 10 MB or none', async () => {
    const docId = await approved();
    expect((await upload(docId, {})).body.error.message).toContain('Поле size');
    const big = await upload(docId, { size: 10 * 1024 * 1024 + 1 });
    expect([big.status, big.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const ok = await upload(docId, { size: 1234 });
    expect(ok.status).toBe(201);
    expect(ok.body.uploadUrl).toContain('size=1234');
    expect(ok.body.headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1234' });
    expect(ok.body.key).toMatch(new RegExp(`^77/mo/771001/documents/${docId}/[0-9a-f-]{36}\\.pdf$`));
  });

  it('refuses to sign with 17 bytes of text, with more than 10 MB, or with nothing uploaded; signs with a PDF', async () => {
    const docId = await approved();
    const granted = await upload(docId, { size: 17 });
    const missing = await sign(docId);
    expect([missing.status, missing.body.error.code, missing.body.error.message]).toEqual([409, 'POWER_DOCUMENT_INVALID', expect.stringContaining('не загружен')]);
    mem.objects.set(granted.body.key, Buffer.from('just some text!!!'));
    const text = await sign(docId);
    expect([text.status, text.body.error.message]).toEqual([409, expect.stringContaining('не PDF')]);
    mem.objects.set(granted.body.key, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024)]));
    expect((await sign(docId)).body.error.message).toContain('больше 10 МБ');
    expect((mem.docs.get(docId) as OmsDocument).status).toBe('approved');
    mem.objects.set(granted.body.key, Buffer.from('%PDF-1.4 приказ № 17'));
    expect((await sign(docId)).body.status).toBe('signed');
  });
});
