import type { BatchId } from '../domain/records.js';
import type { Mark } from './layout.js';

/**
 * The state of stages 2–3 for one region and batch (seed 000, x.1–x.5), as a small state machine
 * with its history. FORMING covers x.1–x.3 (files formed, MOs return them); REGISTRY_OPEN is x.4
 * (FOMS formed the registry, the TFOMS checks it); APPROVED is x.5 (final lists). FOMS may reopen
 * a formed or approved registry with a reason, which lets MOs return files again.
 */
export type StageState = 'FORMING' | 'REGISTRY_OPEN' | 'APPROVED';
export type StageAction = 'start' | 'reform' | 'form-registry' | 'approve' | 'reopen';

export const STAGE_STATE_RU: Readonly<Record<StageState, string>> = {
  FORMING: 'формирование и приём файлов МО',
  REGISTRY_OPEN: 'реестр сформирован, открыт ТФОМС для проверки',
  APPROVED: 'реестр проверен, итоговые списки сформированы',
};

export const BATCHES: Readonly<Record<BatchId, { groups: readonly [number, number]; stage: 2 | 3; label: string }>> = {
  '12': { groups: [1, 2], stage: 2, label: 'группы 1–2' },
  '34': { groups: [3, 4], stage: 3, label: 'группы 3–4' },
};

export const isBatchId = (value: string | undefined): value is BatchId => value === '12' || value === '34';

export interface StageEvent {
  at: string;
  action: StageAction;
  from?: StageState;
  to: StageState;
  /** СНИЛС of the user, or `schedule`. */
  by: string;
  org: string;
  reason?: string;
}

export type Transition = { ok: true; to: StageState } | { ok: false; message: string };

const ALLOWED: Record<StageAction, { from: Array<StageState | undefined>; to: StageState | 'same' }> = {
  start: { from: [undefined], to: 'FORMING' },
  reform: { from: ['FORMING'], to: 'FORMING' },
  'form-registry': { from: ['FORMING'], to: 'REGISTRY_OPEN' },
  approve: { from: ['REGISTRY_OPEN'], to: 'APPROVED' },
  reopen: { from: ['REGISTRY_OPEN', 'APPROVED'], to: 'FORMING' },
};

const ACTION_RU: Readonly<Record<StageAction, string>> = {
  start: 'начать формирование файлов',
  reform: 'повторить формирование файлов',
  'form-registry': 'сформировать реестр',
  approve: 'утвердить реестр',
  reopen: 'вернуть этап к приёму файлов',
};

export function transition(current: StageState | undefined, action: StageAction, reason?: string): Transition {
  const rule = ALLOWED[action];
  if (!rule.from.includes(current)) {
    const now = current ? `«${STAGE_STATE_RU[current]}»` : '«не начат»';
    return { ok: false, message: `Нельзя ${ACTION_RU[action]}: этап в состоянии ${now}.` };
  }
  if (action === 'reopen' && !reason?.trim()) return { ok: false, message: 'Укажите причину возврата этапа (поле reason).' };
  return { ok: true, to: rule.to === 'same' ? current! : rule.to };
}

/** Returns are accepted only while the stage collects files. */
export const acceptsReturns = (state: StageState | undefined): boolean => state === 'FORMING';

/** What one accepted return says about an MO's list (counted when the return is loaded). */
export interface ReturnCounts {
  accepted: number;
  withDate: number;
  byMark: Partial<Record<Mark, number>>;
}

/**
 * Who loaded a returned file: the MO itself, or its TFOMS on the MO's behalf (seed 000 2.3/3.3:
 * «ТФОМС загружают файлы МО»). Shown beside the return in the MO's and the TFOMS's views.
 */
export interface ReturnLoader {
  /** Organization of the user: the MO's code, or the TFOMS's region code. */
  org: string;
  /** СНИЛС of the user. */
  by: string;
  /** When the upload URL was signed. */
  at: string;
  /** The TFOMS loaded the MO's file for it. */
  onBehalf: boolean;
}

export interface MoProgress {
  mo: string;
  /** PENDING: queued; FORMED: file in the outbox; EMPTY: no persons of the batch; FAILED: see error. */
  status: 'PENDING' | 'FORMED' | 'EMPTY' | 'FAILED';
  rows?: number;
  returned?: ReturnCounts & { status: string; receivedAt: string; returnFileId: string; loadedBy?: ReturnLoader };
}

export interface RegistrySummary {
  formedAt: string;
  persons: number;
  withDate: number;
  withoutDate: number;
  byMark: Partial<Record<Mark, number>>;
  mos: Array<{ mo: string; persons: number; returned: boolean; accepted: number; withDate: number; withoutDate: number; byMark: Partial<Record<Mark, number>> }>;
  /** MOs with persons in the batch whose file was not returned (or not accepted). */
  notReturned: string[];
}

/** x.4: the registry of a region and batch from every MO's last accepted return. */
export function summarizeRegistry(mos: MoProgress[], formedAt: string): RegistrySummary {
  const summary: RegistrySummary = { formedAt, persons: 0, withDate: 0, withoutDate: 0, byMark: {}, mos: [], notReturned: [] };
  for (const mo of [...mos].sort((a, b) => a.mo.localeCompare(b.mo))) {
    if (mo.status !== 'FORMED') continue;
    const persons = mo.rows ?? 0;
    const r = mo.returned;
    const row = { mo: mo.mo, persons, returned: !!r, accepted: r?.accepted ?? 0, withDate: r?.withDate ?? 0, withoutDate: persons - (r?.withDate ?? 0), byMark: r?.byMark ?? {} };
    summary.mos.push(row);
    if (!r) summary.notReturned.push(mo.mo);
    summary.persons += persons;
    summary.withDate += row.withDate;
    summary.withoutDate += row.withoutDate;
    for (const [mark, count] of Object.entries(row.byMark) as Array<[Mark, number]>) summary.byMark[mark] = (summary.byMark[mark] ?? 0) + count;
  }
  return summary;
}
