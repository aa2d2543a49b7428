import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { acceptEffects } from '../../../shared/access/effects.js';
import { NotificationPayload, RequestPayload } from '../../../shared/access/payloads.js';
import { parseBody } from '../../../shared/services/api/http.js';
import { createDocument, DocumentError, transition, type DocumentAction, type OmsDocument } from '../../../shared/access/documents.js';
import type { Principal, Role } from '../../../shared/access/model.js';
import { entryAt } from '../../../shared/domain/mo-registry.js';

const NOW = '2026-11-22T10:00:00.000Z';
const mo = (extra: Partial<Principal> = {}): Principal => ({ snils: '11223344595', fio: 'Т', org: '771001', isHead: false, grants: [], active: true, ...extra });
const withRole = (role: Role, authority: 'A' | 'B' = 'A') => mo({ grants: [{ authority, role }] });
const head = mo({ isHead: true });
const tfoms = (org: string) => mo({ org });
const payload = { type: 'change' as const, mo: '771001', effectiveDate: '2027-01-01', data: { name: 'Новое имя' } };

const draft = () => createDocument('d1', 'A', payload, withRole('Ввод данных'), NOW);
const at = (doc: OmsDocument, status: OmsDocument['status']): OmsDocument => ({ ...doc, status });
function refused(fn: () => unknown, code: string) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(code);
    expect((error as Error).message).toMatch(/[А-Яа-я]/);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('document workflow (seed 003)', () => {
  it('moves draft → approved → signed → sent → accepted with the right roles, recording each step', () => {
    let doc = draft();
    doc = transition(doc, 'approve', withRole('Согласование'), NOW);
    doc = transition(doc, 'sign', head, NOW);
    doc = transition(doc, 'send', withRole('Согласование'), NOW);
    doc = transition(doc, 'accept', tfoms('77'), NOW);
    expect(doc.status).toBe('accepted');
    expect(doc.history.map((h) => [h.action, h.from ?? null, h.to, h.byOrg])).toEqual([
      ['create', null, 'draft', '771001'],
      ['approve', 'draft', 'approved', '771001'],
      ['sign', 'approved', 'signed', '771001'],
      ['send', 'signed', 'sent', '771001'],
      ['accept', 'sent', 'accepted', '77'],
    ]);
    expect(doc.version).toBe(5);
  });

  const cases: Array<[DocumentAction, OmsDocument['status'], Role[]]> = [
    ['edit', 'draft', ['Ввод данных']],
    ['approve', 'draft', ['Согласование']],
    ['return', 'approved', ['Согласование', 'Утверждение']],
    ['send', 'signed', ['Согласование', 'Утверждение']],
  ];
  for (const [action, from, allowed] of cases) {
    for (const role of ['Ввод данных', 'Согласование', 'Утверждение', 'Просмотр'] as Role[]) {
      it(`${action} from ${from}: role «${role}» is ${allowed.includes(role) ? 'allowed' : 'refused'}`, () => {
        const run = () => transition(at(draft(), from), action, withRole(role), NOW, { comment: 'исправить адрес' });
        if (allowed.includes(role)) expect(run().history.at(-1)?.by).toBe('11223344595');
        else refused(run, 'MISSING_ROLE');
      });
    }
  }

  it('needs the role in the document’s own authority', () => {
    refused(() => transition(draft(), 'approve', withRole('Согласование', 'B'), NOW), 'MISSING_ROLE');
  });

  it('refuses an action from the wrong status', () => {
    refused(() => transition(draft(), 'sign', head, NOW), 'WRONG_STATUS');
    refused(() => transition(at(draft(), 'signed'), 'accept', tfoms('77'), NOW), 'WRONG_STATUS');
  });

  it('lets a non-head sign only with a power document attached', () => {
    const approved = at(draft(), 'approved');
    refused(() => transition(approved, 'sign', withRole('Утверждение'), NOW), 'POWER_DOCUMENT_REQUIRED');
    const attached = { ...approved, attachments: [{ key: 'k', name: 'Приказ', uploadedBy: 's', at: NOW }] };
    expect(transition(attached, 'sign', withRole('Утверждение'), NOW).status).toBe('signed');
    expect(transition(approved, 'sign', head, NOW).status).toBe('signed');
  });

  it('lets only the TFOMS of the region or FOMS decide, and a rejection needs a reason', () => {
    const sent = at(draft(), 'sent');
    refused(() => transition(sent, 'accept', tfoms('23'), NOW), 'NOT_DECIDER');
    refused(() => transition(sent, 'accept', head, NOW), 'NOT_DECIDER');
    refused(() => transition(sent, 'reject', tfoms('77'), NOW), 'REASON_REQUIRED');
    expect(transition(sent, 'reject', tfoms('77'), NOW, { comment: 'нет лицензии' }).history.at(-1)?.comment).toBe('нет лицензии');
    expect(transition(sent, 'accept', tfoms('FOMS'), NOW).status).toBe('accepted');
  });

  it('refuses staff of another organization', () => {
    refused(() => transition(draft(), 'approve', mo({ org: '771004', isHead: true }), NOW), 'MISSING_ROLE');
  });
});

describe('MO registry in force on a date', () => {
  const base = { code: '771001', region: '77', name: 'Поликлиника № 2', primaryCare: true, dayHospital: false, specializedInpatient: false };
  const changes = [
    { effectiveFrom: '2027-01-01', included: true, data: { name: 'Поликлиника № 2 им. Иванова' }, docId: 'd1' },
    { effectiveFrom: '2027-06-01', included: false, data: {}, docId: 'd2' },
  ];
  it('applies changes from their effective date on', () => {
    expect(entryAt('771001', base, changes, '2026-12-31')).toMatchObject({ name: 'Поликлиника № 2', included: true });
    expect(entryAt('771001', base, changes, '2027-01-01')).toMatchObject({ name: 'Поликлиника № 2 им. Иванова', included: true, docId: 'd1' });
    expect(entryAt('771001', base, changes, '2027-06-01')).toMatchObject({ included: false, docId: 'd2', primaryCare: true });
  });
  it('includes a new MO from its date only', () => {
    const include = [{ effectiveFrom: '2027-01-01', included: true, data: { name: 'Новая МО' }, docId: 'd3' }];
    expect(entryAt('779999', undefined, include, '2026-12-31')).toBeUndefined();
    expect(entryAt('779999', undefined, include, '2027-02-01')).toMatchObject({ code: '779999', name: 'Новая МО', included: true });
  });
});

describe('document payloads are strict and per type (issue 11, 5f)', () => {
  const refusal = (schema: z.ZodType, payload: unknown) => {
    try {
      parseBody(z.object({ payload: schema }), { payload });
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };
  const A = { mo: '771001', effectiveDate: '2027-01-01' };
  const user = { snils: '112-233-445 95', fio: 'Иванов Иван Иванович' };
  it.each([
    [{ type: 'change', ...A, data: { name: 'Поликлиника', licence: 'Л-1' } }, 'Поле payload.data: неизвестное поле «licence»'],
    [{ type: 'change', ...A, data: {} }, 'Поле payload.data: укажите хотя бы одно изменяемое сведение'],
    [{ type: 'exclude', ...A, data: { name: 'Поликлиника' } }, 'Поле payload.data: при исключении из реестра сведения (data) не указываются'],
    [{ type: 'include', ...A, data: { name: 'Поликлиника' } }, 'Поле payload.data.primaryCare: обязательно при включении в реестр'],
    [{ type: 'include', ...A }, 'Поле payload.data'],
    [{ type: 'change', ...A, data: { name: '\u0000\u0000\u0000' } }, 'Поле payload.data.name: содержит управляющий символ U+0000'],
    [{ type: 'change', ...A, effectiveDate: '2027-02-30', data: { dayHospital: true } }, 'Поле payload.effectiveDate: такой даты нет'],
  ])('A %j → %s', (payload, message) => expect(refusal(NotificationPayload, payload)).toContain(message));
  it.each([
    [{ type: 'register', user }, 'Поле payload.grants: обязательно'],
    [{ type: 'change-authorities', user, grants: [] }, 'Поле payload.grants: нужно хотя бы одно полномочие'],
    [{ type: 'register', user, grants: [{ authority: 'A', role: 'Просмотр' }, { authority: 'A', role: 'Утверждение' }] }, 'указывается один раз'],
    [{ type: 'end-access', user, grants: [{ authority: 'A', role: 'Просмотр' }] }, 'Поле payload.grants: при прекращении доступа полномочия (grants) не указываются'],
    [{ type: 'end-access', user: { ...user, org: '771004' } }, 'Поле payload.user: неизвестное поле «org»'],
    [{ type: 'end-access', user: { ...user, fio: 'Иванов \u202Eвонави' } }, 'Поле payload.user.fio: содержит символ управления направлением текста U+202E'],
  ])('B %j → %s', (payload, message) => expect(refusal(RequestPayload, payload)).toContain(message));
  it('keeps the СНИЛС as 11 digits and accepts well-formed payloads of every type', () => {
    expect(RequestPayload.parse({ type: 'end-access', user })).toEqual({ type: 'end-access', user: { snils: '11223344595', fio: user.fio } });
    expect(NotificationPayload.parse({ type: 'exclude', ...A })).toEqual({ type: 'exclude', ...A });
    expect(NotificationPayload.parse({ type: 'include', ...A, data: { name: 'Новая МО', primaryCare: true, dayHospital: false, specializedInpatient: false } }).type).toBe('include');
  });
});

describe('effects of accepting an A-notification', () => {
  const entry = { code: '771001', region: '77', name: 'Поликлиника № 2', primaryCare: true, dayHospital: false, specializedInpatient: false, included: true };
  it('shows the registry entry on the effective date, from → to', () => {
    const doc = createDocument('d1', 'A', { type: 'change', mo: '771001', effectiveDate: '2027-01-01', data: { dayHospital: true } }, head, NOW);
    const effects = acceptEffects(doc, { registry: entry });
    expect(effects).toMatchObject({ kind: 'A', type: 'change', mo: '771001', effectiveDate: '2027-01-01' });
    expect(effects.changes).toEqual(['МО 771001: изменение сведений с 2027-01-01', 'дневной стационар: нет → да']);
    expect(effects.kind === 'A' && effects.registry.to).toMatchObject({ name: 'Поликлиника № 2', dayHospital: true, included: true });
    const exclude = acceptEffects(createDocument('d2', 'A', { type: 'exclude', mo: '771001', effectiveDate: '2027-06-01' }, head, NOW), { registry: entry });
    expect(exclude.changes).toContain('в реестре: да → нет');
  });
  it('refuses a notification about another MO or from an SMO', () => {
    const other = createDocument('d3', 'A', { type: 'exclude', mo: '771004', effectiveDate: '2027-06-01' }, head, NOW);
    expect(acceptEffects(other, { registry: entry }).refused).toContain('Поле payload.mo');
    const smo = createDocument('d4', 'A', { type: 'exclude', mo: '771001', effectiveDate: '2027-06-01' }, mo({ org: '77008', isHead: true }), NOW);
    expect(acceptEffects(smo, {}).refused).toContain('не МО');
  });
});
