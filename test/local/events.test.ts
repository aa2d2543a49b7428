import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APIGatewayProxyEventV2Schema,
  EventBridgeSchema,
  S3SqsEventNotificationSchema,
  SqsSchema,
} from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, QUEUES } from '../../functions/catalog.js';
import { decodeS3Key, parseInboxKey } from '../../shared/ingest/inbox.js';
import { encodeS3EventKey, firedNow, s3Notification, sqsEvent } from '../../infra/local/events.js';
import { EVENTS_DIR, routeSlug, sampleEvents } from '../../infra/local/make-events.js';


const files = readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.json'));
const load = (name: string): unknown => JSON.parse(readFileSync(join(EVENTS_DIR, name), 'utf8'));

describe('sample events (events/)', () => {
  it('are current: regenerate with `npx tsx infra/local/make-events.ts`', () => {
    const expected = sampleEvents();
    expect(files.sort()).toEqual(Object.keys(expected).sort());
    for (const [name, event] of Object.entries(expected)) expect(load(name), name).toEqual(event);
  });

  it('include the named samples of the brief', () => {
    for (const name of [
      'ingest-receive.insured.json',
      'ingest-receive.covid.json',
      'ingest-validate-chunk.json',
      'ingest-finalize.json',
      'ingest-load-chunk.json',
      'groups-recompute.json',
      'ingest-watchdog.schedule.json',
    ]) {
      expect(files).toContain(name);
    }
  });

  for (const f of FUNCTIONS) {
    it(`${f.id}: every trigger has a sample that parses with the Powertools schema`, () => {
      const mine = files.filter((name) => name === `${f.id}.json` || name.startsWith(`${f.id}.`));
      expect(mine.length).toBeGreaterThan(0);
      for (const t of f.triggers) {
        if (t.kind === 's3') {
          const samples = mine.filter((n) => n !== `${f.id}.json`);
          expect(samples.length).toBeGreaterThan(0);
          for (const name of samples) {
            const event = S3SqsEventNotificationSchema.parse(load(name));
            const record = event.Records[0]!.body.Records[0]!;
            expect(record.s3.bucket.name).toBe(`omsflow-${t.bucket}`);
            expect(event.Records[0]!.eventSourceARN).toMatch(new RegExp(`:omsflow-${t.queue}$`));
            // The pipeline must recognise the decoded key as an inbox address (DOMAIN.md §9).
            expect(parseInboxKey(decodeS3Key(record.s3.object.key)), name).toBeDefined();
          }
        } else if (t.kind === 'sqs') {
          const event = SqsSchema.parse(load(`${f.id}.json`));
          const schema = QUEUES.find((q) => q.id === t.queue)?.schema;
          expect(schema, `body schema of ${t.queue}`).toBeDefined();
          for (const r of event.Records) schema!.parse(JSON.parse(r.body));
        } else if (t.kind === 'schedule') {
          const event = EventBridgeSchema.parse(load(`${f.id}.schedule.json`));
          expect(event['detail-type']).toBe('Scheduled Event');
          expect(event.source).toBe('aws.events');
        } else {
          for (const route of t.routes) {
            const event = APIGatewayProxyEventV2Schema.parse(load(`${f.id}.${routeSlug(route)}.json`));
            expect(event.routeKey).toBe(`${route.method} ${route.path}`);
            if (route.auth === 'jwt') expect(event.requestContext.authorizer?.jwt?.claims.snils).toMatch(/^\d{11}$/);
            else expect(event.requestContext.authorizer).toBeUndefined();
          }
        }
      }
    });
  }
});

describe('event builders', () => {
  it('encode S3 keys as S3 notifications do: + for spaces, / kept, UTF-8 percent-encoded', () => {
    expect(encodeS3EventKey('77/insured/Выгрузка май (2).csv')).toBe(
      '77/insured/%D0%92%D1%8B%D0%B3%D1%80%D1%83%D0%B7%D0%BA%D0%B0+%D0%BC%D0%B0%D0%B9+%282%29.csv',
    );
    expect(encodeS3EventKey('a+b=c&d!.csv')).toBe('a%2Bb%3Dc%26d%21.csv');
    const tricky = "federal/covid/a b+c%d'~*.csv";
    expect(decodeS3Key(encodeS3EventKey(tricky))).toBe(tricky);
  });

  it('fire a sample Scheduled Event now (npm run invoke), leaving other events as they are', () => {
    const sample = load('ingest-watchdog.schedule.json') as { time: string };
    const now = new Date('2026-12-03T18:40:12.345Z');
    const fired = firedNow(sample, now) as typeof sample;
    expect(fired).toEqual({ ...sample, time: '2026-12-03T18:40:12Z' });
    expect(EventBridgeSchema.parse(fired).time).toBe('2026-12-03T18:40:12Z');
    const chunk = load('ingest-validate-chunk.json');
    expect(firedNow(chunk, now)).toBe(chunk);
  });

  it('build an S3-in-SQS event that passes S3SqsEventNotificationSchema, IPv6 source or not', () => {
    const body = s3Notification({ bucket: 'omsflow-inbox', key: '77/insured/x y.csv', size: 10, eTag: '"abc"', sourceIp: '::ffff:10.0.0.7' });
    const record = body.Records[0]!;
    expect(record.requestParameters.sourceIPAddress).toBe('10.0.0.7');
    expect(record.s3.object.eTag).toBe('abc');
    expect(s3Notification({ bucket: 'b', key: 'k', size: 1, eTag: 'e', sourceIp: 'fe80::1' }).Records[0]!.requestParameters.sourceIPAddress).toBe('127.0.0.1');
    const event = sqsEvent('inbox-events', [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: JSON.stringify(body) }]);
    const parsed = S3SqsEventNotificationSchema.parse(event);
    expect(parsed.Records[0]!.body.Records[0]!.s3.object.key).toBe('77/insured/x+y.csv');
    expect(parsed.Records[0]!.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
  });
});
