import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { InformingResultsMessage } from '../../shared/informing/result-messages.js';
import { processResultsFile } from '../../shared/services/informing/results-ingest.js';
import { writeReport } from '../../shared/services/informing/results-report.js';
import { recomputeStats } from '../../shared/services/informing/results-targets.js';

/** SMO informing results (SPEC §3.7): a received file, a figures recompute, or a target report. */
export const handler = sqsBatchHandler(InformingResultsMessage, async (message) => {
  if ('fileId' in message) await processResultsFile(message.fileId);
  else if ('recompute' in message) await recomputeStats(message.recompute);
  else await writeReport(message.report);
});
