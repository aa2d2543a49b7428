import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveReferenceDir } from '../reference/load.js';

/**
 * The two code lists of informing results (DOMAIN.md §3.7), shipped as НСИ files beside the others
 * (`informing-channels.csv`, `informing-results.csv`: UTF-8, `;`, header, no quoting). What counts
 * as «проинформирован индивидуально» is data too: a result with INFORMED=1 through a channel with
 * INDIVIDUAL=1. Any inconsistency throws, so bad reference data never loads half-way.
 */
export interface InformingChannel {
  /** Two digits as in the list: `01` SMS … `11` at the MO or SMO. */
  code: string;
  name: string;
  /** Reaches the person himself (counts towards the 002 target). */
  individual: boolean;
}

export interface InformingOutcome {
  code: string;
  name: string;
  /** The person was told (the numerator of the target). */
  informed: boolean;
}

export interface InformingCodes {
  channels: readonly InformingChannel[];
  results: readonly InformingOutcome[];
  /** The canonical code of a channel as written in a file or request (`1` and `01` are `01`), or undefined. */
  channel(text: string): InformingChannel | undefined;
  result(text: string): InformingOutcome | undefined;
  /** Whether a stored (canonical) channel + result counts as informed individually. */
  countsAsInformed(channel: string, result: string): boolean;
}

export const CHANNELS_FILE = 'informing-channels.csv';
export const RESULTS_FILE = 'informing-results.csv';

function parseFlagged(text: string, file: string, flagName: string, codePattern: RegExp): Array<{ code: string; name: string; flag: boolean }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const expected = `CODE;NAME;${flagName}`;
  if ((lines[0] ?? '').trim() !== expected) throw new Error(`НСИ ${file}: заголовок «${lines[0] ?? ''}», ожидается «${expected}»`);
  const seen = new Set<string>();
  const out: Array<{ code: string; name: string; flag: boolean }> = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const fields = line.split(';').map((f) => f.trim());
    if (fields.length !== 3) throw new Error(`НСИ ${file}, строка ${i + 2}: полей ${fields.length}, ожидается 3`);
    const [code = '', name = '', flag = ''] = fields;
    if (!codePattern.test(code)) throw new Error(`НСИ ${file}, строка ${i + 2}: код «${code}» не соответствует формату`);
    if (!name) throw new Error(`НСИ ${file}, строка ${i + 2}: нет наименования для кода ${code}`);
    if (flag !== '0' && flag !== '1') throw new Error(`НСИ ${file}, строка ${i + 2}: признак ${flagName} «${flag}» не 0/1`);
    const key = String(Number(code));
    if (seen.has(key)) throw new Error(`НСИ ${file}: код ${code} повторяется`);
    seen.add(key);
    out.push({ code, name, flag: flag === '1' });
  });
  if (!out.length) throw new Error(`НСИ ${file}: файл не содержит ни одного кода`);
  return out;
}

export function parseChannels(text: string, file = CHANNELS_FILE): InformingChannel[] {
  return parseFlagged(text, file, 'INDIVIDUAL', /^\d{2}$/).map(({ code, name, flag }) => ({ code, name, individual: flag }));
}

export function parseOutcomes(text: string, file = RESULTS_FILE): InformingOutcome[] {
  return parseFlagged(text, file, 'INFORMED', /^\d{1,2}$/).map(({ code, name, flag }) => ({ code, name, informed: flag }));
}

/** Codes are compared by value: Excel turns `01` into `1`, and both mean the same channel. */
const byValue = (text: string): string | undefined => (/^\s*\d{1,3}\s*$/.test(text) ? String(Number(text)) : undefined);

export function makeInformingCodes(channels: InformingChannel[], results: InformingOutcome[]): InformingCodes {
  const channelMap = new Map(channels.map((c) => [String(Number(c.code)), c]));
  const resultMap = new Map(results.map((r) => [String(Number(r.code)), r]));
  const channel = (text: string) => {
    const key = byValue(text);
    return key === undefined ? undefined : channelMap.get(key);
  };
  const result = (text: string) => {
    const key = byValue(text);
    return key === undefined ? undefined : resultMap.get(key);
  };
  return {
    channels,
    results,
    channel,
    result,
    countsAsInformed: (c, r) => !!channel(c)?.individual && !!result(r)?.informed,
  };
}

const cache = new Map<string, InformingCodes>();

/** The shipped lists (or those under OMS_REFERENCE_DIR / `dir`), cached per directory. */
export function loadInformingCodes(dir?: string): InformingCodes {
  const root = resolveReferenceDir(dir);
  let codes = cache.get(root);
  if (!codes) {
    const read = (name: string) => readFileSync(join(root, name), 'utf8');
    codes = makeInformingCodes(parseChannels(read(CHANNELS_FILE)), parseOutcomes(read(RESULTS_FILE)));
    cache.set(root, codes);
  }
  return codes;
}

/** «01 SMS-сообщение, 02 …» for messages. */
export function listText(items: ReadonlyArray<{ code: string; name: string }>): string {
  return items.map((i) => `${i.code} ${i.name}`).join(', ');
}
