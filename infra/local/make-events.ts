import { abonentFileId } from '../../shared/abonent/layout.js';
import { demoUser } from './demo-users.js';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FUNCTIONS } from '../../functions/catalog.js';
import { fileIdOf, objectRevision } from '../../shared/ingest/inbox.js';
import type { FunctionDecl, HttpRoute } from '../../shared/runtime/declarations.js';
import { REPO_ROOT } from './endpoints.js';
import { httpApiEvent, s3Notification, scheduledEvent, sqsEvent, type ReceivedSqsMessage } from './events.js';
import { flattenClaims } from './jwt-authorizer.js';
import { AUDIENCE, bucketName } from './naming.js';
import { DEFAULT_ISSUER } from './issuer.js';

/**
 * Sample events for `npm run invoke` and for tests, one or more per function of the catalog, built
 * with the same builders the local runtime uses. Deterministic: regenerating changes nothing
 * unless the builders or the catalog changed (a test checks the files are current).
 *
 *   npx tsx infra/local/make-events.ts   → writes events/*.json
 */

const TIME = new Date('2024-06-03T06:15:00Z');
const EPOCH = TIME.getTime();

/** Stable pseudo-random ids from a label. */
const id = (label: string, length = 32) => createHash('sha256').update(label).digest('hex').slice(0, length);
const etagOf = (label: string) => id(`etag ${label}`);
const uuid = (label: string) => {
  const h = id(label);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Inbox keys of DOMAIN.md §9 for s3 triggers, by label. */
const S3_SAMPLES: Array<{ label: string; key: string; size: number }> = [
  { label: 'insured', key: '77/insured/export.csv', size: 48_213_004 },
  { label: 'covid', key: 'federal/covid/covid-register 2021-05.csv', size: 1_204_331 },
  { label: 'abonent-return', key: `77/mo/771001/returns/${abonentFileId('ud-2021', '77', '12', '771001')}/20210617T101500Z-1a2b3c4d.xlsx`, size: 412_334 },
  { label: 'informing-results', key: '77/smo/77008/results/ud-2021/ir-20210701T101500Z-1a2b3c4d.csv', size: 1_840_220 },
  { label: 'hospitalization', key: '77/mo/771001/hospitalization/hs-20240603T051500Z-1a2b3c4d.csv', size: 18_412 },
];

const sequencerOf = (label: string) => id(`sequencer ${label}`, 18).toUpperCase();
/** The file id the receiver gives the sample upload of `label` (an unversioned sample: ETag and sequencer). */
const sampleFileId = (label: string) => {
  const sample = S3_SAMPLES.find((s) => s.label === label)!;
  return fileIdOf(bucketName('inbox'), sample.key, objectRevision({ etag: etagOf(label), sequencer: sequencerOf(label) }));
};
const SAMPLE_FILE_ID = sampleFileId('insured');

/** Bodies of the internal queues (shared/ingest/messages.ts). */
export const SAMPLE_BODIES: Record<string, unknown> = {
  'ingest-chunks': { fileId: SAMPLE_FILE_ID, chunk: 1, start: 33_554_432, end: 48_213_004 },
  'ingest-finalize': { fileId: SAMPLE_FILE_ID },
  'ingest-load': { fileId: SAMPLE_FILE_ID, chunk: 0 },
  'groups-recompute': { region: '77', reason: `file ${SAMPLE_FILE_ID} loaded` },
  'abonent-form': { campaignId: 'ud-2021', region: '77', batch: '12', mo: '771001' },
  'abonent-returns': { fileId: SAMPLE_FILE_ID },
  'final-lists': { campaignId: 'ud-2021', region: '77', batch: '12' },
  'obligations-plan': { campaignId: 'ud-2021', region: '77', version: 1 },
  'obligations-evaluate': { region: '77', at: '2021-06-20T21:00:00.000Z' },
  'informing-form': { campaignId: 'ud-2021', region: '77', batch: '12', run: '2021-06-21T07:30:00.000Z', smo: '77008' },
  'informing-results': { recompute: { campaignId: 'ud-2021', region: '77', batch: '12', smo: '77008' } },
  'hospitalization-files': { fileId: sampleFileId('hospitalization') },
  notifications: {
    id: 'c.ud-2021.2.2.77.771001.violation.771001',
    kind: 'violation',
    to: '771001',
    at: '2021-06-20T21:00:00.000Z',
    region: '77',
    obligationId: 'c.ud-2021.2.2.77.771001',
    subject: 'Нарушен срок: 2.2. Заполнение МО абонентского пункта и передача в ТФОМС',
    text: 'МО 771001 не исполнил(а) в срок до 19.06.2021 24:00 (Europe/Moscow): 2.2. Заполнение МО абонентского пункта и передача в ТФОМС. Файл ap-0000000000000000 не возвращён',
  },
};

/** Values of path parameters in the API samples. */
const PATH_SAMPLES: Record<string, string> = {
  fileId: SAMPLE_FILE_ID,
  campaignId: 'ud-2021',
  region: '77',
  enp: '7756410834000012',
  org: '771001',
  snils: '11223344595',
  authority: 'A',
  batch: '12',
  obligationId: 'c.ud-2021.1.6.77.77',
  smo: '77008',
  year: '2027',
};

/** The demo TFOMS 77 user of `npm run token -- --org 77`: tokens carry only who the person is. */
const SAMPLE_USER = demoUser({ org: '77' });

const SAMPLE_CLAIMS = flattenClaims({
  iss: DEFAULT_ISSUER,
  aud: AUDIENCE,
  sub: `demo-${SAMPLE_USER.snils}`,
  snils: SAMPLE_USER.snils,
  iat: EPOCH / 1000,
  nbf: EPOCH / 1000 - 5,
  exp: EPOCH / 1000 + 3600,
  jti: uuid('jti'),
});

function sqsMessage(label: string, body: unknown): ReceivedSqsMessage {
  return {
    MessageId: uuid(`message ${label}`),
    ReceiptHandle: Buffer.from(id(`receipt ${label}`, 64)).toString('base64'),
    Body: JSON.stringify(body),
    Attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(EPOCH - 1500),
      SenderId: 'AIDALOCALOMSFLOWSENDER',
      ApproximateFirstReceiveTimestamp: String(EPOCH - 1000),
    },
  };
}

export function routeSlug(route: Pick<HttpRoute, 'method' | 'path'>): string {
  const path = route.path.replace(/[{}+]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${route.method.toLowerCase()}-${path}`;
}

/** File name (under events/) → event, for every trigger of every function. */
export function sampleEvents(functions: FunctionDecl[] = FUNCTIONS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of functions) {
    for (const t of f.triggers) {
      switch (t.kind) {
        case 's3': {
          const samples = S3_SAMPLES.filter((s) => t.prefixes.length === 0 || t.prefixes.some((p) => s.key.startsWith(p)));
          for (const s of samples) {
            const body = s3Notification({
              bucket: bucketName(t.bucket),
              key: s.key,
              size: s.size,
              eTag: etagOf(s.label),
              time: TIME,
              configurationId: `${f.id}-${t.queue}`,
              requestId: id(`request ${s.label}`, 16).toUpperCase(),
              sequencer: sequencerOf(s.label),
            });
            out[`${f.id}.${s.label}.json`] = sqsEvent(t.queue, [sqsMessage(`${f.id} ${s.label}`, body)]);
          }
          break;
        }
        case 'sqs': {
          if (!(t.queue in SAMPLE_BODIES)) throw new Error(`make-events: no sample body for queue "${t.queue}" (function ${f.id})`);
          out[`${f.id}.json`] = sqsEvent(t.queue, [sqsMessage(f.id, SAMPLE_BODIES[t.queue])]);
          break;
        }
        case 'schedule':
          out[`${f.id}.schedule.json`] = scheduledEvent(t.id, TIME, undefined, uuid(`schedule ${t.id}`));
          break;
        case 'http':
          for (const route of t.routes) {
            const pathParameters: Record<string, string> = {};
            const rawPath = route.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => {
              pathParameters[name] = PATH_SAMPLES[name] ?? `sample-${name}`;
              return encodeURIComponent(pathParameters[name]!);
            });
            const rawQueryString = route.path === '/v1/files' ? 'region=77' : '';
            out[`${f.id}.${routeSlug(route)}.json`] = httpApiEvent({
              route,
              rawPath,
              rawQueryString,
              headers: {
                accept: 'application/json',
                host: '127.0.0.1:3000',
                'user-agent': 'curl/8.5.0',
                'x-forwarded-for': '127.0.0.1',
                'x-forwarded-port': '3000',
                'x-forwarded-proto': 'http',
                ...(route.auth === 'jwt' ? { authorization: 'Bearer <token from npm run token>' } : {}),
              },
              pathParameters,
              sourceIp: '127.0.0.1',
              claims: route.auth === 'jwt' ? SAMPLE_CLAIMS : undefined,
              time: TIME,
              requestId: id(`api ${route.method} ${route.path}`, 16),
            });
          }
          break;
      }
    }
  }
  return out;
}

export const EVENTS_DIR = join(REPO_ROOT, 'events');

async function main(): Promise<void> {
  await mkdir(EVENTS_DIR, { recursive: true });
  const events = sampleEvents();
  for (const [name, event] of Object.entries(events)) {
    await writeFile(join(EVENTS_DIR, name), JSON.stringify(event, null, 2) + '\n');
  }
  console.log(`wrote ${Object.keys(events).length} sample events to ${EVENTS_DIR}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
