import { API_ROUTES } from '../shared/runtime/api-routes.js';
import type { FunctionDecl } from '../shared/runtime/declarations.js';
import { QUARANTINE_PREFIX } from '../shared/ingest/inbox.js';

/** Every queue and its message body: shared/runtime/queues.ts (senders and consumers type-check against it). */
export { QUEUES } from '../shared/runtime/queues.js';


export const FUNCTIONS: FunctionDecl[] = [
  {
    id: 'ingest-receive',
    entry: 'functions/ingest/receive.ts',
    description: 'Registers a file that landed in the inbox, checks its header and plans chunks',
    memoryMb: 1024,
    timeoutSeconds: 300,
    // Every key (S3 filters cannot leave a prefix out): the receiver itself skips its quarantine/
    // copies and the documents' PDFs (isOwnedElsewhere), so a quarantined file never loops.
    triggers: [{ kind: 's3', bucket: 'inbox', prefixes: [], queue: 'inbox-events', batchSize: 5 }],
    access: {
      buckets: { inbox: 'read', outbox: 'write' },
      // A file of no flow is copied aside for FOMS (shared/services/ingest/quarantine.ts).
      writeUnder: { inbox: [QUARANTINE_PREFIX] },
      tables: { main: 'readwrite', idempotency: 'readwrite' },
      sendTo: ['ingest-chunks', 'abonent-returns', 'informing-results', 'hospitalization-files'],
    },
  },
  {
    id: 'ingest-validate-chunk',
    entry: 'functions/ingest/validate-chunk.ts',
    description: 'Validates one byte range of a received file (ФЛК) and stages its rows',
    memoryMb: 1769,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'ingest-chunks', batchSize: 1 }],
    access: {
      // outbox: the protocol of a file rejected because a chunk can never be read (verdicts.ts).
      buckets: { inbox: 'read', work: 'readwrite', outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['ingest-finalize'],
    },
  },
  {
    id: 'ingest-finalize',
    entry: 'functions/ingest/finalize.ts',
    description: 'Finds duplicates across chunks, writes the ФЛК protocol, decides the file status',
    memoryMb: 1769,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'ingest-finalize', batchSize: 1 }],
    access: {
      buckets: { work: 'readwrite', outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['ingest-load'],
    },
  },
  {
    id: 'ingest-load-chunk',
    entry: 'functions/ingest/load-chunk.ts',
    description: 'Loads the valid rows of one chunk into the registry; a newer file supersedes by ЕНП',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'ingest-load', batchSize: 1 }],
    access: {
      buckets: { work: 'read' },
      tables: { main: 'readwrite' },
      sendTo: ['groups-recompute'],
    },
  },
  {
    id: 'groups-recompute',
    entry: 'functions/groups/recompute.ts',
    description: 'Assigns priority groups 1–4 (order 698н) of a region shard for every active campaign',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'groups-recompute', batchSize: 1 }],
    access: {
      tables: { main: 'readwrite' },
      sendTo: ['groups-recompute'],
    },
  },
  {
    id: 'ingest-watchdog',
    entry: 'functions/ingest/watchdog.ts',
    description: 'Re-drives files stuck between ingest phases and reports them',
    memoryMb: 512,
    timeoutSeconds: 120,
    triggers: [
      // Every minute: with the 3-minute stale mark (heartbeat.ts) a stuck file resumes within 4 minutes.
      { kind: 'schedule', id: 'ingest-watchdog-every-minute', cron: 'cron(* * * * ? *)', description: 'Every minute' },
    ],
    access: {
      // outbox: the protocol of a file past the redrive cap (rejected instead of re-sent).
      buckets: { outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['ingest-chunks', 'ingest-finalize', 'ingest-load', 'abonent-returns', 'informing-results', 'hospitalization-files'],
    },
  },
  {
    id: 'abonent-form',
    entry: 'functions/abonent/form.ts',
    description: 'Forms each MO’s «абонентский пункт» XLSX (streamed) and the copy returns are checked against',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'abonent-form', batchSize: 1 }],
    access: {
      buckets: { outbox: 'write', work: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['abonent-form'],
    },
  },
  {
    id: 'abonent-return',
    entry: 'functions/abonent/return.ts',
    description: 'Checks a returned «абонентский пункт» (DOMAIN.md §3.5), publishes its protocol, loads registry entries',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'abonent-returns', batchSize: 1 }],
    access: {
      buckets: { inbox: 'read', work: 'readwrite', outbox: 'write' },
      tables: { main: 'readwrite' },
    },
  },
  {
    id: 'final-lists',
    entry: 'functions/abonent/final-lists.ts',
    description: 'Writes the final lists of an approved registry, per MO and per region',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'final-lists', batchSize: 1 }],
    access: {
      buckets: { work: 'read', outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['final-lists'],
    },
  },
  {
    id: 'stage-clock',
    entry: 'functions/abonent/clock.ts',
    description: 'Applies the stage 2–3 schedule per region on its own calendar day (start forming, form the registry)',
    memoryMb: 512,
    timeoutSeconds: 300,
    triggers: [{ kind: 'schedule', id: 'stage-clock-hourly', cron: 'cron(5 * * * ? *)', description: 'Every hour at :05' }],
    access: {
      tables: { main: 'readwrite' },
      sendTo: ['abonent-form'],
    },
  },
  {
    id: 'obligations-clock',
    entry: 'functions/obligations/clock.ts',
    description: 'Every 15 minutes: one evaluation message per region (09:00 and deadlines on each region\'s own clock)',
    memoryMb: 256,
    timeoutSeconds: 60,
    triggers: [{ kind: 'schedule', id: 'obligations-every-15-min', cron: 'cron(0/15 * * * ? *)', description: 'Every 15 minutes' }],
    access: { sendTo: ['obligations-evaluate'] },
  },
  {
    id: 'obligations-evaluate',
    entry: 'functions/obligations/evaluate.ts',
    description: 'Evaluates one region: plans daily duties, marks obligations met or overdue, records violations, escalates; the 09:00 compliance report',
    memoryMb: 1024,
    timeoutSeconds: 300,
    triggers: [{ kind: 'sqs', queue: 'obligations-evaluate', batchSize: 1 }],
    access: {
      buckets: { outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['notifications'],
    },
  },
  {
    id: 'obligations-plan',
    entry: 'functions/obligations/plan.ts',
    description: 'Plans one region\'s obligations from a campaign schedule (creates, moves the open ones, cancels dropped steps)',
    memoryMb: 512,
    timeoutSeconds: 300,
    triggers: [{ kind: 'sqs', queue: 'obligations-plan', batchSize: 1 }],
    access: { tables: { main: 'readwrite' } },
  },
  {
    id: 'notify',
    entry: 'functions/obligations/notify.ts',
    description: 'Delivers a notification: the organization\'s list, the outbox copy and the SNS topic',
    memoryMb: 256,
    timeoutSeconds: 60,
    triggers: [{ kind: 'sqs', queue: 'notifications', batchSize: 10 }],
    access: {
      buckets: { outbox: 'write' },
      tables: { main: 'readwrite' },
      publishTo: ['notifications'],
    },
  },
  {
    id: 'informing-form',
    entry: 'functions/informing/form.ts',
    description: 'Writes each registered SMO’s informing file (XLSX + windows-1251 CSV, streamed) and what changed since its previous version',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'informing-form', batchSize: 1 }],
    access: {
      buckets: { outbox: 'write', work: 'readwrite' },
      tables: { main: 'readwrite' },
      sendTo: ['informing-form'],
    },
  },
  {
    id: 'api',
    entry: 'functions/api/handler.ts',
    description: 'HTTP API: files and protocols, stage 1.6 checks, persons (audited), access and documents (seed 003)',
    memoryMb: 512,
    timeoutSeconds: 29,
    triggers: [{ kind: 'http', routes: API_ROUTES }],
    access: {
      // inbox: signs PUT URLs for power documents and checks they arrived (HeadObject).
      // outbox write: the on-demand hospitalization compliance report (one XLSX per region and day).
      buckets: { outbox: 'readwrite', inbox: 'readwrite' },
      tables: { main: 'readwrite' },
      // Stage commands of the campaign (x.1 forming, x.5 final lists, 4.2/4.4 informing files); a loaded schedule's planning;
      // a created campaign's groups; the groups of both regions of a decided cross-region conflict.
      sendTo: ['abonent-form', 'final-lists', 'obligations-plan', 'informing-form', 'informing-results', 'groups-recompute'],
      // Page cursors of list routes are sealed with it (shared/pagination/cursor.ts).
      secrets: ['cursor-key'],
    },
  },
  {
    id: 'informing-results',
    entry: 'functions/informing/results.ts',
    description: 'Checks an SMO’s informing results file (ФЛК protocol, streamed) and stores its rows; recomputes target figures; writes XLSX target reports',
    memoryMb: 1024,
    timeoutSeconds: 900,
    triggers: [{ kind: 'sqs', queue: 'informing-results', batchSize: 1 }],
    access: {
      buckets: { inbox: 'read', work: 'readwrite', outbox: 'write' },
      tables: { main: 'readwrite' },
      sendTo: ['informing-results'],
    },
  },
  {
    id: 'hospitalization-file',
    entry: 'functions/hospitalization/file.ts',
    description: 'Checks an MO’s daily planned-hospitalization CSV (DOMAIN.md §4), stores the day’s receipt and free beds, writes the ФЛК protocol',
    memoryMb: 512,
    timeoutSeconds: 120,
    triggers: [{ kind: 'sqs', queue: 'hospitalization-files', batchSize: 5 }],
    access: {
      buckets: { inbox: 'read', outbox: 'write' },
      tables: { main: 'readwrite' },
    },
  },
];
