import type { Fact } from './model.js';

/**
 * Facts of an SMO's stage-4 steps, as pure functions of what the stores say (read in
 * shared/adapters/facts.ts). Seed 000 4.3/4.5 «Начало информирования … СМО»: the SMO has started
 * informing when the first informing result of the batch is accepted from it (file or API) — not
 * when it downloaded the file; the download is what shows that 4.2/4.4 reached the SMO, so it is
 * quoted in the evidence either way.
 */

/** The SMO's informing file of the batch, as the informing state reports it. */
export interface SmoFileFacts {
  status: string;
  version: number;
  fileId?: string;
  anyDownloadedAt?: string;
  acknowledgedAt?: string;
}

/** The first accepted informing result of an SMO in a region batch. */
export interface InformingStartFacts {
  /** When the delivery carrying it was received (a file's receipt, an API request). */
  receivedAt: string;
  /** Earliest informing date (DATE_INF) among that delivery's accepted rows of the batch. */
  date: string;
}

const fmt = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
const ruDay = (iso: string) => iso.split('-').reverse().join('.');

/**
 * Before the SMO can act on its file: no forming yet or no file of its own → blocked (the TFOMS step
 * 4.2/4.4 carries the delay); not registered or nobody to inform → not applicable. Undefined: the
 * file is there, the SMO's own step decides.
 */
export function smoFileGate(formed: boolean, file: SmoFileFacts | undefined): Fact | undefined {
  if (!formed) return { status: 'blocked', evidence: 'файлы для СМО ещё не сформированы (п. 4.2/4.4)' };
  if (!file) return { status: 'not-applicable', evidence: 'СМО не зарегистрирована в регионе: файл ей не направляется' };
  if (file.status === 'EMPTY' || file.status === 'CANCELLED') return { status: 'not-applicable', evidence: 'в файле СМО нет застрахованных лиц с назначенной датой' };
  if (!file.version) return { status: 'blocked', evidence: 'файл СМО ещё не сформирован' };
  return undefined;
}

/** Whether (and when) the file reached the SMO: the evidence of 4.2/4.4 on the SMO's side. */
export function fileReceipt(file: SmoFileFacts): string {
  if (!file.anyDownloadedAt) return `файл ${file.fileId ?? ''} (версия ${file.version}) СМО не скачан`;
  return `файл получен СМО ${fmt(file.anyDownloadedAt)}${file.acknowledgedAt ? `, получение подтверждено ${fmt(file.acknowledgedAt)}` : ''}`;
}

/** 4.3/4.5: met at the receipt of the first accepted informing result of the batch. */
export function informingStartedFact(formed: boolean, file: SmoFileFacts | undefined, start: InformingStartFacts | undefined): Fact {
  const gate = smoFileGate(formed, file);
  if (gate) return gate;
  const receipt = fileReceipt(file!);
  if (!start) return { status: 'not-met', evidence: `результатов информирования по партии от СМО нет; ${receipt}` };
  return { status: 'met', at: start.receivedAt, evidence: `первый результат информирования принят ${fmt(start.receivedAt)} (информирование ${ruDay(start.date)}); ${receipt}` };
}
