import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger for every handler. Log ids, counts and codes only: names, ЕНП, СНИЛС and
 * phones never go to logs (152-ФЗ); they live in the protocols the sender owns.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'omsflow' });
