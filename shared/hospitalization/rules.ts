import type { FlkIssue, Severity } from '../flk/types.js';

/**
 * ФЛК of the daily planned-hospitalization submission (DOMAIN.md §4, Rules of ОМС §263–264).
 * Codes H001… are local to this flow (shared/flk/codes.ts stays owned by the file flows); the
 * protocol shape is the same FlkIssue, so protocols and API errors look alike everywhere.
 */
export interface HospRule {
  severity: Severity;
  /** Short name of the check, for the catalogue. */
  name: string;
  /** The rule's part of the message, after «Поле F: значение «V» — ». */
  text(detail: string | undefined): string;
}

export const HOSP_RULES = {
  H001: {
    severity: 'error',
    name: 'Структура сведений',
    text: (d) => `неверная структура сведений: ${d}`,
  },
  H002: { severity: 'error', name: 'Обязательное поле не заполнено', text: () => 'обязательное поле не заполнено' },
  H003: {
    severity: 'error',
    name: 'Сведения другой МО',
    text: (d) => `код МО не совпадает с кодом МО отправителя (${d})`,
  },
  H004: {
    severity: 'error',
    name: 'Не те отчётные сутки',
    text: (d) => `сведения представляются за истекшие сутки ${d}`,
  },
  H005: {
    severity: 'error',
    name: 'Нет обязательного раздела',
    text: (d) => `нет обязательного раздела «${d}»; если событий не было, передайте раздел пустым`,
  },
  H006: {
    severity: 'warning',
    name: 'Раздел не предусмотрен для МО',
    text: (d) => `раздел не предусмотрен для МО по виду оказываемой помощи (${d}); сведения раздела не загружаются`,
  },
  H007: { severity: 'warning', name: 'Неизвестное поле', text: () => 'поле не предусмотрено форматом, его значение не загружается' },
  H008: { severity: 'error', name: 'Формат даты', text: (d) => `дата должна быть существующей датой в формате ${d ?? 'ГГГГ-ММ-ДД'}` },
  H009: {
    severity: 'error',
    name: 'Дата вне горизонта',
    text: (d) => `дата вне периода «текущий день и ближайшие десять рабочих дней» (${d})`,
  },
  H010: {
    severity: 'error',
    name: 'Количество мест',
    text: () => 'количество должно быть целым неотрицательным числом',
  },
  H011: { severity: 'error', name: 'Профиль койки', text: () => 'профиль койки не найден в справочнике профилей коек (V020)' },
  H012: { severity: 'error', name: 'Формат ЕНП', text: () => 'ЕНП должен состоять из 16 цифр' },
  H013: {
    severity: 'error',
    name: 'Контрольная цифра ЕНП',
    text: () => 'контрольная (16-я) цифра ЕНП не сходится по алгоритму Луна',
  },
  H014: { severity: 'error', name: 'МО нет в реестре', text: () => 'код МО не найден в реестре медицинских организаций (F003)' },
  H015: { severity: 'error', name: 'Причина не из справочника', text: () => 'причина не найдена в справочнике причин несостоявшейся госпитализации' },
  H016: {
    severity: 'error',
    name: 'Повтор профиля и даты',
    text: (d) => `профиль и дата уже указаны в записи ${d}; на каждый профиль и день — одна запись`,
  },
  H017: {
    severity: 'error',
    name: 'Повтор записи о застрахованном',
    text: (d) => `такая же запись о застрахованном лице уже есть в разделе (${d})`,
  },
  H018: {
    severity: 'error',
    name: 'Дата освобождения позже даты',
    text: (d) => `планируемая дата освобождения места позже даты, на которую место указано свободным (${d})`,
  },
  H019: {
    severity: 'error',
    name: 'Дата освобождения в прошлом',
    text: (d) => `планируемая дата освобождения места раньше отчётных суток ${d}; для уже свободных мест укажите дату отчётных суток`,
  },
  H020: {
    severity: 'error',
    name: 'Событие не за отчётные сутки',
    text: (d) => `событие должно относиться к отчётным суткам ${d}`,
  },
  H021: { severity: 'error', name: 'Дата позже отчётных суток', text: (d) => `дата позже отчётных суток ${d}` },
  H022: { severity: 'error', name: 'Выписка раньше госпитализации', text: (d) => `дата выписки раньше даты госпитализации ${d}` },
  H023: {
    severity: 'error',
    name: 'Дата госпитализации в прошлом',
    text: (d) => `плановая дата госпитализации раньше отчётных суток ${d}`,
  },
  H024: {
    severity: 'error',
    name: 'МО не обязана представлять сведения',
    text: () =>
      'МО не оказывает помощь в условиях дневного стационара, специализированную или первичную медико-санитарную помощь и не представляет сведения по ст. 263–264 Правил ОМС',
  },
  H025: { severity: 'error', name: 'Неизвестный раздел файла', text: (d) => `раздел (SECTION) должен быть одним из: ${d}` },
  H026: { severity: 'error', name: 'Заголовок файла', text: (d) => `файл не читается как таблица сведений: ${d}` },
  H027: { severity: 'error', name: 'Число полей в строке', text: (d) => `число полей в строке не совпадает с заголовком (${d})` },
  H028: { severity: 'warning', name: 'Неизвестный столбец', text: () => 'столбец не предусмотрен форматом, его значения не загружаются' },
  H029: {
    severity: 'warning',
    name: 'Поле не относится к разделу',
    text: (d) => `поле не относится к разделу ${d}, значение не загружается`,
  },
  H030: { severity: 'error', name: 'Строка ZGLV', text: (d) => `строка заголовка сведений (SECTION = ZGLV) ${d}` },
} as const satisfies Record<string, HospRule>;

export type HospCode = keyof typeof HOSP_RULES;

const MAX_VALUE = 200;
const clip = (v: string): string => (v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE)}…` : v);

function render(code: HospCode, where: string, value: string, detail?: string): string {
  const rule: HospRule = HOSP_RULES[code];
  const what = value ? `значение «${value}» — ` : '';
  return `${where}: ${what}${rule.text(detail)} (${code})`;
}

const jsonWhere = (field: string): string => (field ? `Поле ${field}` : 'Сведения');
const lineWhere = (line: number, field: string): string => (line === 0 ? 'Файл' : field ? `Строка ${line}, поле ${field}` : `Строка ${line}`);

/** A finding in JSON input: line 0, `field` = JSON path (`freeBeds[3].profile`), '' for the whole. */
export function hospIssue(code: HospCode, field: string, value: string, detail?: string): FlkIssue {
  const shown = clip(value);
  return { line: 0, field, value: shown, code, severity: HOSP_RULES[code].severity, message: render(code, jsonWhere(field), shown, detail) };
}

/** A finding in a file: physical line (header = 1, 0 = the whole file) and column name. */
export function hospLineIssue(code: HospCode, line: number, field: string, value: string, detail?: string): FlkIssue {
  const shown = clip(value);
  return { line, field, value: shown, code, severity: HOSP_RULES[code].severity, message: render(code, lineWhere(line, field), shown, detail) };
}

/** The same JSON finding placed at a file line and column (the rest of the message is kept). */
export function relocateIssue(issue: FlkIssue, line: number, field: string): FlkIssue {
  const prefix = `${jsonWhere(issue.field)}: `;
  const rest = issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
  return { ...issue, line, field, message: `${lineWhere(line, field)}: ${rest}` };
}

const SEVERITY_RU: Readonly<Record<Severity, string>> = { error: 'ошибка', warning: 'предупреждение' };

/** The catalogue as a markdown table, for shared/flk/README.md (npm run docs). */
export function hospitalizationCodesMarkdown(): string {
  const rows = Object.entries(HOSP_RULES).map(([code, rule]: [string, HospRule]) => `| ${code} | ${SEVERITY_RU[rule.severity]} | ${rule.name} |`);
  return ['| Код | Уровень | Проверка |', '|---|---|---|', ...rows].join('\n');
}
