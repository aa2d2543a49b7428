import { attemptOf, sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { processHospitalizationFile, rejectHospitalizationFile } from '../../shared/services/hospitalization/submissions.js';
import { withVerdict } from '../../shared/services/ingest/verdicts.js';

/** An MO's daily planned-hospitalization file → ФЛК protocol, the day's receipt, the region's free beds. */
export const handler = sqsBatchHandler('hospitalization-files', (message, record) =>
  withVerdict(message.fileId, attemptOf(record), rejectHospitalizationFile, () => processHospitalizationFile(message.fileId)),
);
