import type { MoProgress } from './stage.js';

/**
 * Where an MO stands with its return (seed 000 x.2) against the batch's `returnBy` day, which ends
 * at 24:00 on the region's clock: only a formed file is owed back; an accepted return on or before
 * the deadline is on time, one after it late; no return after the deadline is overdue.
 */
export type ReturnState = 'NOTHING_TO_RETURN' | 'RETURNED' | 'RETURNED_LATE' | 'WAITING' | 'OVERDUE';

export const RETURN_STATE_RU: Readonly<Record<ReturnState, string>> = {
  NOTHING_TO_RETURN: 'возврат не требуется',
  RETURNED: 'возвращён в срок',
  RETURNED_LATE: 'возвращён с опозданием',
  WAITING: 'ожидается',
  OVERDUE: 'не возвращён, срок истёк',
};

export function returnStateOf(file: Pick<MoProgress, 'status' | 'returned'>, deadlineAt: string, now: Date): ReturnState {
  if (file.status !== 'FORMED') return 'NOTHING_TO_RETURN';
  const deadline = Date.parse(deadlineAt);
  if (file.returned) return Date.parse(file.returned.receivedAt) > deadline ? 'RETURNED_LATE' : 'RETURNED';
  return now.getTime() > deadline ? 'OVERDUE' : 'WAITING';
}

/** Late: did not return by the deadline (still missing, or returned after it). */
export const isLate = (state: ReturnState): boolean => state === 'OVERDUE' || state === 'RETURNED_LATE';

/** `?only=` filters of the TFOMS's MO list. */
export const MO_FILTERS = {
  late: (file: Pick<MoProgress, 'status' | 'returned'>, deadlineAt: string, now: Date) => isLate(returnStateOf(file, deadlineAt, now)),
  failed: (file: Pick<MoProgress, 'status'>) => file.status === 'FAILED',
} as const;
export type MoFilter = keyof typeof MO_FILTERS;
export const isMoFilter = (value: string): value is MoFilter => Object.hasOwn(MO_FILTERS, value);
