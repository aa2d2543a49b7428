import { PublishCommand } from '@aws-sdk/client-sns';
import { snsClient } from '../../adapters/clients.js';
import { putNotification } from '../../adapters/store/obligations.js';
import { putObject } from '../../adapters/s3.js';
import { config } from '../../config.js';
import type { Notification } from '../../obligations/model.js';
import { topicEnvName } from '../../runtime/declarations.js';

export const NOTIFY_QUEUE = 'notifications';

/** Where a notification goes besides the store: the outbox (both runtimes) and, in AWS, a topic. */
export interface NotificationChannel {
  deliver(n: Notification): Promise<void>;
}

/** The outbox copy anyone with outbox access can read: `notifications/<org>/<day>/<id>.json`. */
export function notificationKey(n: Notification): string {
  return `notifications/${n.to}/${n.at.slice(0, 10)}/${n.id}.json`;
}

export const outboxChannel: NotificationChannel = {
  deliver: (n) => putObject(config.bucket('outbox'), notificationKey(n), JSON.stringify(n, null, 2), 'application/json; charset=utf-8'),
};

/**
 * SNS for e-mail/SMS subscribers of the responsible organizations: the recipient is a message
 * attribute, so each subscription filters its own organization's messages.
 */
export function snsChannel(topicArn: string): NotificationChannel {
  return {
    async deliver(n) {
      await snsClient().send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: n.subject.slice(0, 99),
          Message: n.text,
          MessageAttributes: { to: { DataType: 'String', StringValue: n.to }, kind: { DataType: 'String', StringValue: n.kind } },
        }),
      );
    },
  };
}

/**
 * Delivers one notification: the organization's list in the table, the outbox copy, then any
 * further channel (SNS in AWS, where the function is given the topic). Every write is keyed by the
 * notification's deterministic id, so a redelivered message overwrites rather than repeats.
 */
export async function deliverNotification(n: Notification, channels: NotificationChannel[]): Promise<void> {
  await putNotification(n);
  for (const channel of channels) await channel.deliver(n);
}

/** The channels of this runtime: the outbox always, SNS where a topic is configured. */
export function notificationChannels(env: NodeJS.ProcessEnv = process.env): NotificationChannel[] {
  const topicArn = env[topicEnvName('notifications')];
  return topicArn ? [outboxChannel, snsChannel(topicArn)] : [outboxChannel];
}
