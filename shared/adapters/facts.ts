import type { BatchId } from '../domain/records.js';
import type { Fact, Obligation } from '../obligations/model.js';
import type { FactSource } from '../obligations/ports.js';
import { filesSince } from './store/files.js';
import { regionStats } from './store/groups.js';
import { receiptsOfDay } from './store/hospitalization.js';
import { getStage, moFilesOf, type MoFile, type Stage } from './store/stages.js';
import { informingStartsOf } from './store/informing-start.js';
import { fileReceipt, informingStartedFact, smoFileGate } from '../obligations/smo-facts.js';
import { informingStateOf, registeredSmosOf, type InformingState } from './store/informing.js';
import { profilesOf } from './store/users.js';
import { calendarVersions } from './store/calendar.js';
import { shippedCalendarYears } from '../calendar/load.js';
import { targetReportsOf } from './store/target-reports.js';

/**
 * Facts for obligations, read from what the system already records: inbox files, group stats,
 * users, stage 2–3 state and MO files, SMO registry and informing files, the SMOs' first informing
 * results, daily hospitalization receipts. Every lookup is per
 * region and memoized for one evaluation, so a region costs a handful of queries however many
 * MOs it has. Times are those of the events (file received, return received, registry formed).
 */
export function dynamoFactSource(): FactSource {
  return {
    async factsFor(region, obligations) {
      const memo = new Map<string, Promise<unknown>>();
      const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
        if (!memo.has(key)) memo.set(key, load());
        return memo.get(key) as Promise<T>;
      };
      const stage = (ob: Obligation) => once(`stage:${ob.campaignId}:${ob.batch}`, () => getStage(stageRef(ob, region)));
      const moFiles = (ob: Obligation) => once(`mos:${ob.campaignId}:${ob.batch}`, () => moFilesOf(stageRef(ob, region)));
      const informing = (ob: Obligation) => once(`smo:${ob.campaignId}:${ob.batch}`, () => informingStateOf(stageRef(ob, region)));
      const out = new Map<string, Fact>();
      for (const ob of obligations) {
        out.set(ob.id, await factOf(ob, region, { stage, moFiles, informing, once }));
      }
      return out;
    },
  };
}

interface Lookups {
  stage(ob: Obligation): Promise<Stage | undefined>;
  moFiles(ob: Obligation): Promise<MoFile[]>;
  informing(ob: Obligation): Promise<InformingState | undefined>;
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

function stageRef(ob: Obligation, region: string) {
  if (!ob.campaignId || !ob.batch) throw new Error(`obligation ${ob.id}: a stage fact needs campaign and batch`);
  return { campaignId: ob.campaignId, region, batch: ob.batch as BatchId };
}

const met = (at: string, evidence: string): Fact => ({ status: 'met', at, evidence });
const notMet = (evidence: string): Fact => ({ status: 'not-met', evidence });
const fmt = (iso: string) => iso.replace('T', ' ').slice(0, 16) + ' UTC';
const latest = (times: string[]) => times.reduce((a, b) => (b > a ? b : a));
const earliest = (times: string[]) => times.reduce((a, b) => (b < a ? b : a));
const isAccepted = (status: string | undefined) => status === 'ACCEPTED' || status === 'PARTIAL';

async function factOf(ob: Obligation, region: string, l: Lookups): Promise<Fact> {
  switch (ob.metBy) {
    case 'insured-accepted': {
      const times = await l.once('insured', async () => {
        const out: string[] = [];
        for await (const f of filesSince(region, '')) if (f.kind === 'insured' && isAccepted(f.status)) out.push(f.receivedAt);
        return out;
      });
      return times.length ? met(earliest(times), `выгрузка получена ${fmt(earliest(times))} и принята`) : notMet('принятой выгрузки застрахованных лиц нет');
    }
    case 'tfoms-users': {
      const users = await l.once('tfoms-users', () => profilesOf(region));
      const at = users.filter((u) => u.active).map((u) => u.createdAt);
      return at.length ? met(earliest(at), `пользователей ТФОМС: ${at.length}`) : notMet('ни одного пользователя ТФОМС не зарегистрировано');
    }
    case 'groups-computed': {
      const stats = await l.once(`stats:${ob.campaignId}`, () => regionStats(ob.campaignId!, region));
      return stats.shards && stats.computedAt
        ? met(stats.computedAt, `группы определены (${stats.shards} частей), последний расчёт ${fmt(stats.computedAt)}`)
        : notMet('списки региона не загружены, группы не определены');
    }
    case 'confirmation':
      return ob.confirmation ? met(ob.confirmation.at, `подтвердил ${ob.confirmation.by} (${ob.confirmation.org}): ${ob.confirmation.note}`) : notMet('исполнение не подтверждено');
    case 'files-formed': {
      const stage = await l.stage(ob);
      if (!stage) return notMet('формирование файлов не начато');
      const files = await l.moFiles(ob);
      const pending = files.filter((f) => f.status === 'PENDING' || f.status === 'FAILED');
      if (pending.length || !files.length) return notMet(`файлы сформированы не для всех МО: ${files.length - pending.length} из ${files.length}`);
      const times = files.map((f) => f.formedAt).filter((t): t is string => Boolean(t));
      return met(times.length ? latest(times) : stage.updatedAt, `файлы сформированы для ${files.length} МО`);
    }
    case 'mo-file-returned': {
      const stage = await l.stage(ob);
      if (!stage) return { status: 'blocked', evidence: 'файлы «абонентский пункт» ещё не сформированы (п. x.1)' };
      const file = (await l.moFiles(ob)).find((f) => f.mo === ob.party.code);
      if (!file) return { status: 'not-applicable', evidence: 'у МО нет прикреплённых лиц этих групп' };
      if (file.status === 'EMPTY') return { status: 'not-applicable', evidence: 'файл МО пуст: нет лиц этих групп' };
      if (file.status !== 'FORMED') return { status: 'blocked', evidence: 'файл МО ещё не сформирован' };
      if (file.returned && isAccepted(file.returned.status)) return met(file.returned.receivedAt, `файл ${file.fileId} возвращён ${fmt(file.returned.receivedAt)} и принят`);
      return notMet(file.returned ? `файл ${file.fileId} возвращён, но не принят (${file.returned.status}): см. протокол ФЛК` : `файл ${file.fileId} не возвращён`);
    }
    case 'returns-loaded': {
      if (!(await l.stage(ob))) return notMet('файлы «абонентский пункт» не сформированы');
      const files = (await l.moFiles(ob)).filter((f) => f.status !== 'EMPTY');
      const missing = files.filter((f) => !(f.returned && isAccepted(f.returned.status))).map((f) => f.mo);
      if (missing.length) return notMet(`не загружены файлы ${missing.length} МО из ${files.length}: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? '…' : ''}`);
      const times = files.map((f) => f.returned!.receivedAt);
      return times.length ? met(latest(times), `загружены файлы всех ${files.length} МО`) : notMet('нет сформированных файлов МО');
    }
    case 'registry-open':
    case 'registry-approved': {
      const stage = await l.stage(ob);
      const action = ob.metBy === 'registry-open' ? 'form-registry' : 'approve';
      const event = stage?.history.find((e) => e.action === action);
      if (!event) return notMet(ob.metBy === 'registry-open' ? 'реестр не сформирован' : 'реестр не утверждён');
      return met(event.at, `${ob.metBy === 'registry-open' ? 'реестр сформирован' : 'реестр утверждён'} ${fmt(event.at)} (${event.org})`);
    }
    case 'smo-registered': {
      const smos = (await l.once('smos', () => registeredSmosOf(region))).filter((s) => s.active);
      if (!smos.length) return notMet('не зарегистрирована ни одна СМО региона');
      return met(earliest(smos.map((s) => s.registeredAt)), `зарегистрированы СМО: ${smos.map((s) => s.code).join(', ')}`);
    }
    case 'smo-files-formed': {
      const state = await l.informing(ob);
      if (!state) return notMet('формирование файлов для СМО не начато');
      if (state.firstCompletedAt) return met(state.firstCompletedAt, `файлы сформированы для ${state.smos.length} СМО ${fmt(state.firstCompletedAt)}`);
      const done = state.smos.filter((s) => s.status !== 'PENDING' && s.status !== 'FAILED').length;
      return notMet(`файлы сформированы не для всех СМО: ${done} из ${state.smos.length}`);
    }
    case 'smo-file-fetched': {
      const state = await l.informing(ob);
      const file = state?.smos.find((s) => s.smo === ob.party.code);
      const gate = smoFileGate(!!state, file);
      if (gate) return gate;
      return file!.anyDownloadedAt ? met(file!.anyDownloadedAt, fileReceipt(file!)) : notMet(fileReceipt(file!));
    }
    case 'smo-informing-started': {
      const state = await l.informing(ob);
      const starts = await l.once(`starts:${ob.campaignId}`, () => informingStartsOf(ob.campaignId!, region));
      const start = starts.find((s) => s.batch === ob.batch && s.smo === ob.party.code);
      return informingStartedFact(!!state, state?.smos.find((s) => s.smo === ob.party.code), start);
    }
    case 'calendar-confirmed': {
      // A shipped year file is a decree too (its date is when it was known); else the first decree FOMS loaded.
      const year = ob.year!;
      const shipped = shippedCalendarYears().find((y) => y.year === year);
      if (shipped) return met(`${shipped.decree.date}T00:00:00.000Z`, `постановление № ${shipped.decree.number} от ${shipped.decree.date} поставляется с системой`);
      const [first] = await calendarVersions(year);
      if (first) return met(first.loadedAt, `постановление № ${first.data.decree.number} от ${first.data.decree.date} загружено ${fmt(first.loadedAt)}`);
      return notMet(`постановление о переносе выходных дней в ${year} году не загружено: календарь ${year} года предварительный (ст. 112 ТК РФ)`);
    }
    case 'report-produced': {
      const reports = await l.once('target-reports', () => targetReportsOf(region));
      const report = reports.find((r) => r.reportId === ob.reportId && r.period === ob.period);
      return report ? met(report.firstProducedAt, `отчёт за ${ob.period} сформирован ${fmt(report.firstProducedAt)}`) : notMet(`отчёт за ${ob.period ?? '?'} не представлен`);
    }
    case 'hospitalization-daily': {
      const receipts = await l.once(`hosp:${ob.forDate}`, () => receiptsOfDay(region, ob.forDate!));
      const receipt = receipts.get(ob.party.code);
      if (receipt?.firstAcceptedAt) return met(receipt.firstAcceptedAt, `сведения приняты ${fmt(receipt.firstAcceptedAt)}`);
      return notMet(receipt ? `сведения получены ${fmt(receipt.lastReceivedAt)}, но отклонены ФЛК: см. протокол` : 'сведения не представлены');
    }
  }
}
