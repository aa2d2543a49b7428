import { logger } from '../../adapters/lambda/logger.js';
import { populatedRegions } from '../../adapters/store/persons.js';
import { getStage, type StageRef } from '../../adapters/store/stages.js';
import type { BatchId } from '../../domain/records.js';
import { localDate } from '../../domain/time.js';
import { loadReferenceData } from '../../reference/load.js';
import { allCampaigns } from '../campaigns.js';
import { SCHEDULE } from './campaign.js';
import { startForming } from './forming.js';
import { formRegistry } from './registry.js';

export interface ClockAction extends StageRef {
  action: 'start' | 'form-registry';
}

/**
 * The schedule of stages 2–3 (seed 000), evaluated per region on its own calendar day: on a batch's
 * `formOn` day (x.1's due day) forming starts by itself; once its `returnBy` day (x.2's) is over
 * the registry is formed. The dates are the schedule FOMS edits, in force now
 * (shared/services/campaigns.ts): moving 2.2 moves the day the registry is formed. A
 * stage FOMS has already moved by hand (formed, or reopened) is not overridden. Runs hourly, so
 * every region is seen soon after its local midnight; repeating a run does nothing new.
 */
export async function tickStages(now = new Date()): Promise<ClockAction[]> {
  const ref = loadReferenceData();
  const done: ClockAction[] = [];
  const regions = await populatedRegions();
  for (const campaign of (await allCampaigns()).filter((c) => c.active && c.plan)) {
    for (const region of regions) {
      const zone = ref.regions.get(region)?.timeZone;
      if (!zone) continue;
      const today = localDate(now, zone);
      for (const batch of ['12', '34'] as BatchId[]) {
        const dates = campaign.plan!.batches[batch];
        if (!dates) continue;
        const stageRef: StageRef = { campaignId: campaign.id, region, batch };
        const stage = await getStage(stageRef);
        if (!stage && today >= dates.formOn && today <= dates.returnBy) {
          await startForming(stageRef, SCHEDULE, now);
          done.push({ ...stageRef, action: 'start' });
        } else if (
          stage?.state === 'FORMING' &&
          today > dates.returnBy &&
          !stage.history.some((e) => e.action === 'form-registry' || e.action === 'reopen')
        ) {
          await formRegistry(stageRef, SCHEDULE, now);
          done.push({ ...stageRef, action: 'form-registry' });
        }
      }
    }
  }
  if (done.length) logger.info('Stage schedule applied', { actions: done.length });
  return done;
}
