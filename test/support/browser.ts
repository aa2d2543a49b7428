import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../infra/local/endpoints.js';

/**
 * Debian's Chromium driven by playwright-core: nothing downloads a browser. `.ci/run` installs the
 * `chromium` package; without it the browser tests are skipped with this message.
 */
export const CHROMIUM = process.env.OMS_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `Браузерные тесты пропущены: нет ${CHROMIUM} (apt-get install -y --no-install-recommends chromium).`;

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start. --lang: native date inputs
  // follow the browser's own language (not the page's), so they read дд.мм.гггг as for a Russian user.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=ru-RU'] });
}

/** Serious or critical accessibility violations on the page, as «rule: target» lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

/** Where browser tests leave their screenshots. */
export const SHOTS = join(REPO_ROOT, '.local', 'screenshots');

/**
 * Chromium with one page as a Russian user far from the region (Vladivostok): what the console
 * shows on the region's clock cannot come from the browser's own zone.
 */
export async function openConsoleBrowser(viewport = { width: 1366, height: 768 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport, locale: 'ru-RU', timezoneId: 'Asia/Vladivostok', acceptDownloads: true });
  mkdirSync(SHOTS, { recursive: true });
  return { browser, page: await context.newPage() };
}

/**
 * Chooses a user («org|authority|role») on the issuer's page — opening the region's section first
 * when the user is not among the quick choices — and waits for the console's home page.
 */
export async function signInAs(page: Page, value: string, region?: string): Promise<void> {
  await reachIssuer(page);
  if (region) await page.locator('summary', { hasText: `${region} — ` }).click();
  await page.locator(`button[value="${value}"]`).first().click();
  await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
}

/**
 * Waits for the console's redirect to the issuer. On a loaded machine Chromium sometimes reports
 * the page's own navigation as aborted while the redirect replaces it; the user still lands on the
 * issuer's page, so the wait is repeated (at most twice) rather than failing the test.
 */
async function reachIssuer(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForURL(/\/authorize\?/);
      return;
    } catch (error) {
      if (attempt >= 2 || !String(error).includes('ERR_ABORTED')) throw error;
    }
  }
}
