import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { PART_BYTES } from '../../shared/domain/multipart.js';
import { loadReferenceData } from '../../shared/reference/load.js';
import { chromiumMissing, openConsoleBrowser, seriousAxeViolations, SHOTS, signInAs } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { paddedExport } from '../support/stage1.js';

/**
 * Bad input on the TFOMS upload (issue 13, «Done means»): a wrong type and an empty file are
 * refused in Russian before anything is sent; a large export whose part uploads lose the network
 * midway says «Соединение потеряно…», and «Повторить» sends only the parts S3 does not hold yet.
 */
const REGION = '39';
const ROWS = 500;
const NAME = 'large-export.csv';
// ≈ 36 MB of windows-1251: 500 rows and whitespace lines the ingest skips — five parts.
const big = paddedExport({ region: REGION, rows: ROWS, seed: 5, ref: loadReferenceData(), bytes: 36 * 1024 * 1024 });
const PARTS = Math.ceil(big.length / PART_BYTES);

let t: TestStack;
let browser: Browser;
let page: Page;

const choose = (name: string, buffer: Buffer) => page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
const uploadCard = () => page.locator('.ant-card', { hasText: 'Загрузить выгрузку' });

describe.skipIf(chromiumMissing)('upload errors on «Полученные файлы»', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-upload-errors-', { consoleDir });
    ({ browser, page } = await openConsoleBrowser());
    await page.goto(`${t.stack.endpoints.api.url}/`);
    await signInAs(page, `${REGION}||`);
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Полученные файлы').click();
    await page.getByRole('heading', { name: 'Полученные файлы' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('refuses a wrong type and an empty file in Russian, sending nothing', async () => {
    const sent: string[] = [];
    page.on('request', (r) => r.url().includes('/files/uploads') && sent.push(r.url()));
    await choose('report.pdf', Buffer.from('%PDF-1.4'));
    await uploadCard().getByText('Файл «report.pdf» не подходит: нужен файл CSV или XLSX.').waitFor();
    await choose('empty.csv', Buffer.alloc(0));
    await uploadCard().getByText('Файл «empty.csv» пустой: выберите заполненный файл.').waitFor();
    expect(sent).toEqual([]);
  });

  it('a lost connection mid-upload says so; «Повторить» sends only the missing parts and the file is received', async () => {
    expect(PARTS).toBeGreaterThanOrEqual(3);
    const bucket = new URL(t.stack.endpoints.s3.endpoint).host;
    const partPuts: number[] = [];
    // The first part gets through; then the line drops, until «Повторить».
    let letThrough = 1;
    await page.route(
      (url) => url.host === bucket && url.searchParams.has('partNumber'),
      async (route) => {
        if (partPuts.length >= letThrough) return route.abort('internetdisconnected');
        partPuts.push(Number(new URL(route.request().url()).searchParams.get('partNumber')));
        return route.continue();
      },
    );
    await choose(NAME, big);
    const alert = uploadCard().locator('.ant-alert');
    await alert.getByText(/^Соединение потеряно во время загрузки/).waitFor({ timeout: 60_000 });
    expect(await alert.getByText('Файл не загружен').count()).toBe(1);
    // The bar keeps what S3 already holds (the first of five parts) rather than falling to zero.
    expect(Number(await uploadCard().getByRole('progressbar').getAttribute('aria-valuenow'))).toBe(Math.floor((PART_BYTES / big.length) * 100));
    await page.waitForTimeout(500); // the bar's width transition, for the picture
    await page.screenshot({ path: join(SHOTS, 'upload-connection-lost.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(partPuts).toEqual([1]);

    letThrough = Infinity;
    const before = partPuts.length;
    await alert.getByRole('button', { name: 'Повторить' }).click();
    const row = page.locator('.ant-table-row', { hasText: NAME });
    await row.waitFor({ timeout: 90_000 });
    const resumed = partPuts.slice(before);
    expect(resumed).not.toContain(1);
    expect(resumed.length).toBeLessThan(PARTS);
    expect(resumed.sort()).toEqual(Array.from({ length: PARTS - 1 }, (_, i) => i + 2));
    expect(await row.innerText()).toContain('Застрахованные лица');
    // Nothing lost: every row of the file is counted once it is checked.
    await row.getByText(/Принят/).waitFor({ timeout: 60_000 });
    expect(await row.innerText()).toContain(String(ROWS));
    expect(await uploadCard().locator('.ant-alert').count()).toBe(0);
  });
});
