import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FauxqsServer } from 'fauxqs';

/**
 * fauxqs keeps messages in memory only. On a clean stop the messages still queued (ready, delayed
 * or in flight) are written to a file and sent again on the next start, so a restart loses no work.
 * Receive counts and message ids are not kept; a crash (kill -9) loses the queued messages.
 */

interface SavedMessage {
  body: string;
  attributes: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
}

type Snapshot = Record<string, SavedMessage[]>;

export async function saveQueuedMessages(fauxqs: FauxqsServer, queueNames: string[], file: string): Promise<number> {
  const snapshot: Snapshot = {};
  let count = 0;
  for (const name of queueNames) {
    const q = fauxqs.inspectQueue(name);
    if (!q) continue;
    const messages = [...q.messages.inflight.map((i) => i.message), ...q.messages.ready, ...q.messages.delayed];
    if (!messages.length) continue;
    snapshot[name] = messages.map((m) => ({ body: m.body, attributes: m.messageAttributes }));
    count += messages.length;
  }
  await mkdir(dirname(file), { recursive: true });
  if (count === 0) {
    await rm(file, { force: true });
    return 0;
  }
  await writeFile(`${file}.tmp`, JSON.stringify(snapshot));
  await rename(`${file}.tmp`, file);
  return count;
}

/** Sends the saved messages to the queues of the same names, then removes the file. */
export async function restoreQueuedMessages(sqs: SQSClient, urlsByName: Map<string, string>, file: string): Promise<number> {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let count = 0;
  for (const [name, messages] of Object.entries(snapshot)) {
    const url = urlsByName.get(name);
    if (!url) continue; // a queue no longer declared
    for (let i = 0; i < messages.length; i += 10) {
      const entries = messages.slice(i, i + 10).map((m, j) => ({
        Id: String(j),
        MessageBody: m.body,
        MessageAttributes: Object.keys(m.attributes).length
          ? Object.fromEntries(
              Object.entries(m.attributes).map(([k, a]) => [
                k,
                { DataType: a.DataType, StringValue: a.StringValue, BinaryValue: a.BinaryValue ? Buffer.from(a.BinaryValue, 'base64') : undefined },
              ]),
            )
          : undefined,
      }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      count += entries.length;
    }
  }
  await rm(file, { force: true });
  return count;
}
