import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type Obligation } from '../../../shared/obligations/model.js';
import { parseSchedule } from '../../../shared/obligations/schedule.js';
import { informingStartedFact, type SmoFileFacts } from '../../../shared/obligations/smo-facts.js';

/** Seed 000 4.3/4.5 «Начало информирования … СМО»: met by the SMO's first informing result, not by its download. */
const downloaded: SmoFileFacts = { status: 'FORMED', version: 2, fileId: 'inf-1', anyDownloadedAt: '2021-06-21T08:00:00.000Z', acknowledgedAt: '2021-06-21T09:30:00.000Z' };
const notFetched: SmoFileFacts = { status: 'FORMED', version: 1, fileId: 'inf-1' };
const start = { receivedAt: '2021-06-22T12:15:00.000Z', date: '2021-06-22' };
const ob = { state: 'OPEN', dueAt: '2021-06-22T20:59:59.999Z', kind: 'campaign-step' } as Obligation;

describe('4.3/4.5: the SMO starts informing', () => {
  it('a downloaded (even acknowledged) file does not meet it; the download is quoted as evidence of 4.2/4.4', () => {
    const fact = informingStartedFact(true, downloaded, undefined);
    expect(fact).toEqual({ status: 'not-met', evidence: 'результатов информирования по партии от СМО нет; файл получен СМО 2021-06-21 08:00 UTC, получение подтверждено 2021-06-21 09:30 UTC' });
    expect(evaluate(ob, fact, new Date('2021-06-23T00:00:00Z')).change).toBe('overdue');
  });

  it('is met at the receipt of the first accepted result of the batch, whatever the informing date', () => {
    const fact = informingStartedFact(true, downloaded, start);
    expect(fact).toEqual({ status: 'met', at: start.receivedAt, evidence: expect.stringContaining('первый результат информирования принят 2021-06-22 12:15 UTC (информирование 22.06.2021); файл получен СМО 2021-06-21 08:00 UTC') });
    expect(evaluate(ob, fact, new Date('2021-06-23T00:00:00Z'))).toMatchObject({ change: 'met', state: 'MET' });
    // Reported after the deadline: met late, even if the SMO says it called on time.
    const late = informingStartedFact(true, downloaded, { receivedAt: '2021-06-23T06:00:00.000Z', date: '2021-06-22' });
    expect(evaluate(ob, late, new Date('2021-06-23T07:00:00Z'))).toMatchObject({ change: 'met', state: 'MET_LATE' });
  });

  it('a result without a download is met too, and says the file was not downloaded', () => {
    expect(informingStartedFact(true, notFetched, start)).toMatchObject({ status: 'met', evidence: expect.stringContaining('файл inf-1 (версия 1) СМО не скачан') });
  });

  it('waits for 4.2/4.4 (blocked) and does not apply to an SMO with no file or nobody to inform', () => {
    expect(informingStartedFact(false, undefined, undefined).status).toBe('blocked');
    expect(informingStartedFact(true, { status: 'PENDING', version: 0 }, undefined).status).toBe('blocked');
    expect(informingStartedFact(true, undefined, start).status).toBe('not-applicable');
    expect(informingStartedFact(true, { status: 'EMPTY', version: 0 }, undefined).status).toBe('not-applicable');
    expect(informingStartedFact(true, { status: 'CANCELLED', version: 1 }, start).status).toBe('not-applicable');
  });

  it('the shipped seed-000 schedules have 4.3/4.5 met by the first informing result', () => {
    for (const id of ['ud-2021', 'ud-2026']) {
      const parsed = parseSchedule(JSON.parse(readFileSync(new URL(`../../../shared/reference/data/schedules/${id}.json`, import.meta.url), 'utf8')));
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const metBy = Object.fromEntries(parsed.schedule.steps.filter((s) => s.step.startsWith('4.')).map((s) => [s.step, s.metBy]));
      expect(metBy, id).toEqual({ '4.1': 'smo-registered', '4.2': 'smo-files-formed', '4.3': 'smo-informing-started', '4.4': 'smo-files-formed', '4.5': 'smo-informing-started' });
    }
  });
});
