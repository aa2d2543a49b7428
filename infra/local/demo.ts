/**
 * `npm run demo`: the main job on the embedded default. Starts the local stack on free ports with a
 * fresh data folder, sends demo insured-person exports of four regions (windows-1251 CSV with a few
 * injected errors, and one XLSX) and a COVID register extract through the inbox, waits for the real
 * handlers to validate, load and group them, then prints what a TFOMS would check at stage 1.6 and
 * saves every ФЛК protocol under .local/demo/protocols/; then plays stages 2–3 and stage 4 (SMO
 * informing files) for region 39 and evaluates seed 000's schedule (obligations, violations) as if
 * its 2.2 deadline had passed. Then it keeps the stack and the web console (at the API's root)
 * running on the demo's data until Ctrl-C; with CI set or `--exit` it stops and exits instead.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FileStatus } from '../../shared/domain/records.js';
import { STATUS_RU } from '../../shared/flk/protocol.js';
import { readXlsxRows } from '../../shared/files/xlsx.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { COVID_COLUMNS, generateCovid, generateInsured, INSURED_COLUMNS, type InjectableError } from './testdata/generator.js';
import { fieldsOf, writeExport } from './testdata/write.js';
import { writeXlsxExport } from './testdata/xlsx-export.js';
import { fillAbonentWorkbook } from './testdata/abonent-fill.js';
import { ensureConsoleBuilt } from './console.js';
import { REPO_ROOT } from './endpoints.js';
import { DEMO_DATA_DIR, DEMO_DIR, stopOnSignal } from './serve.js';
import { demoToken } from './demo-users.js';
import { startLocalStack, type LocalStack } from './stack.js';
import { scheduledEvent } from './events.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { localDate } from '../../shared/domain/time.js';
import { daysBetween, parseSchedule, shiftSchedule } from '../../shared/obligations/schedule.js';

/** CI and tests need the demo to end; a person watching it gets the console afterwards. */
const keepServing = !process.env.CI && !process.argv.includes('--exit');
const ref = loadReferenceData();
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;

const EXPORTS: Array<{ region: string; rows: number; format: 'csv' | 'xlsx'; errors?: Partial<Record<InjectableError, number>> }> = [
  { region: '77', rows: 4000, format: 'csv', errors: { ENP_CHECKSUM: 2, SNILS_CHECKSUM: 2, DATE_IMPOSSIBLE: 1, MO_OTHER_REGION: 1, ENP_DUPLICATE: 2, ENP_FACET_MISMATCH: 1 } },
  { region: '23', rows: 2000, format: 'csv', errors: { REQUIRED_MISSING: 2, W_INVALID: 1, SMO_UNKNOWN: 1 } },
  { region: '39', rows: 1500, format: 'csv' },
  { region: '41', rows: 500, format: 'xlsx' },
];

async function main() {
  // The demo prints its own summary; handler logs would bury it (npm start keeps them).
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  rmSync(DEMO_DIR, { recursive: true, force: true });
  const inDir = join(DEMO_DIR, 'in');
  const outDir = join(DEMO_DIR, 'protocols');
  mkdirSync(inDir, { recursive: true });
  mkdirSync(outDir, { recursive: true });
  const dataDir = DEMO_DATA_DIR;
  // Built before the stack starts (the same check as npm start), so the console is there at once.
  const consoleDir = keepServing ? await ensureConsoleBuilt(() => console.log('Сборка веб-консоли (web/ → web/dist) …')) : undefined;

  console.log('Запуск локального стенда (dynalite, s3rver, fauxqs) …');
  const stack = await startLocalStack({ dataDir, ports: { dynamodb: 0, s3: 0, sqs: 0, api: 0 }, endpointsFile: null, log: () => undefined, consoleDir });
  const e = stack.endpoints;
  if (consoleDir) console.log(`Веб-консоль: ${e.api.url}/ (данные появятся по ходу демонстрации).`);
  const s3 = new S3Client({ endpoint: e.s3.endpoint, forcePathStyle: true, region: e.region, credentials: e.credentials });
  const started = Date.now();
  let serving = false;
  try {
    const uploads: Array<{ key: string; path: string }> = [];
    for (const x of EXPORTS) {
      const name = `export-${x.region}.${x.format}`;
      const path = join(inDir, name);
      const rows = fieldsOf(generateInsured({ region: x.region, rows: x.rows, seed: 2026, ref, errors: x.errors }));
      if (x.format === 'csv') await writeExport(path, rows, INSURED_COLUMNS, 'windows-1251', { eol: '\r\n' });
      else await writeXlsxExport(path, INSURED_COLUMNS, rows);
      uploads.push({ key: `${x.region}/insured/${name}`, path });
    }
    const covidPath = join(inDir, 'covid-register.csv');
    const covid = EXPORTS.flatMap((x) =>
      [...generateCovid({ region: x.region, rows: x.rows, seed: 2026, ref, errors: x.errors, referenceDate: campaign.referenceDate })].map((r) => r.fields),
    );
    await writeExport(covidPath, covid, COVID_COLUMNS, 'utf-8');

    console.log(`Отправка ${uploads.length} выгрузок ТФОМС во входящий бакет …`);
    for (const u of uploads) await put(s3, e.s3.buckets.inbox!, u.key, u.path);
    await stack.waitForIdle({ timeoutMs: 600_000 });
    console.log('Отправка выписки из регистра COVID-19 (ФОМС) …');
    await put(s3, e.s3.buckets.inbox!, 'federal/covid/covid-register.csv', covidPath);
    await stack.waitForIdle({ timeoutMs: 600_000 });
    console.log(`Обработано за ${Math.round((Date.now() - started) / 1000)} с.\n`);

    const api = async (path: string, org: string) => {
      const token = await demoToken({ org }, dataDir);
      const res = await fetch(`${e.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return (await res.json()) as any;
    };

    console.log('Полученные файлы и ФЛК');
    const fileRows = [];
    for (const sender of [...EXPORTS.map((x) => x.region), 'federal']) {
      const org = sender === 'federal' ? 'FOMS' : sender;
      for (const f of (await api(`/v1/regions/${sender}/files`, org)).files) {
        fileRows.push({ файл: f.key, статус: STATUS_RU[f.status as FileStatus] ?? f.status, строк: f.rows, принято: f.acceptedRows, отклонено: f.rejectedRows, предупреждений: f.warnings });
        for (const key of [f.protocolCsvKey, f.protocolXlsxKey]) {
          const out = await s3.send(new GetObjectCommand({ Bucket: e.s3.buckets.outbox, Key: key }));
          const target = join(outDir, key.replace(/\//g, '__'));
          writeFileSync(target, await out.Body!.transformToByteArray());
        }
      }
    }
    console.table(fileRows);

    console.log(`\nПроверка списков (этап 1.6), кампания «${campaign.name}», дата отсчёта ${campaign.referenceDate}`);
    const groupRows = [];
    for (const x of EXPORTS) {
      const s = await api(`/v1/campaigns/${campaign.id}/regions/${x.region}/summary`, x.region);
      const ex = Object.fromEntries(s.exclusions.map((v: any) => [v.label, v.count]));
      groupRows.push({ регион: `${x.region} ${s.region.name}`, лиц: s.persons, 'гр.1': s.byGroup['1'], 'гр.2': s.byGroup['2'], 'гр.3': s.byGroup['3'], 'гр.4': s.byGroup['4'], исключено: s.persons - s.eligible, ...ex });
    }
    console.table(groupRows);

    const moscow = await api(`/v1/campaigns/${campaign.id}/regions/77/summary`, '77');
    console.log('\nМосква: первые МО по числу лиц в группах 1–4');
    console.table(
      [...moscow.byMo].sort((a: any, b: any) => b.total - a.total).slice(0, 5).map((m: any) => ({ МО: m.code, наименование: m.name, 'гр.1': m.byGroup['1'], 'гр.2': m.byGroup['2'], 'гр.3': m.byGroup['3'], 'гр.4': m.byGroup['4'] })),
    );

    const mo = await stages2and3(e.api.url, dataDir, stack.waitForIdle);
    await stage4(e.api.url, dataDir, stack.waitForIdle);
    await obligations(e.api.url, dataDir, stack);

    console.log(`\nФЛК-протоколы (CSV и XLSX) сохранены в ${outDir}`);
    console.log(`Абонентский пункт МО (выданный и заполненный) и итоговые списки: ${join(DEMO_DIR, 'abonent')}`);
    console.log(`Файл СМО для информирования: ${join(DEMO_DIR, 'informing')}`);
    console.log(`Исходные выгрузки: ${inDir}`);
    if (!keepServing) {
      console.log('Дальше: npm start -- --demo — эти же данные на постоянных портах; npm run token -- --org 77 — токен для API.');
      return;
    }
    console.log(`
Демонстрация закончена. Стенд и веб-консоль продолжают работать на её данных (${dataDir}) до Ctrl-C.
  Веб-консоль  ${e.api.url}/
  На странице входа тестового стенда выберите, например:
    «ТФОМС Калининградской области (39) — сотрудник фонда» — полученные файлы, ФЛК, реестр, нарушения;
    «МО ${mo.name} — руководитель» (${mo.code}) — абонентский пункт, который МО заполнила в демонстрации;
    «ФОМС — сотрудник фонда» — нарушения по регионам.
  API          ${e.api.url}   (OpenAPI: ${e.api.openapi})
Позже те же данные откроет npm start -- --demo (на постоянных портах); npm run demo заново создаёт их с нуля.`);
    stopOnSignal(stack, (signal) => `\n${signal}: остановка стенда демонстрации (ждём работающие обработчики) …`);
    serving = true;
  } finally {
    if (!serving) await stack.stop();
  }
}

/**
 * Stages 2–3 for region 39: the TFOMS forms batch 1–2, the MO with the most persons downloads its
 * file through a signed URL, fills it and returns it through a signed PUT URL, FOMS forms the
 * registry, the TFOMS checks and approves it, final lists are saved.
 */
async function stages2and3(apiUrl: string, dataDir: string, waitForIdle: (o: { timeoutMs: number }) => Promise<void>): Promise<{ code: string; name: string }> {
  const call = apiCaller(apiUrl, dataDir);
  const dir = join(DEMO_DIR, 'abonent');
  mkdirSync(dir, { recursive: true });
  const stage = `/v1/campaigns/${campaign.id}/regions/39/batches/12`;
  console.log(`\nЭтап 2 (группы 1–2), регион 39: ТФОМС формирует абонентские пункты МО …`);
  await call('39', 'POST', `${stage}/forming`);
  await waitForIdle({ timeoutMs: 600_000 });
  const progress = (await call('39', 'GET', stage)).progress;
  console.log(`Сформировано файлов: ${progress.formed} (МО без лиц групп 1–2: ${progress.empty}, ошибок: ${progress.failed}) из ${progress.mos} МО.`);
  const mos = (await call('39', 'GET', `${stage}/mos`)).mos.filter((m: any) => m.status === 'FORMED');
  const mo = [...mos].sort((a: any, b: any) => b.rows - a.rows)[0];
  const file = (await call(mo.mo, 'GET', `/v1/orgs/${mo.mo}/abonent-files`)).files[0];
  const formed = Buffer.from(await (await fetch((await call(mo.mo, 'GET', `/v1/orgs/${mo.mo}/abonent-files/${file.fileId}/download`)).url)).arrayBuffer());
  const filled = await fillAbonentWorkbook(formed, campaign.plan!.examWindow, { refuseEvery: 4 });
  writeFileSync(join(dir, `${mo.mo}-выдан.xlsx`), formed);
  writeFileSync(join(dir, `${mo.mo}-заполнен.xlsx`), filled);
  const grant = await call(mo.mo, 'POST', `/v1/orgs/${mo.mo}/abonent-files/${file.fileId}/returns`, { size: filled.length });
  await fetch(grant.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.headers['content-type'] }, body: filled });
  await waitForIdle({ timeoutMs: 600_000 });
  const ret = (await call(mo.mo, 'GET', `/v1/orgs/${mo.mo}/abonent-files/${file.fileId}/returns`)).returns[0];
  console.log(`МО ${mo.mo} (${mo.name}) заполнила и вернула файл: ${STATUS_RU[ret.status as FileStatus] ?? ret.status}, строк ${ret.rows}, принято ${ret.acceptedRows}.`);
  await call('FOMS', 'POST', `${stage}/registry`);
  const registry = (await call('39', 'GET', `${stage}/registry`)).registry;
  console.log(`ФОМС сформировал реестр; проверка ТФОМС: лиц ${registry.persons}, с датой ${registry.withDate}, без даты ${registry.withoutDate}, МО не вернули файл: ${registry.notReturned.length}.`);
  console.table(registry.mos.filter((m: any) => m.returned).map((m: any) => ({ МО: m.mo, лиц: m.persons, принято: m.accepted, 'с датой': m.withDate, ...m.byMark })));
  await call('39', 'POST', `${stage}/registry/approve`);
  await waitForIdle({ timeoutMs: 600_000 });
  const list = Buffer.from(await (await fetch((await call('39', 'GET', `${stage}/final-list`)).url)).arrayBuffer());
  writeFileSync(join(dir, 'итоговый-список-39.xlsx'), list);
  console.log('ТФОМС утвердил реестр: итоговые списки сформированы.');
  return { code: mo.mo, name: mo.name };
}

/**
 * Obligations: FOMS loads seed 000's schedule replayed for the demo campaign (2.1 = today in
 * Kaliningrad), then the 15-minute clock is fired as if it were just past the 2.2/2.3 deadline.
 */
async function obligations(apiUrl: string, dataDir: string, stack: LocalStack) {
  const call = apiCaller(apiUrl, dataDir);
  const zone = ref.regions.get('39')!.timeZone;
  const today = localDate(new Date(), zone);
  const seed = parseSchedule(JSON.parse(readFileSync(join(REPO_ROOT, 'shared/reference/data/schedules/ud-2021.json'), 'utf8')));
  if (!seed.ok) throw new Error(seed.errors.join('; '));
  const schedule = shiftSchedule(seed.schedule, daysBetween('2021-06-15', today), campaign.id);
  const loaded = await call('FOMS', 'PUT', `/v1/campaigns/${campaign.id}/schedule`, schedule);
  await stack.waitForIdle({ timeoutMs: 600_000 });
  console.log(`\nОбязательства: ФОМС загрузил график письма ФОМС (seed 000), сдвинутый на сегодня (версия ${loaded.version}, регионов ${loaded.regionsPlanned}).`);
  const returnBy = schedule.steps.find((st) => st.step === '2.2')!.due as { date: string; time: string };
  const after = new Date(Date.parse(deadlineInstant(returnBy.date, returnBy.time, zone)) + 60_000);
  await stack.invoke('obligations-clock', scheduledEvent('obligations-every-15-min', after));
  await stack.waitForIdle({ timeoutMs: 600_000 });
  console.log(`Часы переведены на ${after.toISOString()} (срок п. 2.2 «до ${returnBy.date}» по времени ${zone} истёк):`);
  const open = (await call('39', 'GET', '/v1/regions/39/obligations')).obligations as any[];
  // Decided obligations are listed by the month of their deadline: every month the schedule spans.
  const months = [...new Set(schedule.steps.map((st) => (st.due && 'date' in st.due ? st.due.date.slice(0, 7) : today.slice(0, 7))))];
  const closed = (await Promise.all(months.map(async (m) => (await call('39', 'GET', `/v1/regions/39/obligations?month=${m}`)).obligations as any[]))).flat();
  const steps = [...open, ...closed].filter((o) => o.kind === 'campaign-step');
  const rows = new Map<string, Record<string, number | string>>();
  for (const o of steps.sort((a, b) => a.step.localeCompare(b.step, 'ru', { numeric: true }))) {
    const row: Record<string, number | string> = rows.get(o.step) ?? { пункт: o.step, ответственный: o.party.type };
    row[o.stateLabel] = ((row[o.stateLabel] as number | undefined) ?? 0) + 1;
    rows.set(o.step, row);
  }
  console.table([...rows.values()]);
  const violations = (await call('39', 'GET', '/v1/regions/39/violations')).violations as any[];
  const byDuty = new Map<string, number>();
  for (const v of violations) {
    const duty = v.obligationId.startsWith('h.') ? `сведения о госпитализации за ${v.obligationId.split('.')[1]}` : `п. ${v.obligationId.split('.').slice(2, 4).join('.')}`;
    byDuty.set(duty, (byDuty.get(duty) ?? 0) + 1);
  }
  console.log(`Нарушений: ${violations.length} (${[...byDuty].map(([d, n]) => `${d}: ${n}`).join('; ')}); уведомления получили ответственные и ТФОМС 39 (очередь notifications → outbox notifications/…).`);
  if (violations[0]) console.log(`Пример: ${violations[0].title} — ${violations[0].evidence}`);
}

/** The demo's API client: calls as the head (or a registered user) of `org`, returns the JSON body. */
function apiCaller(apiUrl: string, dataDir: string) {
  return async (org: string, method: string, path: string, body?: unknown) => {
    const token = await demoToken({ org }, dataDir);
    const res = await fetch(`${apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return (await res.json()) as any;
  };
}

/**
 * Stage 4 for region 39: the TFOMS registers the region's SMOs (F002) and forms their informing
 * files for the approved batch; each SMO's file is listed, one SMO downloads its XLSX,
 * acknowledges receipt and reports its first informing result (4.3).
 */
async function stage4(apiUrl: string, dataDir: string, waitForIdle: (o: { timeoutMs: number }) => Promise<void>) {
  const call = apiCaller(apiUrl, dataDir);
  const dir = join(DEMO_DIR, 'informing');
  mkdirSync(dir, { recursive: true });
  const stage = `/v1/campaigns/${campaign.id}/regions/39/batches/12`;
  const smos = [...ref.smos.values()].filter((x) => x.region === '39').map((x) => x.code).sort();
  for (const smo of smos) await call('39', 'PUT', `/v1/regions/39/smos/${smo}`, { contacts: { email: `inform-${smo}@example.ru` } });
  await call('39', 'POST', `${stage}/informing`);
  await waitForIdle({ timeoutMs: 600_000 });
  const informing = await call('39', 'GET', `${stage}/informing`);
  console.log(`\nЭтап 4, регион 39: ТФОМС зарегистрировал СМО (${smos.join(', ')}) и сформировал файлы для информирования: ${informing.progress.done} из ${informing.progress.smos}.`);
  console.table(informing.smos.map((x: any) => ({ СМО: x.smo, статус: x.status, версия: x.version, лиц: x.rows })));
  const smo = [...informing.smos].sort((a: any, b: any) => (b.rows ?? 0) - (a.rows ?? 0))[0];
  const file = (await call(smo.smo, 'GET', `/v1/orgs/${smo.smo}/informing-files`)).files[0];
  const xlsx = Buffer.from(await (await fetch((await call(smo.smo, 'GET', `/v1/orgs/${smo.smo}/informing-files/${file.fileId}/download`)).url)).arrayBuffer());
  writeFileSync(join(dir, `${smo.smo}-информирование-v${file.version}.xlsx`), xlsx);
  const ack = await call(smo.smo, 'POST', `/v1/orgs/${smo.smo}/informing-files/${file.fileId}/acknowledge`);
  console.log(`СМО ${smo.smo} скачала свой файл (${file.rows} лиц, по ссылке на 5 минут) и подтвердила получение ${ack.acknowledgedAt}.`);
  // Seed 000 4.3 «Начало информирования»: met by the SMO's first informing result, not by the download.
  let enp = '';
  for await (const row of readXlsxRows(Readable.from(xlsx))) if (!enp && /^\d{16}$/.test(row[1] ?? '')) enp = row[1]!;
  const today = localDate(new Date(), ref.regions.get('39')!.timeZone);
  const reported = await call(smo.smo, 'POST', `/v1/orgs/${smo.smo}/informing-results/${campaign.id}`, { rows: [{ enp, date: today, channel: '03', result: '1' }] });
  console.log(`СМО ${smo.smo} сообщила первый результат информирования (принято строк: ${reported.accepted}): п. 4.3 для неё выполнен; другие СМО результатов не сообщали.`);
}

async function put(s3: S3Client, bucket: string, key: string, path: string) {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(path) }));
}

await main();
