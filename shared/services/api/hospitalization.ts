import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { config } from '../../config.js';
import { signedGetUrl } from '../../adapters/s3-signing.js';
import { freeBedsOf, receiptsOf, uploadsOf } from '../../adapters/store/hospitalization.js';
import { CSV_COLUMNS } from '../../hospitalization/csv.js';
import { addDays } from '../../domain/groups.js';
import { dueInstantOf, reportingDay } from '../../hospitalization/day.js';
import { hospitalizationUploadKey, newHospUploadId } from '../../hospitalization/keys.js';
import { loadReferenceData } from '../../reference/load.js';
import type { MedicalOrganization } from '../../reference/types.js';
import { complianceOfDay, writeComplianceReport } from '../hospitalization/compliance.js';
import { formDayOf, knownMo, maxFileBytes, submitJson } from '../hospitalization/submissions.js';
import { obligationsOf } from '../../hospitalization/submission.js';
import type { ComplianceStatus } from '../../hospitalization/compliance.js';
import { audit } from './audit.js';
import { ApiError, ok, parseBody, principalOf, type ApiRequest, type RouteHandler } from './http.js';
import { checkUploadSize, inboxUploadGrant } from './uploads.js';
import { dateQuery, pageOf, pathRegion } from './params.js';

const SUB = '/v1/orgs/{org}/hospitalization';
const REG = '/v1/regions/{region}/hospitalization';
const CSV = 'text/csv';
const DOWNLOAD_SECONDS = 300;
/** Longest `from`…`to` of the receipts list. */
const MAX_RANGE_DAYS = 92;
/** Rows per page of the region-wide lists (a region has up to 9,000 MOs). */
const PAGE_ROWS = 500;
const STATUSES: readonly ComplianceStatus[] = ['в срок', 'с опозданием', 'нет сведений'];

function statusQuery(request: ApiRequest): ComplianceStatus | undefined {
  const value = request.query.status;
  if (value === undefined || value === '') return undefined;
  if (!(STATUSES as string[]).includes(value)) throw new ApiError(400, 'BAD_STATUS', `Параметр status: «${value.slice(0, 40)}» — одно из: ${STATUSES.join(', ')}.`);
  return value as ComplianceStatus;
}

export const HospitalizationUploadRequest = z.object({ size: z.number().int().positive().describe('Точный размер файла в байтах (подписывается в ссылке)') });

async function moParam(request: ApiRequest): Promise<MedicalOrganization> {
  const code = request.pathParameters.org ?? '';
  const mo = await knownMo(code);
  if (!mo) throw new ApiError(404, 'MO_NOT_FOUND', `МО ${code} не найдена в реестре медицинских организаций (F003).`);
  return mo;
}



/** The planned-hospitalization resource (DOMAIN.md §4, seed 004). Access rules: shared/runtime/api-routes.ts. */
export const HOSPITALIZATION_HANDLERS: Record<string, RouteHandler> = {
  [`POST ${SUB}/submissions`]: async (request) => {
    const mo = await moParam(request);
    const protocol = await submitJson({ mo, body: request.body, at: new Date() });
    return { statusCode: protocol.status === 'ACCEPTED' ? 200 : 422, body: protocol };
  },

  // What the MO's form needs to check a day with the server's own rules before sending it.
  [`GET ${SUB}/form`]: async (request) => {
    const mo = await moParam(request);
    const now = new Date();
    const { region, today, forDate, horizon, calendar } = await formDayOf(mo, now);
    const ref = loadReferenceData();
    const codes = (m: ReadonlyMap<string, { code: string; name: string }>) => [...m.values()].map(({ code, name }) => ({ code, name }));
    return ok({
      mo: { code: mo.code, name: mo.name, region: mo.region, primaryCare: mo.primaryCare, dayHospital: mo.dayHospital, specializedInpatient: mo.specializedInpatient },
      timeZone: region.timeZone,
      today,
      forDate,
      dueAt: dueInstantOf(forDate, region.timeZone),
      horizon,
      sections: obligationsOf(mo).sections,
      bedProfiles: codes(ref.bedProfiles),
      reasons: codes(ref.hospitalizationReasons),
      columns: CSV_COLUMNS,
      ...(calendar ? { calendar } : {}),
    });
  },

  [`GET ${SUB}/submissions`]: async (request) => {
    const mo = await moParam(request);
    const zone = loadReferenceData().regions.get(mo.region)!.timeZone;
    const { today } = reportingDay(new Date(), zone);
    const to = dateQuery(request, 'to', today);
    const from = dateQuery(request, 'from', addDays(to, -13));
    if (from > to) throw new ApiError(400, 'BAD_RANGE', `Параметры from и to: ${from} позже ${to}.`);
    if (Date.parse(to) - Date.parse(from) > MAX_RANGE_DAYS * 86_400_000) throw new ApiError(400, 'BAD_RANGE', `Параметры from и to: не больше ${MAX_RANGE_DAYS} дней за один запрос.`);
    const days = await receiptsOf(mo.code, from, to);
    // Files are listed by receipt instant (UTC): a day’s file arrives the next local day; the window is
    // a little wider so that no zone offset cuts one off.
    const files = (await uploadsOf(mo.code, `${from}T00:00:00`, `${addDays(to, 3)}T23:59:59`)).filter((u) => u.forDate >= from && u.forDate <= to);
    const outbox = config.bucket('outbox');
    const link = async (csv?: string, xlsx?: string) => (csv && xlsx ? { csvUrl: await signedGetUrl(outbox, csv), xlsxUrl: await signedGetUrl(outbox, xlsx) } : null);
    // Protocols quote the MO's rows (ЕНП: personal data): handing out their links is an access.
    if (days.some((d) => d.protocolCsvKey) || files.some((f) => f.protocolCsvKey)) {
      await audit(request, principalOf(request), 'protocol-url', `${mo.code}/hospitalization/${from}..${to}`, 'ФЛК-протоколы сведений о плановой госпитализации');
    }
    return ok({
      mo: mo.code,
      from,
      to,
      days: await Promise.all(
        days.reverse().map(async ({ protocolCsvKey, protocolXlsxKey, contentHash: _h, ...d }) => ({ ...d, protocol: await link(protocolCsvKey, protocolXlsxKey) })),
      ),
      files: await Promise.all(files.map(async ({ protocolCsvKey, protocolXlsxKey, key: _k, ...f }) => ({ ...f, protocol: await link(protocolCsvKey, protocolXlsxKey) }))),
    });
  },

  [`POST ${SUB}/uploads`]: async (request) => {
    const mo = await moParam(request);
    const { size } = parseBody(HospitalizationUploadRequest, request.body);
    const max = maxFileBytes();
    checkUploadSize(size, max);
    // The server picks the key: one new object in this MO's hospitalization folder, nothing else.
    const uploadId = newHospUploadId(new Date(), randomBytes(4).toString('hex'));
    const key = hospitalizationUploadKey(mo.code, uploadId);
    return inboxUploadGrant(request, {
      key,
      contentType: CSV,
      size,
      maxBytes: max,
      audit: { action: 'hospitalization-upload-url', subject: uploadId, reason: `Сведения о плановой госпитализации, ключ ${key}` },
      extra: { uploadId, columns: CSV_COLUMNS },
    });
  },

  [`GET ${REG}/free-beds`]: async (request) => {
    const region = pathRegion(request);
    const ref = loadReferenceData();
    const date = dateQuery(request, 'date', reportingDay(new Date(), region.timeZone).today);
    const profile = request.query.profile || undefined;
    if (profile !== undefined && !ref.bedProfiles.has(profile)) throw new ApiError(400, 'BAD_PROFILE', `Параметр profile: «${profile}» — нет в справочнике профилей коек.`);
    const beds = [];
    for (const item of await freeBedsOf(region.code, profile)) {
      const day = item.days.find((d) => d.date === date);
      if (!day || day.free <= 0) continue;
      beds.push({
        profile: item.profile,
        profileName: ref.bedProfiles.get(item.profile)?.name ?? null,
        mo: item.mo,
        moName: ref.mos.get(item.mo)?.name ?? null,
        free: day.free,
        releaseDate: day.releaseDate ?? null,
        forDate: item.forDate,
        submittedAt: item.submittedAt,
      });
    }
    beds.sort((a, b) => a.profile.localeCompare(b.profile, 'en', { numeric: true }) || b.free - a.free || a.mo.localeCompare(b.mo));
    const totals = new Map<string, { profile: string; profileName: string | null; free: number; mos: number }>();
    for (const b of beds) {
      const t = totals.get(b.profile) ?? { profile: b.profile, profileName: b.profileName, free: 0, mos: 0 };
      t.free += b.free;
      t.mos += 1;
      totals.set(b.profile, t);
    }
    const page = pageOf(beds, request, PAGE_ROWS);
    return ok({ region: region.code, date, profile: profile ?? null, beds: page.items, cursor: page.cursor, totals: [...totals.values()] });
  },

  [`GET ${REG}/compliance`]: async (request) => {
    const region = pathRegion(request);
    const now = new Date();
    const forDate = dateQuery(request, 'date', reportingDay(now, region.timeZone).forDate);
    const status = statusQuery(request);
    const day = await complianceOfDay(region.code, forDate, now);
    const page = pageOf(status ? day.rows.filter((r) => r.status === status) : day.rows, request, PAGE_ROWS);
    // The report of the whole day is written once per reading of the list, on its first page.
    const first = !request.query.cursor;
    const key = first ? await writeComplianceReport(day) : undefined;
    const report = key ? { key, url: await signedGetUrl(config.bucket('outbox'), key, DOWNLOAD_SECONDS, `Плановая_госпитализация_${region.code}_${forDate}.xlsx`), expiresInSeconds: DOWNLOAD_SECONDS } : null;
    return ok({ ...day, status: status ?? null, rows: page.items, cursor: page.cursor, report });
  },
};
