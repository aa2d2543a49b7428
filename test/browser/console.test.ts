import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { REPO_ROOT } from '../../infra/local/endpoints.js';
import { createObligation, createViolation } from '../../shared/adapters/store/obligations.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { localDate } from '../../shared/domain/time.js';
import { dueLabel, type Obligation } from '../../shared/obligations/model.js';
import { chromiumMissing, launchChromium, seriousAxeViolations, signInAs as signInOn } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * The web console in Debian's Chromium against a local stack: sign-in through the issuer's page
 * (authorization code + PKCE), «Мои задачи» of an MO and of a TFOMS with their own obligations on
 * Kaliningrad's clock, an expired session that comes back to the same page, sign-out. Screenshots
 * (1366×768) go to .local/screenshots/.
 */
const ZONE = 'Europe/Kaliningrad';
const MO = '390001';
const OTHER_MO = '390003';
const TFOMS = '39';
const SHOTS = join(REPO_ROOT, '.local', 'screenshots');

let t: TestStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const signInAs = (value: string) => signInOn(page, value);

const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function obligation(party: { type: 'MO' | 'TFOMS'; code: string }, step: string, title: string, dueDate: string, state: Obligation['state'] = 'OPEN'): Obligation {
  return {
    id: `c.ud-2026.${step}.${TFOMS}.${party.code}`,
    kind: 'campaign-step',
    region: TFOMS,
    timeZone: ZONE,
    party,
    title,
    metBy: 'confirmation',
    campaignId: 'ud-2026',
    step,
    batch: '12',
    dueDate,
    dueTime: '24:00',
    dueAt: deadlineInstant(dueDate, '24:00', ZONE),
    state,
    version: 1,
  };
}

describe.skipIf(chromiumMissing)('the web console in Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-console-', { consoleDir });
    base = t.stack.endpoints.api.url;
    const today = localDate(new Date(), ZONE);
    expect(await createObligation(obligation({ type: 'MO', code: MO }, '2.2', 'Вернуть заполненный файл абонентского пункта (партия 1–2)', plusDays(today, 4)))).toBe(true);
    const late = obligation({ type: 'MO', code: MO }, '2.0', 'Подтвердить получение параметров подключения', plusDays(today, -2), 'OVERDUE');
    expect(await createObligation(late)).toBe(true);
    await createViolation({ obligationId: late.id, region: TFOMS, party: late.party, title: late.title, dueAt: late.dueAt, dueLabel: dueLabel(late), detectedAt: late.dueAt, evidence: 'Подтверждение не поступило', notified: [MO, TFOMS] });
    expect(await createObligation(obligation({ type: 'MO', code: OTHER_MO }, '2.2', 'Чужая задача другой МО', plusDays(today, 4)))).toBe(true);
    // A deadline in a year no decree has been loaded for: shown with the API's provisional flag.
    expect(await createObligation(obligation({ type: 'MO', code: MO }, '9.9', 'Задача на год без постановления', `${Number(today.slice(0, 4)) + 5}-03-02`))).toBe(true);
    expect(await createObligation(obligation({ type: 'TFOMS', code: TFOMS }, '2.1', 'Сформировать файлы абонентского пункта для МО (партия 1–2)', plusDays(today, 1)))).toBe(true);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU', timezoneId: 'Asia/Vladivostok' });
    page = await context.newPage();
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('sends a new visitor to the issuer’s Russian page, which has no serious accessibility violations', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/authorize\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/callback`);
    await expect(page.getByRole('heading', { name: 'Вход в ГИС ОМС' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'issuer.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('an MO’s head signs in and sees its own open obligations with a countdown on Kaliningrad’s clock', async () => {
    await signInAs(`${MO}||`);
    expect(new URL(page.url()).pathname).toBe('/');
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Вернуть заполненный файл абонентского пункта (партия 1–2)');
    expect(text).toContain('Подтвердить получение параметров подключения'); // overdue is still open
    expect(text).not.toContain('Чужая задача');
    expect(text).toMatch(/осталось 4 дн\./);
    expect(text).toMatch(/просрочено на 1 дн\./);
    expect(text).toContain('Europe/Kaliningrad, GMT+2');
    const farRow = rows.filter({ hasText: 'Задача на год без постановления' });
    expect(await farRow.innerText()).toContain('календарь предварительный');
    expect(await rows.filter({ hasText: 'Вернуть заполненный файл' }).innerText()).not.toContain('календарь предварительный');
    expect(await page.getByRole('navigation', { name: 'Разделы' }).innerText()).toContain('Медицинская организация');
    // The deadline as the schedule writes it, on the region's clock — not the browser's (Vladivostok).
    const due = localDate(new Date(Date.now() + 4 * 86_400_000), ZONE).split('-').reverse().join('.');
    expect(text).toContain(`${due} 24:00`);
    await page.screenshot({ path: join(SHOTS, 'home-mo.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('shows the MO’s violations with their evidence', async () => {
    await page.getByRole('tab', { name: /Нарушения/ }).click();
    await page.getByText('Подтверждение не поступило').waitFor();
    expect(new URL(page.url()).search).toBe('?tab=violations');
    expect(await page.getByRole('tab', { name: 'Нарушения (1)' }).count()).toBe(1);
  });

  it('when the session is refused, signs in again and comes back to the same page', async () => {
    // A token the API no longer accepts (expired, or signed by a key since rotated).
    await page.evaluate(`(() => {
      const s = JSON.parse(sessionStorage.getItem('omsflow.session'));
      sessionStorage.setItem('omsflow.session', JSON.stringify({ ...s, accessToken: 'expired.or.revoked' }));
    })()`);
    await page.reload();
    await signInAs(`${MO}||`);
    expect(new URL(page.url()).search).toBe('?tab=violations');
    await page.getByText('Подтверждение не поступило').waitFor();
  });

  it('signs out, stays out on reload, and a TFOMS user signing in sees the fund’s own tasks', async () => {
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByText('Вы вышли из ГИС ОМС').waitFor();
    await page.reload();
    await page.getByText('Вы вышли из ГИС ОМС').waitFor();
    await page.getByRole('button', { name: 'Войти снова' }).click();
    await signInAs(`${TFOMS}||`);
    await page.getByText('Сформировать файлы абонентского пункта для МО (партия 1–2)').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain('Вернуть заполненный файл');
    expect(text).toContain('Калининградская область');
    expect(await page.getByRole('navigation', { name: 'Разделы' }).innerText()).toContain('ТФОМС');
    expect(text).toMatch(/осталось 1 дн\./);
    await page.screenshot({ path: join(SHOTS, 'home-tfoms.png') });
  });
});
