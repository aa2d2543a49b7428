/**
 * Data of the personal-data lists benchmark: every seeded person as stage 1 stores it (`P#<enp>` /
 * `PERSON`); even ones excluded from the campaign (the region's exclusion list), odd ones eligible
 * and planned in the registry of one SMO (its list of persons not yet informed, nobody informed).
 */
import { decisionItem } from '../../shared/adapters/store/groups.js';
import type { Item } from '../../shared/adapters/store/dynamo.js';
import { EXCLUSION_LABELS } from '../../shared/domain/groups.js';
import type { SeedJob } from './forming-data.js';
import { cardOf, seedDecision } from './forming-data.js';
import { seedPlan } from './informing-data.js';

/** The items of person `index` (0-based); `fields` are the generator's INSURED_COLUMNS. */
export function listItems(fields: string[], index: number, mos: readonly string[], job: Pick<SeedJob, 'campaignId' | 'region'> & { smo: string }): Item[] {
  const [enp = '', snils = ''] = fields;
  const mo = mos[index % mos.length]!;
  const card = cardOf(fields);
  const person: Item = {
    pk: `P#${enp}`,
    sk: 'PERSON',
    gsi1pk: `REG#${job.region}#000`,
    gsi1sk: enp,
    enp,
    ...(snils ? { snils: snils.replace(/\D/g, '') } : {}),
    ...card,
    mo,
    smo: job.smo,
    dsChronic: [],
    region: job.region,
    src: '2026-11-01T00:00:00.000Z#bench',
    srcLine: index + 2,
  };
  if (index % 2 === 0) {
    // With its card, as the groups recompute stores every decision.
    const decision = { eligible: false, exclusion: 'UNDER_18', reason: EXCLUSION_LABELS.UNDER_18 } as const;
    const excluded = decisionItem({ enp, campaignId: job.campaignId, region: job.region, mo, smo: job.smo, decision, card });
    return [person, excluded];
  }
  const mine = [...fields];
  mine[9] = job.smo;
  const decision = seedDecision(mine, index, mos, job);
  return [person, decision, seedPlan(decision, index, job)];
}
