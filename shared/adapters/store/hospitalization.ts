import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import type { CalendarFlag } from '../../calendar/production-calendar.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Submission, SectionKey } from '../../hospitalization/submission.js';
import { dynamoClient } from '../clients.js';
import { forEachLimited, isConditionFailure, mainTable, putIf, queryAll, stripKeys, type Item } from './dynamo.js';
import type { DayReceipt } from '../../hospitalization/compliance.js';

/**
 * The planned-hospitalization resource (DOMAIN.md §4) in the main table:
 *
 * - **receipt** of an MO's day — pk `HOSP#<mo>`, sk `DAY#<forDate>`, gsi1 `HOSPDAY#<region>#<forDate>` /
 *   `<mo>`: status, first/last times, version, counts per section, the hash of the content in force
 *   and the protocol of the latest file. ACCEPTED once any submission for the day was accepted.
 * - **content** of an accepted submission — pk `HOSP#<mo>`, sk `CONTENT#<forDate>#<sha256>`:
 *   the submission as gzipped JSON, addressed by its hash (every accepted version is kept).
 * - **upload** of a file — pk `HOSP#<mo>`, sk `FILE#<receivedAt>#<fileId>`: its outcome and protocol.
 * - **free beds** of the region — pk `BEDS#<region>`: sk `P#<profile>#<mo>` the MO's free places of one
 *   profile by date from its latest accepted submission, sk `MO#<mo>` which submission that is
 *   (`stamp`). An item whose stamp is not its MO's current one is left over from an older
 *   submission and is not shown. One query reads a profile (`P#19#`) or every profile (`P#`).
 */

export type ReceiptStatus = 'ACCEPTED' | 'REJECTED';
export type ReceiptSource = 'api' | 'file';

export interface HospReceipt {
  region: string;
  mo: string;
  forDate: string;
  status: ReceiptStatus;
  /** Where the content in force came from (or the last rejected one, when none was accepted). */
  source: ReceiptSource;
  /** First accepted submission for the day (receipt instant); earliest wins, later ones never move it. */
  firstAcceptedAt?: string;
  /** Receipt instant of the content in force. */
  lastAcceptedAt?: string;
  lastReceivedAt: string;
  lastOutcome: ReceiptStatus;
  lastRejectedAt?: string;
  /** Errors of the last rejected submission. */
  lastErrors?: number;
  /** Accepted contents so far (0 while only rejected ones arrived). */
  version: number;
  counts?: Partial<Record<SectionKey, number>>;
  contentHash?: string;
  /** Submissions that changed something (identical resends are not counted). */
  received: number;
  fileId?: string;
  protocolCsvKey?: string;
  protocolXlsxKey?: string;
}

export interface HospUpload {
  mo: string;
  fileId: string;
  name: string;
  key: string;
  forDate: string;
  receivedAt: string;
  status: 'ACCEPTED' | 'REJECTED' | 'DUPLICATE';
  /** What it did to the day: created, replaced, unchanged, superseded (an earlier-received one) or rejected. */
  outcome: SubmitOutcome;
  errors: number;
  warnings: number;
  duplicateOf?: string;
  protocolCsvKey?: string;
  protocolXlsxKey?: string;
  /** «календарь предварительный»: the day's horizon reached a year without a decree. */
  calendar?: CalendarFlag;
}

export type SubmitOutcome = 'created' | 'replaced' | 'unchanged' | 'superseded' | 'rejected';

const receiptKey = (mo: string, forDate: string) => ({ pk: `HOSP#${mo}`, sk: `DAY#${forDate}` });
const contentKey = (mo: string, forDate: string, hash: string) => ({ pk: `HOSP#${mo}`, sk: `CONTENT#${forDate}#${hash}` });

async function getReceipt(mo: string, forDate: string): Promise<HospReceipt | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: receiptKey(mo, forDate), ConsistentRead: true }));
  return out.Item ? stripKeys<HospReceipt>(out.Item) : undefined;
}

/** The MO's receipts for days `from`…`to` (inclusive), oldest first. */
export async function receiptsOf(mo: string, from: string, to: string): Promise<HospReceipt[]> {
  const out: HospReceipt[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `HOSP#${mo}`, ':from': `DAY#${from}`, ':to': `DAY#${to}` },
  })) {
    for (const item of page) out.push(stripKeys<HospReceipt>(item));
  }
  return out;
}

/**
 * Every MO's receipt for one day of a region, keyed by MO code — what the 09:00 evaluation and the
 * compliance report read. `firstAcceptedAt` is absent when nothing was accepted.
 */
export async function receiptsOfDay(region: string, forDate: string): Promise<Map<string, DayReceipt>> {
  const out = new Map<string, DayReceipt>();
  for await (const page of queryAll({
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `HOSPDAY#${region}#${forDate}` },
  })) {
    for (const item of page) {
      const r = item as unknown as HospReceipt;
      out.set(r.mo, { ...(r.firstAcceptedAt ? { firstAcceptedAt: r.firstAcceptedAt } : {}), lastReceivedAt: r.lastReceivedAt, status: r.status });
    }
  }
  return out;
}

/** Canonical bytes of a submission (the validator emits fields in a fixed order) and their hash. */
function encodeContent(submission: Submission): { hash: string; gz: Buffer } {
  const json = JSON.stringify(submission);
  return { hash: createHash('sha256').update(json).digest('hex'), gz: gzipSync(Buffer.from(json, 'utf8')) };
}

/** The accepted content a receipt points to. */
export async function getContent(mo: string, forDate: string, hash: string): Promise<Submission | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: contentKey(mo, forDate, hash), ConsistentRead: true }));
  const gz = out.Item?.content as Uint8Array | undefined;
  return gz ? (JSON.parse(gunzipSync(gz).toString('utf8')) as Submission) : undefined;
}

/** DynamoDB's item limit is 400 KB; the content item keeps a margin for its keys. */
const MAX_CONTENT_BYTES = 380_000;

export class ContentTooLarge extends Error {}

export interface AcceptedSubmission {
  region: string;
  mo: string;
  forDate: string;
  source: ReceiptSource;
  /** Receipt instant (ISO): the request time, or the file's S3 event time. */
  receivedAt: string;
  submission: Submission;
  counts: Partial<Record<SectionKey, number>>;
  file?: { fileId: string; protocolCsvKey?: string; protocolXlsxKey?: string };
}

export interface RecordResult {
  outcome: Exclude<SubmitOutcome, 'rejected'>;
  receipt: HospReceipt;
}

const MAX_ATTEMPTS = 10;

/**
 * Records an accepted submission of a day. Its content is stored first (addressed by hash, so a
 * repeat writes the same item), then the receipt moves by a conditional write on its version:
 * - no receipt yet, or only rejected ones → `created`;
 * - the same content as in force → `unchanged`, nothing is written;
 * - a submission received before the content in force (a slow file) → `superseded`: its content is
 *   not taken, but it may move `firstAcceptedAt` earlier;
 * - otherwise → `replaced`: the content, counts and version move on.
 */
export async function recordAccepted(input: AcceptedSubmission): Promise<RecordResult> {
  const { hash, gz } = encodeContent(input.submission);
  if (gz.length > MAX_CONTENT_BYTES) throw new ContentTooLarge(`${gz.length} bytes compressed`);
  // Content-addressed: when it exists, it is this very content.
  await putIf({ ...contentKey(input.mo, input.forDate, hash), mo: input.mo, forDate: input.forDate, receivedAt: input.receivedAt, source: input.source, content: gz });

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await getReceipt(input.mo, input.forDate);
    // The same file again (a message redelivered after its receipt was written): report what its
    // first pass did and write nothing — whether it then created, replaced or was superseded.
    if (input.file && current?.fileId === input.file.fileId) {
      return { outcome: current.contentHash !== hash ? 'superseded' : current.version === 1 ? 'created' : 'replaced', receipt: current };
    }
    if (current?.status === 'ACCEPTED' && current.contentHash === hash) return { outcome: 'unchanged', receipt: current };
    const at = input.receivedAt;
    const fileFields = input.file ? { fileId: input.file.fileId, protocolCsvKey: input.file.protocolCsvKey, protocolXlsxKey: input.file.protocolXlsxKey } : {};
    let next: HospReceipt;
    let outcome: RecordResult['outcome'];
    if (current?.status === 'ACCEPTED' && current.lastAcceptedAt && current.lastAcceptedAt > at) {
      outcome = 'superseded';
      next = {
        ...current,
        firstAcceptedAt: min(current.firstAcceptedAt, at),
        lastReceivedAt: max(current.lastReceivedAt, at),
        received: current.received + 1,
        ...fileFields,
      };
    } else {
      outcome = current?.status === 'ACCEPTED' ? 'replaced' : 'created';
      next = {
        ...(current ?? {}),
        region: input.region,
        mo: input.mo,
        forDate: input.forDate,
        status: 'ACCEPTED',
        source: input.source,
        firstAcceptedAt: min(current?.firstAcceptedAt, at),
        lastAcceptedAt: at,
        lastReceivedAt: max(current?.lastReceivedAt, at),
        lastOutcome: 'ACCEPTED',
        version: (current?.version ?? 0) + 1,
        counts: input.counts,
        contentHash: hash,
        received: (current?.received ?? 0) + 1,
        ...fileFields,
      };
    }
    if (await putReceipt(next, current)) return { outcome, receipt: next };
  }
  throw new Error(`receipt ${input.mo}/${input.forDate}: too many concurrent writers`);
}

export interface RejectedSubmission {
  region: string;
  mo: string;
  forDate: string;
  source: ReceiptSource;
  receivedAt: string;
  errors: number;
  file?: { fileId: string; protocolCsvKey?: string; protocolXlsxKey?: string };
}

/** Records a rejected submission: times and the latest protocol move, an accepted content never does. */
export async function recordRejected(input: RejectedSubmission): Promise<HospReceipt> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await getReceipt(input.mo, input.forDate);
    // A redelivered file that was already recorded changes nothing.
    if (input.file && current?.fileId === input.file.fileId && current.lastOutcome === 'REJECTED') return current;
    const fileFields = input.file ? { fileId: input.file.fileId, protocolCsvKey: input.file.protocolCsvKey, protocolXlsxKey: input.file.protocolXlsxKey } : {};
    const next: HospReceipt = current
      ? {
          ...current,
          lastReceivedAt: max(current.lastReceivedAt, input.receivedAt),
          lastOutcome: 'REJECTED',
          lastRejectedAt: max(current.lastRejectedAt, input.receivedAt),
          lastErrors: input.errors,
          received: current.received + 1,
          ...(current.status === 'REJECTED' ? { source: input.source } : {}),
          ...fileFields,
        }
      : {
          region: input.region,
          mo: input.mo,
          forDate: input.forDate,
          status: 'REJECTED',
          source: input.source,
          lastReceivedAt: input.receivedAt,
          lastOutcome: 'REJECTED',
          lastRejectedAt: input.receivedAt,
          lastErrors: input.errors,
          version: 0,
          received: 1,
          ...fileFields,
        };
    if (await putReceipt(next, current)) return next;
  }
  throw new Error(`receipt ${input.mo}/${input.forDate}: too many concurrent writers`);
}

const min = (a: string | undefined, b: string): string => (a && a < b ? a : b);
const max = (a: string | undefined, b: string): string => (a && a > b ? a : b);

/** Whole-item put, only over the version (and write count) it was computed from. */
async function putReceipt(next: HospReceipt, current: HospReceipt | undefined): Promise<boolean> {
  return putIf(
    { ...receiptKey(next.mo, next.forDate), gsi1pk: `HOSPDAY#${next.region}#${next.forDate}`, gsi1sk: next.mo, ...next },
    current ? 'version = :v AND received = :n' : 'attribute_not_exists(pk)',
    current ? { ':v': current.version, ':n': current.received } : undefined,
  );
}

// ---- uploads --------------------------------------------------------------------------------------

/** One item per processed file; a redelivery writes the same item again. */
export async function putUpload(upload: HospUpload): Promise<void> {
  await dynamoClient().send(new PutCommand({ TableName: mainTable(), Item: { pk: `HOSP#${upload.mo}`, sk: `FILE#${upload.receivedAt}#${upload.fileId}`, ...upload } }));
}

/** The MO's files received between two instants (ISO, inclusive), newest first. */
export async function uploadsOf(mo: string, fromInstant: string, toInstant: string): Promise<HospUpload[]> {
  const out: HospUpload[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `HOSP#${mo}`, ':from': `FILE#${fromInstant}`, ':to': `FILE#${toInstant}~` },
    ScanIndexForward: false,
  })) {
    for (const item of page) out.push(stripKeys<HospUpload>(item));
  }
  return out;
}

// ---- free beds ------------------------------------------------------------------------------------

export interface BedDay {
  date: string;
  free: number;
  releaseDate?: string;
}

export interface BedsOfProfile {
  region: string;
  profile: string;
  mo: string;
  forDate: string;
  /** Receipt instant of the submission the figures come from. */
  submittedAt: string;
  stamp: string;
  days: BedDay[];
}

/** Orders submissions of an MO: later day first, then later version of the same day. */
const bedsStamp = (forDate: string, version: number): string => `${forDate}#${String(version).padStart(6, '0')}`;

const bedsPk = (region: string) => `BEDS#${region}`;
const profileSk = (profile: string, mo: string) => `P#${profile}#${mo}`;
const moSk = (mo: string) => `MO#${mo}`;

/**
 * Makes the region's free-beds view show this submission of the MO, unless a newer one is already
 * shown. Every write is conditional on the stamp, so a repeat, a retry after a crash and a race
 * between two submissions all end with the newest one shown; items of profiles the MO no longer
 * reports are deleted (and hidden until they are).
 */
export async function applyFreeBeds(input: { region: string; mo: string; forDate: string; version: number; submittedAt: string; rows: readonly { profile: string; date: string; free: number; releaseDate?: string }[] }): Promise<'applied' | 'older'> {
  const pk = bedsPk(input.region);
  const stamp = bedsStamp(input.forDate, input.version);
  const pointer = (await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: { pk, sk: moSk(input.mo) }, ConsistentRead: true }))).Item;
  if (pointer && (pointer.stamp as string) > stamp) return 'older';
  // The pointer is written last: the same stamp means this very version is already shown in full.
  if (pointer?.stamp === stamp) return 'applied';

  const byProfile = new Map<string, BedDay[]>();
  for (const r of input.rows) {
    const days = byProfile.get(r.profile) ?? [];
    days.push({ date: r.date, free: r.free, ...(r.releaseDate ? { releaseDate: r.releaseDate } : {}) });
    byProfile.set(r.profile, days);
  }
  const newer = 'attribute_not_exists(pk) OR stamp <= :stamp';
  await forEachLimited([...byProfile.entries()], 8, async ([profile, days]) => {
    days.sort((a, b) => a.date.localeCompare(b.date));
    const item: BedsOfProfile = { region: input.region, profile, mo: input.mo, forDate: input.forDate, submittedAt: input.submittedAt, stamp, days };
    await putIf({ pk, sk: profileSk(profile, input.mo), ...item }, newer, { ':stamp': stamp });
  });
  const dropped = ((pointer?.profiles as string[] | undefined) ?? []).filter((p) => !byProfile.has(p));
  await forEachLimited(dropped, 8, async (profile) => {
    await deleteIfOlder({ pk, sk: profileSk(profile, input.mo) }, stamp);
  });
  const profiles = [...byProfile.keys()].sort();
  const moved = await putIf({ pk, sk: moSk(input.mo), region: input.region, mo: input.mo, forDate: input.forDate, submittedAt: input.submittedAt, stamp, profiles }, newer, { ':stamp': stamp });
  return moved ? 'applied' : 'older';
}

async function deleteIfOlder(key: { pk: string; sk: string }, stamp: string): Promise<void> {
  try {
    await dynamoClient().send(new DeleteCommand({ TableName: mainTable(), Key: key, ConditionExpression: 'stamp < :stamp', ExpressionAttributeValues: { ':stamp': stamp } }));
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The region's current free-beds view: every MO's latest figures, of one profile or of all. */
export async function freeBedsOf(region: string, profile?: string): Promise<BedsOfProfile[]> {
  const pk = bedsPk(region);
  const current = new Map<string, string>();
  const items: BedsOfProfile[] = [];
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :mo)',
    ExpressionAttributeValues: { ':pk': pk, ':mo': 'MO#' },
    ProjectionExpression: 'mo, stamp',
  })) {
    for (const p of page) current.set(p.mo as string, p.stamp as string);
  }
  for await (const page of queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': pk, ':p': profile ? `P#${profile}#` : 'P#' },
  })) {
    for (const item of page) {
      const beds = stripKeys<BedsOfProfile>(item);
      if (current.get(beds.mo) === beds.stamp) items.push(beds);
    }
  }
  return items;
}
