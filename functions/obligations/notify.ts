import { sqsBatchHandler } from '../../shared/adapters/lambda/sqs-batch.js';
import { deliverNotification, notificationChannels } from '../../shared/services/obligations/notify.js';

/** One notification → the organization's list, the outbox and (in AWS) the topic. */
const channels = notificationChannels();
export const handler = sqsBatchHandler('notifications', (message) => deliverNotification(message, channels));
