import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { recomputeGroups } from '../../shared/services/groups/recompute.js';

/** A region (fan-out) or one shard of it → priority groups 1–4 and their counts. */
export const handler = sqsBatchHandler('groups-recompute', (message) => recomputeGroups(message));
