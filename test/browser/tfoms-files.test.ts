import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { REPO_ROOT } from '../../infra/local/endpoints.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { generateInsured, INJECTION_FLK_CODE, INSURED_COLUMNS, planInjections, type InjectableError } from '../../infra/local/testdata/generator.js';
import { chromiumMissing, launchChromium, seriousAxeViolations, signInAs } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * A TFOMS operator's stage 1 through the console alone, in Chromium against a local stack: uploads
 * a windows-1251 export with injected errors (progress bar, signed PUT), sees the protocol list
 * exactly those rows, opens the stage 1.6 check and looks one person up by ЕНП.
 */
const REGION = '39';
const ROWS = 40;
const SEED = 13;
const ERRORS: Partial<Record<InjectableError, number>> = { ENP_CHECKSUM: 1, W_INVALID: 1, SNILS_CHECKSUM: 1 };
const SHOTS = join(REPO_ROOT, '.local', 'screenshots');

let t: TestStack;
let browser: Browser;
let page: Page;
let exportPath: string;
let cleanEnp: string;

describe.skipIf(chromiumMissing)('TFOMS stage 1 in the web console', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-tfoms-files-', { consoleDir });
    const rows = [...generateInsured({ region: REGION, rows: ROWS, seed: SEED, ref: loadReferenceData(), errors: ERRORS })];
    cleanEnp = rows[0]!.fields[0]!; // row 1 is always clean
    const text = [INSURED_COLUMNS.join(';'), ...rows.map((r) => r.fields.join(';'))].join('\r\n') + '\r\n';
    exportPath = join(tmpdir(), `tfoms-export-${process.pid}.csv`);
    writeFileSync(exportPath, iconv.encode(text, 'win1251'));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU', timezoneId: 'Asia/Vladivostok' });
    page = await context.newPage();
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('uploads a windows-1251 export and sees a protocol listing exactly the injected rows', async () => {
    await page.goto(`${t.stack.endpoints.api.url}/`);
    await signInAs(page, `${REGION}||`);
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Полученные файлы').click();
    await page.getByRole('heading', { name: 'Полученные файлы' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/files');

    await page.locator('input[type="file"]').setInputFiles(exportPath);
    const row = page.locator('.ant-table-row', { hasText: /tfoms-export-\d+\.csv/ });
    await row.getByText('Принят частично').waitFor({ timeout: 30_000 });
    const listed = await row.innerText();
    expect(listed).toContain('Застрахованные лица');
    expect(listed).toMatch(new RegExp(`${ROWS}\\s+${ROWS - 3}\\s+3`)); // rows, accepted, rejected
    expect(await page.locator('main').innerText()).toContain('Europe/Kaliningrad, GMT+2');

    await row.getByRole('button', { name: 'Открыть' }).click();
    const table = page.locator('.ant-card', { hasText: 'Протокол ФЛК' });
    await table.getByText('Скачать протокол XLSX').waitFor();
    await table.locator('.ant-table-row').first().waitFor();
    const listedIssues = await table.locator('.ant-table-row').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const expected = planInjections({ rows: ROWS, seed: SEED, errors: ERRORS }).map((i) => [String(i.line), INJECTION_FLK_CODE[i.error]]).sort();
    expect(listedIssues.map((cells) => [cells[0], cells[3]]).sort()).toEqual(expected);
    expect(await table.getByText('windows-1251').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'tfoms-files.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('opens the stage 1.6 check with the API’s group counts and looks one person up by ЕНП', async () => {
    await t.stack.waitForIdle({ timeoutMs: 30_000 });
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Проверка списков (1.6)').click();
    await page.getByText('По группам приоритета').waitFor();
    // «Name (id)»; a name may hold parentheses of its own, the id is the last pair.
    const campaign = (await page.locator('.ant-select-content').first().innerText()).match(/\(([^()]+)\)\s*$/)?.[1];
    expect(campaign).toBeTruthy();
    // The same figures straight from the API, with the session the page holds.
    const summary = (await page.evaluate(`(async () => {
      const token = JSON.parse(sessionStorage.getItem('omsflow.session')).accessToken;
      return (await fetch('/v1/campaigns/${campaign}/regions/${REGION}/summary', { headers: { authorization: 'Bearer ' + token } })).json();
    })()`)) as { byGroup: Record<string, number>; persons: number };
    expect(summary.persons).toBe(ROWS - 3);
    for (const g of ['1', '2', '3', '4']) {
      expect(await page.locator(`[data-group="${g}"]`).innerText()).toBe(new Intl.NumberFormat('ru-RU').format(summary.byGroup[g]!));
    }
    await page.getByText('Просмотр персональных данных записывается в журнал аудита').waitFor();
    await page.getByRole('searchbox', { name: 'ЕНП' }).fill(cleanEnp);
    await page.getByRole('button', { name: /Найти/ }).click();
    await page.getByText('Группа приоритета').waitFor();
    expect(await page.locator('main').innerText()).toContain(cleanEnp);
    await page.screenshot({ path: join(SHOTS, 'tfoms-check.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
