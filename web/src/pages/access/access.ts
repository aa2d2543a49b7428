import type { Authority, DocumentStatus, Me, Role } from '../../api/types';

/**
 * Who may do what in the console's access screens (seed 003), mirroring the API's rules
 * (shared/runtime/api-routes.ts): only to decide which buttons to show — the server checks again.
 */
export const ROLES: Role[] = ['Ввод данных', 'Согласование', 'Утверждение', 'Просмотр'];
export const AUTHORITY_LABEL: Record<Authority, string> = { A: 'A — уведомления о реестре МО', B: 'B — заявки о доступе' };

/** A head holds every role of both authorities. */
export function rolesOf(me: Me, authority: Authority): Role[] {
  if (me.isHead) return [...ROLES];
  return me.grants.filter((g) => g.authority === authority).map((g) => g.role as Role);
}

export const mayHold = (me: Me, authority: Authority, ...roles: Role[]) => rolesOf(me, authority).some((r) => roles.includes(r));

/** Registers staff, grants and revokes, ends access: the head or authority B «Утверждение». */
export const mayManageUsers = (me: Me) => mayHold(me, 'B', 'Утверждение');

export const STATUS: Record<DocumentStatus, { label: string; color: string }> = {
  // Solid tags with white text: the pale presets fall below WCAG AA contrast.
  draft: { label: 'Черновик', color: '#595959' },
  approved: { label: 'Согласован', color: '#0958d9' },
  signed: { label: 'Подписан', color: '#531dab' },
  sent: { label: 'Направлен в ТФОМС', color: '#ad4e00' },
  accepted: { label: 'Принят ТФОМС', color: '#237804' },
  rejected: { label: 'Отклонён ТФОМС', color: '#a8071a' },
};

export const ACTION: Record<string, string> = {
  create: 'Создан',
  edit: 'Изменён',
  approve: 'Согласован',
  return: 'Возвращён на доработку',
  sign: 'Подписан',
  send: 'Направлен в ТФОМС',
  accept: 'Принят ТФОМС',
  reject: 'Отклонён ТФОМС',
};

export const DOCUMENT_TYPE: Record<string, string> = {
  include: 'Включение МО в реестр',
  exclude: 'Исключение МО из реестра',
  change: 'Изменение сведений о МО',
  register: 'Регистрация пользователя',
  'change-authorities': 'Изменение полномочий',
  'end-access': 'Прекращение доступа',
};

/** Actions of the audit log in Russian; an unknown one is shown as recorded. */
export const AUDIT_ACTION: Record<string, string> = {
  'user-register': 'Регистрация пользователя',
  'head-register': 'Регистрация руководителя',
  grant: 'Назначение роли',
  revoke: 'Отзыв полномочия',
  'end-access': 'Прекращение доступа',
  'users-list': 'Просмотр списка пользователей',
  'documents-inbox': 'Просмотр документов на рассмотрении',
  'document-create': 'Документ создан',
  'document-edit': 'Документ изменён',
  'document-approve': 'Документ согласован',
  'document-return': 'Документ возвращён',
  'document-sign': 'Документ подписан',
  'document-send': 'Документ направлен',
  'document-attachment-url': 'Загрузка документа о полномочиях',
  'document-accepted': 'Документ принят',
  'document-rejected': 'Документ отклонён',
};

/** «112-233-445 95» from 11 digits, as СНИЛС is written. */
export function formatSnils(snils: string): string {
  const d = snils.replace(/\D/g, '');
  return d.length === 11 ? `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}` : snils;
}
