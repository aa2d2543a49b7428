import { attemptOf, sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { processResultsFile, rejectResultsFile } from '../../shared/services/informing/results-file.js';
import { writeReport } from '../../shared/services/informing/results-report.js';
import { recomputeStats } from '../../shared/services/informing/results-targets.js';
import { withVerdict } from '../../shared/services/ingest/verdicts.js';

/** SMO informing results (DOMAIN.md §3.7): a received file, a figures recompute, or a target report. */
export const handler = sqsBatchHandler('informing-results', async (message, record) => {
  if ('fileId' in message) await withVerdict(message.fileId, attemptOf(record), rejectResultsFile, () => processResultsFile(message.fileId));
  else if ('recompute' in message) await recomputeStats(message.recompute);
  else await writeReport(message.report);
});
