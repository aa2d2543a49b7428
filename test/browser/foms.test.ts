import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { createObligation, createViolation, putNotification } from '../../shared/adapters/store/obligations.js';
import { deadlineInstant } from '../../shared/calendar/production-calendar.js';
import { dueLabel, escalationNotification, type Obligation, type PartyRef, type Violation } from '../../shared/obligations/model.js';
import { shippedStepObligation } from '../support/campaign-steps.js';
import { chromiumMissing, openConsoleBrowser, seriousAxeViolations, SHOTS, signInAs } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * FOMS in the console, in Chromium against a local stack: Kaliningrad's TFOMS missed step 2.1 of
 * the 2026 campaign (an overdue obligation and its violation, escalated to FOMS) — FOMS sees the
 * late step on the region's timeline and table, and in the violations with its evidence; then
 * edits the schedule: a date that does not exist is refused with the server's Russian message
 * next to the field, a real one is saved as version 1. Screenshots (1366×768) go to SHOTS.
 */
const CAMPAIGN = 'ud-2026';
const REGION = '39';
const ZONE = 'Europe/Kaliningrad';
const EVIDENCE = 'Файлы «абонентский пункт» для МО региона не сформированы к сроку';

let t: TestStack;
let browser: Browser;
let page: Page;

const obligation = (step: string, party: PartyRef, state: Obligation['state'], metAt?: string) => shippedStepObligation(CAMPAIGN, REGION, step, party, state, metAt);

async function open(menu: string, heading: string) {
  await page.getByRole('navigation', { name: 'Разделы' }).getByText(menu, { exact: true }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
}

/** The newest active campaign is the one shown first. */
async function campaignShown() {
  await page.locator('main').getByText(`(${CAMPAIGN})`).first().waitFor();
}

async function shoot(name: string) {
  await page.screenshot({ path: join(SHOTS, name), fullPage: false });
  // Nothing is cut off on the right at 1366 px.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
  expect(await seriousAxeViolations(page)).toEqual([]);
}

// Each progress answer reads 2 × 89 regions from dynalite; on a loaded machine that is seconds.
describe.skipIf(chromiumMissing)('FOMS in the web console', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-foms-', { consoleDir });
    const late = obligation('2.1', { type: 'TFOMS', code: REGION }, 'OVERDUE');
    expect(await createObligation(late)).toBe(true);
    expect(await createObligation(obligation('1.3', { type: 'FOMS', code: 'FOMS' }, 'MET', deadlineInstant('2026-11-23', '12:00', ZONE)))).toBe(true);
    const escalatedAt = new Date(Date.parse(late.dueAt) + 73 * 3_600_000).toISOString();
    const violation: Violation = {
      obligationId: late.id,
      region: REGION,
      party: late.party,
      title: late.title,
      dueAt: late.dueAt,
      dueLabel: dueLabel(late),
      detectedAt: late.dueAt,
      evidence: EVIDENCE,
      notified: [REGION],
      escalatedAt,
      escalationReason: 'не исполнено более 72 ч после срока',
    };
    expect(await createViolation(violation)).toBe(true);
    await putNotification(escalationNotification(violation));
    ({ browser, page } = await openConsoleBrowser());
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('FOMS sees a region’s late step on its timeline and in the table, on the region’s clock', async () => {
    await page.goto(`${t.stack.endpoints.api.url}/`);
    await signInAs(page, 'FOMS||');
    await open('Ход кампании', 'Ход кампании по регионам');
    await campaignShown();
    const card = page.locator('.ant-card', { hasText: `Шаги графика: ${REGION} — Калининградская область` });
    await card.waitFor();
    const row = card.locator('tr.ant-table-row', { hasText: 'Формирование ТФОМС перечня' }).first();
    expect(await row.innerText()).toContain('просрочено');
    expect(await row.innerText()).toContain(EVIDENCE);
    expect(await row.innerText()).toContain('01.12.2026 24:00');
    expect(await card.locator('tr.ant-table-row', { hasText: 'Регистрация в ГИС ОМС пользователей ТФОМС' }).innerText()).toContain('исполнено в срок');
    expect(await card.innerText()).toContain('Europe/Kaliningrad, GMT+2');
    // The timeline is drawn, and says in words what it shows.
    const timeline = card.locator('[role="img"][aria-label^="Шаги графика"]');
    expect(await timeline.getAttribute('aria-label')).toContain('2.1 — просрочено');
    expect(await timeline.locator('svg').count()).toBeGreaterThan(0);
    // Every region is listed; one the schedule was never planned in says so.
    expect(await page.locator('main').innerText()).toContain('Регионов: 89; с просроченными шагами: 1.');
    await shoot('foms-progress.png');
  });

  it('FOMS sees the late step in the region’s violations with its evidence, and the escalation', async () => {
    await open('Нарушения', 'Нарушения и эскалации');
    await campaignShown();
    const row = page.locator('.ant-card', { hasText: 'Нарушения региона' }).locator('tr.ant-table-row', { hasText: EVIDENCE });
    await row.waitFor();
    expect(await row.innerText()).toContain('ТФОМС 39');
    expect(await row.innerText()).toContain("01.12.2026 24:00"); // the deadline as the schedule writes it, on Kaliningrad’s clock
    expect(await row.innerText()).toContain('передано в ФОМС');
    const escalations = page.locator('.ant-card', { hasText: 'Эскалации в ФОМС' });
    expect(await escalations.innerText()).toContain('Эскалация: 2.1.');
    expect(await page.locator('main').innerText()).toContain('СМО ещё не сообщали результаты информирования');
    await shoot('foms-violations.png');
  });

  it('an invalid schedule edit shows the server’s Russian message by the field; a valid one saves version 1', async () => {
    await open('График кампании', 'График кампании');
    await campaignShown();
    await page.getByTestId('schedule-version').getByText('из поставки (версия 0)').waitFor();
    const date = page.getByLabel('Пункт 2.2: дата срока (ГГГГ-ММ-ДД)');
    await date.fill('2026-02-30');
    const save = async () => {
      await page.getByRole('button', { name: 'Сохранить новую версию' }).click();
      await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    };
    await save();
    const message = page.getByRole('alert').filter({ hasText: 'дата: такой даты нет в календаре' });
    await message.waitFor();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await date.inputValue()).toBe('2026-02-30'); // nothing typed is lost
    await shoot('foms-schedule-error.png');

    await date.fill('2026-12-06');
    await save();
    await page.getByText('Сохранена версия 1 графика').waitFor();
    await page.getByTestId('schedule-version').getByText('версия 1').waitFor();
    expect(await page.getByLabel('Пункт 2.2: дата срока (ГГГГ-ММ-ДД)').inputValue()).toBe('2026-12-06');
    const versions = page.locator('.ant-card', { hasText: 'Версии графика' }).locator('tr.ant-table-row');
    expect(await versions.count()).toBe(1);
    await shoot('foms-schedule.png');
  });
});
