import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { loadCampaigns, loadReferenceData } from '../../shared/reference/load.js';
import { editWorkbook } from '../support/abonent.js';
import { chromiumMissing, openConsoleBrowser, seriousAxeViolations, SHOTS, signInAs } from '../support/browser.js';
import { apiOf } from '../support/http.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { loadRegionLists } from '../support/stage1.js';

/**
 * «Абонентский пункт» of an MO in Chromium, through the UI alone: after stage 1 and the TFOMS's
 * forming of batch 12, a reader sees the file but the server refuses its upload (its Russian
 * message on screen); the head downloads the file, fills it with one impossible date and drops it
 * back, and the protocol on screen lists exactly that row.
 */
const REGION = '23';
const campaign = loadCampaigns().find((c) => c.id === 'ud-2026')!;
const DAY = 86_400_000;

let t: TestStack;
let browser: Browser;
let page: Page;
let MO: string;
let fileId: string;
const api = apiOf(() => t);

/** Signs in as a user of the region's MO, then opens «Абонентский пункт» from the menu. */
async function openAsUser(value: string) {
  await signInAs(page, value, REGION);
  await page.getByRole('menuitem', { name: 'Абонентский пункт' }).click();
  await page.getByRole('heading', { name: 'Абонентский пункт' }).waitFor();
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
}

describe.skipIf(chromiumMissing)('«Абонентский пункт» of an MO in Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-mo-abonent-', { consoleDir });
    await loadRegionLists({ stack: t.stack, s3: t.s3, ref: loadReferenceData(), region: REGION, rows: 300, seed: 23, referenceDate: campaign.referenceDate });
    const stage = `/v1/campaigns/${campaign.id}/regions/${REGION}/batches/12`;
    expect((await api({ org: REGION }, 'POST', `${stage}/forming`)).status).toBe(202);
    await t.stack.waitForIdle({ timeoutMs: 120_000 });
    const mos = (await api({ org: REGION }, 'GET', `${stage}/mos`)).body.mos.filter((m: any) => m.status === 'FORMED');
    const biggest = [...mos].sort((a: any, b: any) => b.rows - a.rows)[0];
    [MO, fileId] = [biggest.mo, biggest.fileId];
    ({ browser, page } = await openConsoleBrowser({ width: 1366, height: 900 }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('a reader of the MO sees its file, and the server’s refusal of its upload in Russian', async () => {
    await page.goto(`${t.stack.endpoints.api.url}/`);
    await openAsUser(`${MO}|A|Просмотр`);
    expect(new URL(page.url()).pathname).toBe('/abonent');
    const row = await page.locator('.ant-table-tbody tr.ant-table-row').first().innerText();
    expect(row).toContain(campaign.id);
    expect(row).toContain('сформирован');
    const returnBy = campaign.plan!.batches['12']!.returnBy.split('-').reverse().join('.');
    expect(row).toContain(`${returnBy} 24:00`);
    expect(await page.locator('main').innerText()).toContain('Europe/Moscow, GMT+3');

    const refusal = await api({ org: MO, authority: 'A', role: 'Просмотр' }, 'POST', `/v1/orgs/${MO}/abonent-files/${fileId}/returns`, { size: 4 });
    expect(refusal.status).toBe(403);
    await page.locator('input[type=file]').setInputFiles({ name: 'заполненный.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK..') });
    const alert = page.getByRole('alert').filter({ hasText: 'Файл не принят' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain(refusal.body.error.message);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('button', { name: 'Войти снова' }).click();
  });

  it('the head downloads the file, returns it filled with one impossible date, and sees a protocol of exactly that row', async () => {
    await openAsUser(`${MO}||`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать файл партии 12' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const formed = Buffer.from(await (await download.createReadStream()).toArray().then((parts) => Buffer.concat(parts)));
    const from = Date.parse(`${campaign.plan!.examWindow.from}T00:00:00Z`);
    const filled = await editWorkbook(formed, (sheet) => {
      for (let r = 2; r <= sheet.rowCount; r++) {
        sheet.getCell(r, 9).value = new Date(from + (r % 10) * DAY);
        sheet.getCell(r, 10).value = (9 * 60 + (r % 6) * 30) / 1440;
        sheet.getCell(r, 11).value = 'запланирован';
      }
      sheet.getCell(3, 9).value = '31.02.2026'; // no such day
    });

    await page.locator('input[type=file]').setInputFiles({ name: 'абонентский_пункт_заполненный.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: filled });
    await page.getByRole('progressbar').waitFor();
    const status = page.getByTestId('return-status');
    await status.filter({ hasText: /принят частично|отклонён|принят/ }).waitFor({ timeout: 30_000 });
    expect(await status.innerText()).toBe('принят частично');
    const result = page.getByRole('region', { name: 'Результат проверки' });
    const protocol = result.locator('.ant-table-tbody tr.ant-table-row');
    await protocol.first().waitFor();
    expect(await protocol.count()).toBe(1);
    const cells = await protocol.first().locator('td').allInnerTexts();
    expect(cells[0]).toBe('3');
    expect(cells[2]).toContain('31.02.2026');
    expect(cells[3]).toMatch(/^[A-Z]\d{3}$/);
    expect(cells[4]).toMatch(/[а-яё]/i);
    expect(await result.getByRole('link', { name: 'Скачать протокол (XLSX)' }).getAttribute('href')).toMatch(/^http/);
    expect(await result.getByRole('link', { name: 'Скачать протокол (CSV)' }).getAttribute('href')).toMatch(/^http/);
    await page.screenshot({ path: join(SHOTS, 'mo-abonent.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
