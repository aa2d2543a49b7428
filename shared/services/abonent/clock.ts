import { logger } from '../../adapters/lambda/logger.js';
import { populatedRegions } from '../../adapters/store/persons.js';
import { getStage, type StageRef } from '../../adapters/store/stages.js';
import type { BatchId } from '../../domain/records.js';
import { localDate } from '../../domain/time.js';
import { loadCampaigns, loadReferenceData } from '../../reference/load.js';
import { SCHEDULE } from './campaign.js';
import { startForming } from './forming.js';
import { formRegistry } from './registry.js';

export interface ClockAction extends StageRef {
  action: 'start' | 'form-registry';
}

/**
 * The schedule of stages 2–3 (seed 000), evaluated per region on its own calendar day: on a batch's
 * `formOn` day forming starts by itself; once its `returnBy` day is over the registry is formed. A
 * stage FOMS has already moved by hand (formed, or reopened) is not overridden. Runs hourly, so
 * every region is seen soon after its local midnight; repeating a run does nothing new.
 */
export async function tickStages(now = new Date()): Promise<ClockAction[]> {
  const ref = loadReferenceData();
  const done: ClockAction[] = [];
  const regions = await populatedRegions();
  for (const campaign of loadCampaigns().filter((c) => c.active && c.plan)) {
    for (const region of regions) {
      const zone = ref.regions.get(region)?.timeZone;
      if (!zone) continue;
      const today = localDate(now, zone);
      for (const batch of ['12', '34'] as BatchId[]) {
        const dates = campaign.plan!.batches[batch];
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
