/**
 * Web console bench (issue 13 §8), through Playwright in Debian's Chromium against a local stack
 * with the built console: a fresh browser goes to the console, is sent to the issuer, signs in as
 * the TFOMS and lands on «Мои задачи» (40 open obligations of its own).
 *  - console.first_load_js_gzip: the JavaScript that path fetches (each script once, gzip-compressed
 *    as CloudFront serves it), against the 350 KB target; baseline = all of the console's JS.
 *  - console.home_interactive: navigation start of the return from the issuer → the obligations
 *    table rendered with its rows (a performance mark set in the page), median of the runs, against
 *    the 2 s target; baseline = the issuer's server-rendered sign-in page on the same stack
 *    (navigation → load), so the ratio is what the console costs over a plain page.
 * CONSOLE_BENCH_RUNS sizes it (3).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { createObligation } from '../../shared/adapters/store/obligations.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { localDate } from '../../shared/domain/time.js';
import type { Obligation } from '../../shared/obligations/model.js';
import { launchChromium } from '../support/browser.js';
import { startTestStack } from '../support/stack.js';
import { envInt, type BenchResult } from './types.js';

export const FIRST_LOAD_TARGET_BYTES = 350 * 1024;
export const INTERACTIVE_TARGET_MS = 2000;
const REGION = '39';
const ZONE = 'Europe/Kaliningrad';
const OBLIGATIONS = 40;

export interface ConsoleBenchOptions {
  runs?: number;
}

export const consoleOptionsFromEnv = (env: NodeJS.ProcessEnv = process.env): ConsoleBenchOptions => ({ runs: envInt(env, 'CONSOLE_BENCH_RUNS') });

/** Marks «tasks-table» the first time the obligations table shows rows and no spinner (runs in the page). */
const MARK_TABLE = `(() => {
  const done = () => document.querySelector('main .ant-table-row') && !document.querySelector('main .ant-spin-spinning');
  new MutationObserver((_, observer) => {
    if (!done()) return;
    performance.mark('tasks-table');
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true, attributes: true });
})()`;

const gzipBytes = (body: Buffer) => gzipSync(body).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function seedObligations(): Promise<void> {
  const today = localDate(new Date(), ZONE);
  for (let i = 0; i < OBLIGATIONS; i++) {
    const dueDate = new Date(Date.parse(`${today}T00:00:00Z`) + (i + 1) * 86_400_000).toISOString().slice(0, 10);
    const ob: Obligation = {
      id: `c.ud-2026.bench-${i}.${REGION}.${REGION}`,
      kind: 'campaign-step',
      region: REGION,
      timeZone: ZONE,
      party: { type: 'TFOMS', code: REGION },
      title: `Шаг графика № ${i + 1}: сформировать и передать файлы`,
      metBy: 'confirmation',
      campaignId: 'ud-2026',
      step: `2.${i}`,
      batch: '12',
      dueDate,
      dueTime: '24:00',
      dueAt: deadlineInstant(dueDate, '24:00', ZONE),
      state: 'OPEN',
      version: 1,
    };
    await createObligation(ob);
  }
}

/** One fresh visitor: console → issuer → sign-in → home. Script bytes by URL and the timings. */
async function visit(page: Page, base: string): Promise<{ scripts: Map<string, number>; issuerMs: number; homeMs: number }> {
  const urls = new Set<string>();
  page.on('response', (response) => void (response.request().resourceType() === 'script' && urls.add(response.url())));
  await page.addInitScript(MARK_TABLE);
  await page.goto(`${base}/`);
  await page.waitForURL(/\/authorize\?/);
  await page.waitForLoadState('load');
  const issuerMs = await page.evaluate(() => (performance.getEntriesByType as unknown as (type: string) => Array<{ loadEventEnd: number }>)('navigation')[0]!.loadEventEnd);
  await page.locator(`button[value="${REGION}||"]`).first().click();
  // Functions, not strings: the console's CSP forbids string evaluation in the page.
  await page.waitForFunction(() => performance.getEntriesByName('tasks-table').length > 0, undefined, { timeout: 30_000 });
  const homeMs = await page.evaluate(() => performance.getEntriesByName('tasks-table')[0]!.startTime);
  // Bodies read again from the server: a page that navigates on no longer holds its responses' bodies.
  const scripts = new Map<string, number>();
  for (const url of urls) scripts.set(url, gzipBytes(Buffer.from(await (await fetch(url)).arrayBuffer())));
  return { scripts, issuerMs, homeMs };
}

export async function benchConsole(opts: ConsoleBenchOptions = {}): Promise<BenchResult[]> {
  const runs = opts.runs ?? 3;
  const consoleDir = await ensureConsoleBuilt(() => undefined);
  const t = await startTestStack('omsflow-bench-console-', { consoleDir });
  const browser = await launchChromium();
  try {
    await seedObligations();
    const base = t.stack.endpoints.api.url;
    const visits = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
      visits.push(await visit(await context.newPage(), base));
      await context.close();
    }
    const firstLoad = [...visits[0]!.scripts.values()].reduce((a, b) => a + b, 0);
    const assets = join(consoleDir, 'assets');
    const allJs = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + gzipBytes(readFileSync(join(assets, f))), 0);
    const home = median(visits.map((v) => v.homeMs));
    const issuer = median(visits.map((v) => v.issuerMs));
    return [
      { name: 'console.first_load_js_gzip', value: firstLoad, unit: 'bytes', baseline: allJs, ratio: firstLoad / allJs, target: FIRST_LOAD_TARGET_BYTES },
      { name: 'console.first_load_scripts', value: visits[0]!.scripts.size, unit: 'files' },
      { name: `console.home_interactive_median_of_${runs}`, value: Math.round(home), unit: 'ms', baseline: Math.round(issuer), ratio: home / issuer, target: INTERACTIVE_TARGET_MS },
    ];
  } finally {
    await browser.close();
    await t.stop();
  }
}
