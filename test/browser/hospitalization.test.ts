import http from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { makeEnp } from '../../shared/identifiers/enp.js';
import { reportingDay } from '../../shared/hospitalization/day.js';
import { chromiumMissing, openConsoleBrowser, seriousAxeViolations, SHOTS, signInAs } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * The daily planned-hospitalization form (seed 004) through the console alone, in Chromium: the
 * head of a Kaliningrad hospital sends an empty form and is told which sections are missing, types
 * a short ЕНП and sees the server's own message at once, fills the day and gets the receipt; the
 * TFOMS of the region then sees that hospital on time and another MO with nothing.
 *
 * The stack (handlers run in this process) and Chromium share one clock, set to 07:30 in
 * Kaliningrad: whenever the test runs, the 09:00 deadline is still ahead.
 */
const REGION = '39';
const ZONE = 'Europe/Kaliningrad';
const HOSPITAL = '390001'; // day hospital + specialized care: every section is due
const SILENT = '390005'; // obligated, sends nothing
const POLYCLINIC = '390013';
const MORNING_UTC = 5.5 * 3_600_000; // 07:30 in Kaliningrad (UTC+2)

/** The next 07:30 Kaliningrad not before the real now (a clock never set back: tokens and queues stay sane). */
function nextMorning(now = Date.now()): Date {
  const midnight = Math.floor(now / 86_400_000) * 86_400_000;
  return new Date(midnight + MORNING_UTC >= now ? midnight + MORNING_UTC : midnight + 86_400_000 + MORNING_UTC);
}

const serverEmit = http.Server.prototype.emit;
let t: TestStack;
let browser: Browser;
let page: Page;
let forDate: string;
const ru = (iso: string) => iso.split('-').reverse().join('.');

describe.skipIf(chromiumMissing)('planned hospitalization in the web console', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    // The clock is set before the stack starts: its emulators and SDK clients never see it jump.
    const morning = nextMorning();
    // Node stamps HTTP Date headers with its own (real) clock; the SDK would take the emulators'
    // header for the true time and sign the next request 14 hours off. In this file, no Date header.
    http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
      if (event === 'request') (args[1] as http.ServerResponse).sendDate = false;
      return serverEmit.apply(this, [event, ...args] as Parameters<typeof serverEmit>);
    } as typeof serverEmit;
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(morning);
    t = await startTestStack('omsflow-hospitalization-web-', { consoleDir });
    forDate = reportingDay(morning, ZONE).forDate;
    ({ browser, page } = await openConsoleBrowser());
    await page.clock.install({ time: morning });
  }, 240_000);

  afterAll(async () => {
    await page?.screenshot({ path: '/tmp/hosp-last.png', fullPage: true }).catch(() => undefined);
    await browser?.close();
    await t?.stop();
    vi.useRealTimers();
    http.Server.prototype.emit = serverEmit;
  });

  it('the head of a hospital: an empty form is refused with the missing sections named; a short ЕНП is flagged as typed; the day is sent and receipted', async () => {
    await page.goto(`${t.stack.endpoints.api.url}/`);
    await signInAs(page, `${HOSPITAL}||`);
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Плановая госпитализация').click();
    await page.getByRole('heading', { name: 'Плановая госпитализация' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/hospitalization');
    const main = page.locator('main');
    await main.getByText(`Сведения за сутки ${ru(forDate)}`).waitFor();
    expect(await main.innerText()).toMatch(/Срок: до \d\d\.\d\d\.\d{4} 09:00 \(Europe\/Kaliningrad, GMT\+2\) — осталось 1 ч (29|30) мин/);

    // Nothing filled: nothing is sent, every owed section is named in the server's words.
    await page.getByRole('button', { name: 'Отправить сведения' }).click();
    await page.getByRole('alert').filter({ hasText: 'Сведения не отправлены' }).waitFor();
    const issues = page.getByTestId('form-issues');
    expect(await issues.locator('li').count()).toBe(6);
    expect(await issues.innerText()).toContain('нет обязательного раздела «а) свободные места по профилям коек»; если событий не было, передайте раздел пустым (H005)');

    // (а) free beds: profile 19, four places today, released on the reporting day.
    await page.getByRole('combobox', { name: 'Профиль койки для добавления' }).click();
    await page.getByRole('combobox', { name: 'Профиль койки для добавления' }).fill('19');
    await page.locator('.ant-select-item-option', { hasText: /^19 / }).click();
    await page.getByRole('button', { name: 'Добавить профиль' }).click();
    const todayCell = page.getByRole('spinbutton', { name: /^Свободно мест: профиль 19, / }).first();
    await todayCell.fill('4');
    await page.getByRole('combobox', { name: /^Дата освобождения: профиль 19, / }).first().click();
    await page.locator('.ant-select-item-option', { hasText: `${ru(forDate).slice(0, 5)}` }).first().click();

    // (б) one person hospitalized by referral; a 15-digit ЕНП is flagged before anything is sent.
    const hospitalized = page.getByRole('region', { name: 'б) госпитализированы по направлениям' });
    await hospitalized.getByRole('button', { name: /^Добавить запись/ }).click();
    const enp = makeEnp(REGION, '1970-01-01', 1, 501);
    const enpInput = hospitalized.getByRole('textbox', { name: 'ЕНП, запись 1' });
    await enpInput.fill(enp.slice(0, 15));
    // (After the refused empty form every field of the new record is flagged; the ЕНП's own finding is the point.)
    const live = hospitalized.locator('.field-error', { hasText: 'hospitalized[0].enp' });
    await live.waitFor();
    expect(await live.innerText()).toBe(`Поле hospitalized[0].enp: значение «${enp.slice(0, 15)}» — ЕНП должен состоять из 16 цифр (H012)`);
    expect(await enpInput.getAttribute('aria-invalid')).toBe('true');
    await enpInput.fill(enp);
    await hospitalized.getByRole('combobox', { name: 'Профиль койки, запись 1' }).click();
    await hospitalized.getByRole('combobox', { name: 'Профиль койки, запись 1' }).fill('19');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^19 / }).click();
    await hospitalized.getByRole('textbox', { name: 'Направившая МО, запись 1' }).fill(POLYCLINIC);
    await hospitalized.getByLabel('Дата госпитализации, запись 1').fill(forDate);
    expect(await hospitalized.locator('.field-error').count()).toBe(0);

    for (const title of ['в) экстренные госпитализации и выписки после них', 'г) несостоявшиеся плановые госпитализации', 'д) получили направление в МО', 'выданные направления на госпитализацию (ст. 264)']) {
      await page.getByRole('region', { name: title }).getByRole('checkbox', { name: 'Событий не было' }).check();
    }
    await page.getByRole('button', { name: 'Отправить сведения' }).click();
    const receipt = page.getByRole('region', { name: 'Квитанция' });
    await receipt.waitFor();
    expect(await receipt.getByTestId('receipt-status').innerText()).toBe('принято');
    const text = await receipt.innerText();
    expect(text).toContain('сведения за сутки приняты впервые');
    expect(text).toMatch(/Впервые принято \(Europe\/Kaliningrad, GMT\+2\)\s+\d\d\.\d\d\.\d{4}, 07:3\d — в срок/);
    expect(text).toMatch(/Версия\s+1/);
    expect(text).toMatch(/Записей\s+2:/);
    // The history lists the day.
    await page.locator('.ant-table-row', { hasText: ru(forDate) }).filter({ hasText: 'форма / API' }).waitFor();

    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(SHOTS, 'mo-hospitalization.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.getByRole('button', { name: 'Войти снова' }).click();
  }, 120_000);

  it('the TFOMS of the region sees the hospital on time and a silent MO with nothing, and free beds by profile', async () => {
    await signInAs(page, `${REGION}||`);
    await page.getByRole('navigation', { name: 'Разделы' }).getByText('Госпитализация', { exact: true }).click();
    await page.getByRole('heading', { name: 'Госпитализация', exact: true }).waitFor();
    const compliance = page.locator('.ant-card', { hasText: 'Представление сведений за сутки' });
    const row = (mo: string) => compliance.locator('.ant-table-row', { hasText: mo });
    await row(HOSPITAL).waitFor();
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    expect(await row(HOSPITAL).innerText()).toMatch(/в срок[\s\S]*07:3\d/);
    expect(await row(SILENT).innerText()).toContain('нет сведений');
    const totals = page.getByRole('table', { name: 'Свободные места по профилям' });
    await totals.getByText('Кардиологические', { exact: false }).waitFor();
    expect(await totals.locator('tbody tr', { hasText: /^19/ }).innerText()).toMatch(/19 .*\s+4\s+1/);

    await page.screenshot({ path: join(SHOTS, 'tfoms-hospitalization.png'), fullPage: true });
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
