/**
 * Data of the informing benchmark: beside each person's group decision (forming-data.ts), the
 * registry entry an MO's accepted return would have written (`P#<enp>` / `PLAN#<campaign>`, indexed
 * per SMO): everyone planned, with a date in the campaign window and a time, so every person goes
 * into its SMO's file.
 */
import { abonentFileId, fioOf } from '../../shared/abonent/layout.js';
import type { Item } from '../../shared/adapters/store/dynamo.js';
import type { StoredPlan } from '../../shared/adapters/store/plans.js';
import type { InformingRow } from '../../shared/informing/files.js';
import type { SeedJob } from './forming-data.js';

export const BATCH = '12' as const;
export const WINDOW_FROM = '2026-12-08';
const DAY = 86_400_000;

/** The registry entry of the seeded person `index`: planned, date and time spread over the window. */
export function seedPlan(decision: Item, index: number, job: Pick<SeedJob, 'campaignId' | 'region'>): Item {
  const enp = decision.enp as string;
  const mo = decision.mo as string;
  const smo = decision.smo as string;
  const plan: StoredPlan = {
    n: index + 1,
    enp,
    group: (decision.decision as { group: number }).group,
    smo,
    mark: 'запланирован',
    date: new Date(Date.parse(`${WINDOW_FROM}T00:00:00Z`) + (index % 150) * DAY).toISOString().slice(0, 10),
    time: `${String(8 + (index % 10)).padStart(2, '0')}:${index % 2 ? '30' : '00'}`,
    campaignId: job.campaignId,
    region: job.region,
    batch: BATCH,
    mo,
    fileId: abonentFileId(job.campaignId, job.region, BATCH, mo),
    returnFileId: 'bench-return',
    receivedAt: '2026-12-05T06:00:00.000Z',
    // As a return writes it: the person's card from the locked cells of the MO's file.
    card: cardOfDecision(decision),
  };
  return { pk: `P#${enp}`, sk: `PLAN#${job.campaignId}`, gsi1pk: `PLANS#${job.campaignId}#${BATCH}#${smo}`, gsi1sk: `${job.region}#${mo}#${enp}`, ...plan };
}

function cardOfDecision(decision: Item): NonNullable<StoredPlan['card']> {
  const card = (decision.card ?? {}) as { fam?: string; im?: string; ot?: string; dr?: string; phone?: string };
  return { fio: fioOf(card), ...(card.dr ? { dr: card.dr } : {}), ...(card.phone ? { phone: card.phone } : {}) };
}

/** Rows like a worker writes them, for the writers-alone baseline. */
export function* informingRows(count: number): Generator<InformingRow> {
  for (let n = 0; n < count; n++) {
    yield {
      mo: `77${String(1000 + (n % 200)).padStart(4, '0')}`,
      enp: `77${String(n).padStart(14, '0')}`,
      fam: 'Константинопольская',
      im: 'Александра',
      ot: n % 3 ? 'Владимировна' : undefined,
      dr: '1961-04-12',
      phone: n % 4 ? `+7916${String(1_000_000 + n).slice(-7)}` : undefined,
      group: (n % 2) + 1,
      date: new Date(Date.parse(`${WINDOW_FROM}T00:00:00Z`) + (n % 150) * DAY).toISOString().slice(0, 10),
      time: '09:30',
    };
  }
}
