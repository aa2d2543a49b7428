import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt } from '../../infra/local/console.js';
import { demoUser } from '../../infra/local/demo-users.js';
import { makeSnils } from '../../shared/identifiers/snils.js';
import { chromiumMissing, launchChromium, seriousAxeViolations, SHOTS, signInAs } from '../support/browser.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Seed 003 through the console alone, in one Chromium against a local stack (one browser context
 * per person): an MO head registers a staff member and grants authority B «Ввод данных»; that clerk
 * drafts a B-request, the head approves it, a signer who is not the head attaches the power
 * document (a wrong file first) and signs, the request is sent; the TFOMS accepts it in its pending
 * list and reads the MO's audit log. A user with only «Просмотр» sees no write action, and the
 * server refuses the same call made directly with that user's session.
 */
const REGION = '39';
const MO = '390001';
const clerk = demoUser({ org: MO, authority: 'B', role: 'Ввод данных' });
const newcomer = { snils: makeSnils('100200901'), fio: 'Соколова Елена Игоревна' };

let t: TestStack;
let browser: Browser;
let base: string;
const pages: Record<string, Page> = {};

/**
 * A page signed in as the demo user `org|authority|role`. The issuer's page lists the head and five
 * people by authority and role per MO; it accepts any such triple, so one not listed is added to its form first.
 */
async function as(value: string): Promise<Page> {
  if (pages[value]) return pages[value];
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU', timezoneId: 'Asia/Vladivostok' });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.waitForURL(/\/authorize\?/).catch(() => page.waitForURL(/\/authorize\?/));
  // A string, not a function: the tests' tsconfig has no DOM types.
  await page.evaluate(`(() => {
    const v = ${JSON.stringify(value)};
    if ([...document.querySelectorAll('button[name="user"]')].some((b) => b.value === v)) return;
    const button = Object.assign(document.createElement('button'), { type: 'submit', name: 'user', value: v, textContent: v });
    document.querySelector('form').append(button);
  })()`);
  await signInAs(page, value, value.startsWith(REGION) && !['39||', `${MO}||`].includes(value) ? REGION : undefined);
  pages[value] = page;
  return page;
}

async function open(page: Page, screen: string, heading = screen) {
  await page.getByRole('navigation', { name: 'Разделы' }).getByText(screen, { exact: true }).click();
  await page.getByRole('heading', { name: heading }).waitFor();
}

/** A call of the public API with the session the page holds, as a script on the page would make it. */
async function callAs(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return (await page.evaluate(`(async () => {
    const token = JSON.parse(sessionStorage.getItem('omsflow.session')).accessToken;
    const res = await fetch(${JSON.stringify(path)}, {
      method: ${JSON.stringify(method)},
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: ${JSON.stringify(body === undefined ? undefined : JSON.stringify(body))},
    });
    return { status: res.status, body: await res.json() };
  })()`)) as { status: number; body: any };
}

async function shootAndScan(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  expect(await seriousAxeViolations(page)).toEqual([]);
}

const card = (page: Page) => page.locator('.ant-card', { hasText: newcomer.fio }).last();

describe.skipIf(chromiumMissing)('access (seed 003) in the web console', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt(() => undefined);
    t = await startTestStack('omsflow-access-web-', { consoleDir });
    base = t.stack.endpoints.api.url;
    browser = await launchChromium();
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    for (const [who, page] of Object.entries(pages)) await page.screenshot({ path: join(SHOTS, `access-failed-${who.replace(/\W+/g, '_')}.png`), fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('the MO head registers a staff member and grants authority B «Ввод данных»', async () => {
    const head = await as(`${MO}||`);
    await open(head, 'Пользователи и роли');
    const form = head.locator('.ant-card', { hasText: 'Зарегистрировать сотрудника' });
    await form.getByRole('button', { name: 'Зарегистрировать' }).click();
    await form.getByText('Укажите СНИЛС').waitFor();
    await form.getByLabel('СНИЛС').fill(clerk.snils);
    await form.getByLabel('ФИО').fill(clerk.fio);
    await form.getByLabel('Роль A').click();
    await head.locator('.ant-select-dropdown:visible').getByTitle('Просмотр').click();
    await form.getByRole('button', { name: 'Зарегистрировать' }).click();
    await form.getByText(`Пользователь ${clerk.fio} зарегистрирован.`).waitFor();

    const row = head.locator('.ant-table-row', { hasText: clerk.fio });
    await row.getByText('A: Просмотр').waitFor();
    await row.getByRole('button', { name: 'Изменить' }).click();
    const grants = head.locator('.ant-card', { hasText: `Полномочия: ${clerk.fio}` });
    await grants.getByLabel(/Полномочие B/).click();
    await head.locator('.ant-select-dropdown:visible').getByTitle('Ввод данных').click();
    await grants.getByRole('button', { name: 'Назначить' }).nth(1).click();
    await grants.getByText('Назначена роль «Ввод данных» по полномочию B.').waitFor();
    await row.getByText('B: Ввод данных').waitFor();
    await shootAndScan(head, 'access-users');
  });

  it('the clerk with B «Ввод данных» drafts a B-request; the server’s message keeps the form', async () => {
    const clerkPage = await as(`${MO}|B|Ввод данных`);
    await open(clerkPage, 'Документы');
    await clerkPage.getByText('B: заявки о доступе').click();
    await clerkPage.getByRole('button', { name: 'Новый документ' }).click();
    const draft = clerkPage.locator('.ant-card', { hasText: 'Новый документ' });
    await draft.getByRole('button', { name: 'Сохранить черновик' }).click();
    await draft.getByText('Укажите СНИЛС').waitFor();
    await draft.getByLabel('СНИЛС пользователя').fill(newcomer.snils);
    await draft.getByLabel('ФИО пользователя').fill(newcomer.fio);
    await draft.getByRole('button', { name: 'Сохранить черновик' }).click();
    // No role asked for: the server's own message, the form keeps what was typed.
    await draft.getByText('нужно хотя бы одно полномочие с ролью', { exact: false }).waitFor();
    expect(await draft.getByLabel('ФИО пользователя').inputValue()).toBe(newcomer.fio);
    await draft.getByLabel('Роль по полномочию A').click();
    await clerkPage.locator('.ant-select-dropdown:visible').getByTitle('Просмотр').click();
    await draft.getByRole('button', { name: 'Сохранить черновик' }).click();
    await card(clerkPage).getByText('Черновик', { exact: true }).first().waitFor();
    expect(await card(clerkPage).getByRole('button', { name: 'Согласовать' }).count()).toBe(0);
    await shootAndScan(clerkPage, 'access-documents');
  });

  it('the head approves the draft', async () => {
    const head = await as(`${MO}||`);
    await open(head, 'Документы');
    await head.getByText('B: заявки о доступе').click();
    await head.locator('.ant-table-row', { hasText: newcomer.fio }).getByRole('button', { name: 'Открыть' }).click();
    await card(head).getByRole('button', { name: 'Согласовать' }).click();
    await card(head).getByText('Согласован.').waitFor();
  });

  it('a signer who is not the head attaches the power document (a wrong file first), signs and sends', async () => {
    const signer = await as(`${MO}|B|Утверждение`);
    await open(signer, 'Документы');
    await signer.getByText('B: заявки о доступе').click();
    await signer.locator('.ant-table-row', { hasText: newcomer.fio }).getByRole('button', { name: 'Открыть' }).click();
    const doc = card(signer);
    await doc.getByRole('button', { name: 'Подписать' }).click();
    await doc.getByText('приложите организационно-распорядительный документ', { exact: false }).waitFor();
    const input = doc.locator('input[type="file"]');
    await input.setInputFiles({ name: 'приказ.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: Buffer.from('PK not a pdf') });
    await doc.getByText('Файл «приказ.docx» — не PDF. Приложите документ о полномочиях в формате PDF.').waitFor();
    await input.setInputFiles({ name: 'большой.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
    await doc.getByText('Файл «большой.pdf» больше 10 МБ. Документ о полномочиях — PDF до 10 МБ.').waitFor();
    await input.setInputFiles({ name: 'приказ.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 приказ о полномочиях') });
    await doc.getByText('Документ о полномочиях «приказ.pdf» приложен.').waitFor();
    await doc.getByRole('button', { name: 'Подписать' }).click();
    await doc.getByText('Подписан.').waitFor();
    await shootAndScan(signer, 'access-document-sign');
    await doc.getByRole('button', { name: 'Направить в ТФОМС' }).click();
    await doc.getByText('Направлен в ТФОМС.').waitFor();
    const history = await doc.innerText();
    for (const step of ['Создан', 'Согласован', 'Подписан', 'Направлен в ТФОМС']) expect(history).toContain(step);
  });

  it('the TFOMS sees what accepting changes, accepts, and reads the MO’s audit log; the MO sees the decision', async () => {
    const tfoms = await as(`${REGION}||`);
    await open(tfoms, 'Документы участников', 'Документы на рассмотрении');
    const pending = tfoms.locator('.ant-card', { hasText: `организация ${MO}` });
    await pending.getByText('Полномочие A: нет → «Просмотр»').waitFor();
    await shootAndScan(tfoms, 'access-pending');
    await pending.getByRole('button', { name: 'Принять' }).click();
    await tfoms.getByText(`Документ организации ${MO} принят.`).waitFor();
    await tfoms.getByText('Нет документов, ожидающих решения').waitFor();

    await open(tfoms, 'Журнал аудита');
    await tfoms.getByLabel('Код организации').fill(MO);
    await tfoms.getByRole('button', { name: 'Показать' }).click();
    const log = tfoms.locator('main .ant-table');
    await log.getByText('Регистрация пользователя').first().waitFor();
    for (const action of ['Назначение роли', 'Документ создан', 'Документ подписан', 'Документ направлен']) await log.getByText(action).first().waitFor();
    expect(await tfoms.locator('main').innerText()).toContain('Europe/Kaliningrad, GMT+2');
    await shootAndScan(tfoms, 'access-audit');

    const head = pages[`${MO}||`]!;
    await head.reload();
    await head.getByRole('heading', { name: 'Документы' }).waitFor();
    await head.getByText('B: заявки о доступе').click();
    await head.locator('.ant-table-row', { hasText: newcomer.fio }).getByText('Принят ТФОМС').waitFor();
    await head.locator('.ant-table-row', { hasText: newcomer.fio }).getByRole('button', { name: 'Открыть' }).click();
    await card(head).getByText('Решение ТФОМС: принят', { exact: false }).waitFor();
  });

  it('a user with only «Просмотр» sees no write action, and the server refuses the same call made directly', async () => {
    // A notification drafted by the head, so the viewer has a document to look at.
    const notice = { payload: { type: 'change', mo: MO, effectiveDate: '2027-01-01', data: { name: 'ГБУЗ «Областная клиническая больница»' } } };
    const drafted = await callAs(pages[`${MO}||`]!, 'POST', `/v1/orgs/${MO}/documents/A`, notice);
    expect(drafted.status).toBe(201);

    const viewer = await as(`${MO}|A|Просмотр`);
    await open(viewer, 'Документы');
    await viewer.locator('.ant-table-row', { hasText: 'Изменение сведений о МО' }).getByRole('button', { name: 'Открыть' }).click();
    await viewer.locator('.ant-card', { hasText: 'Изменение сведений о МО' }).getByText('Что изменится при принятии:').waitFor();
    const main = viewer.locator('main');
    for (const action of ['Новый документ', 'Изменить', 'Согласовать', 'Подписать', 'Направить в ТФОМС', 'Вернуть на доработку']) expect(await main.getByRole('button', { name: action }).count()).toBe(0);
    await shootAndScan(viewer, 'access-documents-viewer');

    const create = await callAs(viewer, 'POST', `/v1/orgs/${MO}/documents/A`, notice);
    expect([create.status, create.body.error.message]).toEqual([403, expect.stringMatching(/^[А-ЯЁ].*«Ввод данных»/)]);
    const approve = await callAs(viewer, 'POST', `/v1/orgs/${MO}/documents/A/${drafted.body.docId}/approve`);
    expect([approve.status, approve.body.error.message]).toEqual([403, expect.stringContaining('«Согласование»')]);

    // Staff management is not in the viewer's menu; typed as an address, the screen shows the server's refusal.
    expect(await viewer.getByRole('navigation', { name: 'Разделы' }).getByText('Пользователи и роли', { exact: true }).count()).toBe(0);
    await viewer.goto(`${base}/users`);
    await viewer.getByText('Список пользователей недоступен').waitFor();
    expect(await main.getByRole('button', { name: 'Зарегистрировать' }).count()).toBe(0);
  });

  it('FOMS registers a TFOMS user; the TFOMS registers an MO head', async () => {
    const foms = await as('FOMS||');
    await open(foms, 'Пользователи ТФОМС');
    const form = foms.locator('.ant-card', { hasText: 'Зарегистрировать пользователя ТФОМС' });
    await form.getByLabel(/Код ТФОМС/).fill(REGION);
    await form.getByLabel('СНИЛС').fill('123');
    await form.getByLabel('ФИО').fill('Кузнецов Андрей Ильич');
    await form.getByRole('button', { name: 'Зарегистрировать' }).click();
    await form.getByText('Поле snils', { exact: false }).waitFor();
    await form.getByLabel('СНИЛС').fill(makeSnils('100200902'));
    await form.getByRole('button', { name: 'Зарегистрировать' }).click();
    await form.getByText(`Кузнецов Андрей Ильич зарегистрирован(а) как пользователь ТФОМС ${REGION}.`).waitFor();
    await shootAndScan(foms, 'access-fund-users');

    const tfoms = await as(`${REGION}||`);
    await open(tfoms, 'Руководители МО и СМО');
    const heads = tfoms.locator('.ant-card', { hasText: 'Зарегистрировать руководителя' });
    await heads.getByLabel(/Код МО/).fill('390003');
    await heads.getByLabel('СНИЛС').fill(makeSnils('100200903'));
    await heads.getByLabel('ФИО').fill('Волков Сергей Николаевич');
    await heads.getByRole('button', { name: 'Зарегистрировать' }).click();
    await heads.getByText('Волков Сергей Николаевич зарегистрирован(а) руководителем организации 390003.').waitFor();
    await shootAndScan(tfoms, 'access-heads');
  });
});
