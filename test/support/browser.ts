import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core: nothing downloads a browser. `.ci/run` installs the
 * `chromium` package; without it the browser tests are skipped with this message.
 */
export const CHROMIUM = process.env.OMS_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `Браузерные тесты пропущены: нет ${CHROMIUM} (apt-get install -y --no-install-recommends chromium).`;

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Serious or critical accessibility violations on the page, as «rule: target» lines. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${v.help}`));
}

/** Chooses a user on the issuer's page (value `org|snils|role`) and waits for the console's home page. */
export async function signInAs(page: Page, value: string): Promise<void> {
  await page.waitForURL(/\/authorize\?/);
  await page.locator(`button[value="${value}"]`).first().click();
  await page.getByRole('heading', { name: 'Мои задачи' }).waitFor();
}
