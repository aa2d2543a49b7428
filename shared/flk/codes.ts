import type { FlkIssue, Severity } from './types.js';

/** What a rule's message may refer to besides the row, field and value. */
export interface IssueParams {
  field?: string;
  value?: string;
  /** Rule-specific detail (the other date, the bad ICD-10 code, the other region…). */
  detail?: string;
  /** Share of rejected rows and the configured threshold (F006), 0…1. */
  share?: number;
  threshold?: number;
}

interface FlkRule {
  severity: Severity;
  scope: 'file' | 'row';
  /** Short name of the check, for the catalogue. */
  name: string;
  /** Which flows the rule applies to. */
  applies: string;
  /** The rule's part of the message (after «Строка N, поле F: значение «V» — »). */
  text(p: IssueParams): string;
}

/** A phone is warned about (R040) when this many persons of one file or more share it: families share a home phone. */
export const SHARED_PHONE_MIN_PERSONS = 5;

const pct = (x = 0): string => `${(Math.round(x * 1000) / 10).toLocaleString('ru-RU')} %`;
const BOTH = 'застрахованные, COVID-19';
const INSURED = 'застрахованные';
const COVID = 'COVID-19';
const ALL = 'все файлы';
const ABONENT = 'абонентский пункт (возврат МО)';
const RESULTS = 'результаты информирования (СМО)';
/** Rules shared by stage-1 files and the SMO's informing results. */
const BOTH_RESULTS = `${BOTH}, ${RESULTS}`;

/** The ФЛК catalogue: one code per rule (F = whole file, R = row). Codes are stable. */
export const FLK_RULES = {
  F001: { severity: 'error', scope: 'file', applies: ALL, name: 'Пустой файл', text: () => 'файл не содержит ни одной строки данных' },
  F002: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Файл не читается как таблица',
    text: (p) => `файл не удалось прочитать как таблицу: ${p.detail ?? 'нет строки заголовка с полями через «;» или XLSX повреждён'}`,
  },
  F003: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Нет обязательного столбца',
    text: (p) => `в заголовке нет обязательного столбца ${p.field}`,
  },
  F004: {
    severity: 'warning',
    scope: 'file',
    applies: ALL,
    name: 'Неизвестный столбец',
    text: (p) => `столбец «${p.value}» не предусмотрен форматом, его значения не загружаются`,
  },
  F005: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Неверный регион отправителя',
    text: (p) => `код региона отправителя «${p.value}» (каталог приёма) не найден в справочнике субъектов РФ; файл помещён в карантин ФОМС`,
  },
  F006: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Слишком много ошибок',
    text: (p) => `доля строк с ошибками ${pct(p.share)} превышает допустимую ${pct(p.threshold)}, файл отклонён целиком`,
  },
  F007: {
    severity: 'warning',
    scope: 'file',
    applies: ALL,
    name: 'Повторно присланный файл',
    text: (p) => `файл с тем же содержимым уже получен (идентификатор ${p.value}), повторно не загружается`,
  },
  F008: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Повтор столбца в заголовке',
    text: (p) => `столбец ${p.field} указан в заголовке больше одного раза`,
  },
  F009: {
    severity: 'error',
    scope: 'file',
    applies: ABONENT,
    name: 'Не файл абонентского пункта',
    text: (p) => `файл не является выданным файлом абонентского пункта: ${p.detail}`,
  },
  F010: {
    severity: 'error',
    scope: 'file',
    applies: ABONENT,
    name: 'Файл другой МО или другой выдачи',
    text: (p) => `загружен не тот файл: ${p.detail}`,
  },
  F011: {
    severity: 'error',
    scope: 'file',
    applies: ABONENT,
    name: 'Изменены защищённые данные',
    text: (p) => `защищённые столбцы или состав строк изменены (${p.detail}); файл отклонён целиком — заполните исходный файл, не меняя строки и защищённые столбцы`,
  },
  F012: {
    severity: 'error',
    scope: 'file',
    applies: ABONENT,
    name: 'Приём файлов закрыт',
    text: (p) => `приём заполненных файлов по этой партии закрыт (${p.detail})`,
  },
  F013: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Файл не является текстом CSV',
    text: (p) => `файл не является текстом CSV (${p.detail}); пришлите таблицу CSV (windows-1251 или UTF-8, поля через «;») или XLSX`,
  },
  F014: {
    severity: 'error',
    scope: 'file',
    applies: ALL,
    name: 'Проверка не завершилась',
    text: (p) => `проверку файла не удалось завершить (${p.detail}); файл не загружен — отправьте его повторно, а если ошибка повторится, обратитесь в поддержку`,
  },
  R001: { severity: 'error', scope: 'row', applies: BOTH_RESULTS, name: 'Обязательное поле не заполнено', text: () => 'обязательное поле не заполнено' },
  R002: { severity: 'error', scope: 'row', applies: BOTH_RESULTS, name: 'Формат ЕНП', text: () => 'ЕНП должен состоять из 16 цифр' },
  R003: {
    severity: 'error',
    scope: 'row',
    applies: BOTH_RESULTS,
    name: 'Контрольная цифра ЕНП',
    text: () => 'контрольная (16-я) цифра ЕНП не сходится по алгоритму Луна; если файл из Excel, ЕНП должен храниться как текст, а не как число',
  },
  R004: {
    severity: 'error',
    scope: 'row',
    applies: BOTH_RESULTS,
    name: 'Код региона в ЕНП',
    text: (p) => `первые две цифры ЕНП (${p.detail}) не являются кодом субъекта РФ из справочника`,
  },
  R005: {
    severity: 'warning',
    scope: 'row',
    applies: INSURED,
    name: 'ЕНП не соответствует дате рождения и полу',
    text: () => 'цифры 3–10 ЕНП не соответствуют дате рождения (DR) и полу (W); строка принята',
  },
  R006: {
    severity: 'error',
    scope: 'row',
    applies: BOTH,
    name: 'Формат СНИЛС',
    text: () => 'СНИЛС должен состоять из 11 цифр (допускается запись NNN-NNN-NNN NN)',
  },
  R007: { severity: 'error', scope: 'row', applies: BOTH, name: 'Контрольное число СНИЛС', text: () => 'контрольное число СНИЛС не сходится' },
  R008: { severity: 'error', scope: 'row', applies: BOTH_RESULTS, name: 'Формат даты', text: () => 'дата должна быть записана как ДД.ММ.ГГГГ' },
  R009: { severity: 'error', scope: 'row', applies: BOTH_RESULTS, name: 'Несуществующая дата', text: () => 'такой даты нет в календаре' },
  R010: {
    severity: 'error',
    scope: 'row',
    applies: BOTH_RESULTS,
    name: 'Дата в будущем',
    text: (p) => `дата позже дня получения файла (${p.detail})`,
  },
  R011: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'Пол по справочнику V005',
    text: () => 'пол должен быть 1 (мужской) или 2 (женский) по справочнику V005',
  },
  R012: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'МО нет в реестре',
    text: () => 'код МО не найден в реестре медицинских организаций (F003)',
  },
  R013: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'МО другого региона',
    text: (p) => `МО относится к региону ${p.detail}, а не к региону отправителя`,
  },
  R014: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'СМО нет в реестре',
    text: () => 'код СМО не найден в реестре страховых медицинских организаций (F002)',
  },
  R015: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'СМО другого региона',
    text: (p) => `СМО зарегистрирована в регионе ${p.detail}, а не в регионе отправителя`,
  },
  R016: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'Повтор ЕНП в файле',
    text: (p) => `этот ЕНП уже встречался в строке ${p.detail}, повторная строка отклонена`,
  },
  R017: {
    severity: 'error',
    scope: 'row',
    applies: BOTH_RESULTS,
    name: 'Число полей в строке',
    text: (p) => `в строке ${p.value} полей, а в заголовке ${p.detail}`,
  },
  R018: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'Код МКБ-10',
    text: (p) =>
      `код «${p.detail}» не является кодом МКБ-10 (латинская буква, две цифры, при необходимости точка и цифра, например I11.9; коды через запятую)`,
  },
  R019: {
    severity: 'warning',
    scope: 'row',
    applies: INSURED,
    name: 'Телефон',
    text: () => 'телефон не распознан (нужно 10 цифр, можно с +7 или 8 впереди); строка принята без телефона',
  },
  R020: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'Дата раньше даты рождения',
    text: (p) => `дата раньше даты рождения ${p.detail}`,
  },
  R021: {
    severity: 'error',
    scope: 'row',
    applies: COVID,
    name: 'Нет ни ЕНП, ни СНИЛС',
    text: () => 'не заполнен ни ЕНП, ни СНИЛС: нужен хотя бы один из них',
  },
  R022: {
    severity: 'error',
    scope: 'row',
    applies: COVID,
    name: 'Диагноз COVID-19',
    text: () => 'диагноз должен быть U07.1 или U07.2',
  },
  R023: {
    severity: 'error',
    scope: 'row',
    applies: INSURED,
    name: 'Длина поля',
    text: (p) => `длина значения больше допустимой (${p.detail} символов)`,
  },
  R024: {
    severity: 'error',
    scope: 'row',
    applies: ABONENT,
    name: 'Изменена защищённая ячейка',
    text: (p) => `защищённая ячейка изменена, в выданном файле было «${p.detail}»`,
  },
  R025: { severity: 'error', scope: 'row', applies: ABONENT, name: 'Лишняя строка', text: () => 'строки нет в выданном файле (добавлена)' },
  R026: {
    severity: 'error',
    scope: 'row',
    applies: ABONENT,
    name: 'Строка удалена',
    text: (p) => `строка выданного файла отсутствует (ЕНП ${p.detail})`,
  },
  R027: {
    severity: 'error',
    scope: 'row',
    applies: ABONENT,
    name: 'Нет даты и отметки',
    text: () => 'не заполнены ни дата проведения, ни отметка: укажите дату (и время) или отметку из списка',
  },
  R028: { severity: 'error', scope: 'row', applies: ABONENT, name: 'Дата вне периода кампании', text: (p) => `дата проведения вне периода кампании ${p.detail}` },
  R029: { severity: 'error', scope: 'row', applies: ABONENT, name: 'Формат даты проведения', text: () => 'дата должна быть в формате ДД.ММ.ГГГГ' },
  R030: { severity: 'error', scope: 'row', applies: ABONENT, name: 'Формат времени', text: () => 'время должно быть в формате ЧЧ:ММ (с 00:00 до 23:59)' },
  R031: { severity: 'error', scope: 'row', applies: ABONENT, name: 'Отметка не из списка', text: (p) => `отметка не из списка: ${p.detail}` },
  R032: {
    severity: 'error',
    scope: 'row',
    applies: ABONENT,
    name: 'Запланирован без даты',
    text: () => 'отметка «запланирован» требует дату проведения',
  },
  R033: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Канал информирования',
    text: (p) => `код канала информирования не из справочника; допустимы: ${p.detail}`,
  },
  R034: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Результат информирования',
    text: (p) => `код результата информирования не из справочника; допустимы: ${p.detail}`,
  },
  R035: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Лицо не из реестра СМО',
    text: (p) => `лица с этим ЕНП нет в списках информирования СМО ${p.detail} (застрахованные СМО с назначенной датой в реестре кампании); сверьте ЕНП с файлом информирования`,
  },
  R036: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Дата раньше начала партии',
    text: (p) => `дата информирования раньше начала партии: ${p.detail}`,
  },
  R037: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Повтор лица и даты',
    text: (p) => `для этого ЕНП и этой даты уже есть строка ${p.detail}, повторная строка отклонена (уточнения присылайте следующим файлом)`,
  },
  R038: {
    severity: 'error',
    scope: 'row',
    applies: RESULTS,
    name: 'Реестр партии не утверждён',
    text: (p) => `реестр партии ${p.detail} ещё не утверждён ТФОМС, результаты информирования по ней не принимаются`,
  },
  R039: {
    severity: 'warning',
    scope: 'row',
    applies: INSURED,
    name: 'СНИЛС у нескольких лиц',
    text: (p) =>
      `тот же СНИЛС указан у другого лица (с другим ЕНП) ${p.detail}; строка принята — проверьте СНИЛС: случаи COVID-19 из регистра по этому СНИЛС засчитываются каждому из этих лиц`,
  },
  R040: {
    severity: 'warning',
    scope: 'row',
    applies: INSURED,
    name: `Телефон у ${SHARED_PHONE_MIN_PERSONS} и более лиц`,
    text: (p) =>
      `общий телефон: лиц с этим номером в файле — ${p.detail}; предупреждение выдаётся, когда номер указан у ${SHARED_PHONE_MIN_PERSONS} лиц и более — проверьте, что это телефон самого лица; строка принята`,
  },
  R041: {
    severity: 'warning',
    scope: 'row',
    applies: INSURED,
    name: 'Одно лицо с разными ЕНП',
    text: (p) =>
      `те же фамилия, имя, отчество, дата рождения и пол (без учёта регистра и различия е/ё) указаны с другим ЕНП ${p.detail}; возможно, у лица два полиса — проверьте; строка принята`,
  },
  R042: {
    severity: 'error',
    scope: 'row',
    applies: BOTH_RESULTS,
    name: 'Строка длиннее допустимого',
    text: (p) => `строка длиннее допустимого (${p.detail}) — это не строка таблицы, она отклонена без разбора`,
  },
} as const satisfies Record<string, FlkRule>;

export type FlkCode = keyof typeof FLK_RULES;
export type FileCode = { [K in FlkCode]: (typeof FLK_RULES)[K]['scope'] extends 'file' ? K : never }[FlkCode];
export type RowCode = Exclude<FlkCode, FileCode>;

/** Values longer than this are cut in messages and protocols (one bad row must not bloat them). */
const MAX_VALUE = 200;
const clip = (value: string, max = MAX_VALUE): string => (value.length > max ? `${value.slice(0, max)}…` : value);

/** A row finding; `value` '' means the field was empty and is not quoted in the message. */
export function rowIssue(code: RowCode, line: number, field: string, value: string, detail?: string): FlkIssue {
  const rule: FlkRule = FLK_RULES[code];
  const shown = clip(value);
  const where = !field ? `Строка ${line}` : field.includes(',') ? `Строка ${line}, поля ${field}` : `Строка ${line}, поле ${field}`;
  const what = shown && code !== 'R017' ? `значение «${shown}» — ` : '';
  return {
    line,
    field,
    value: shown,
    code,
    severity: rule.severity,
    message: `${where}: ${what}${rule.text({ field, value: shown, detail })} (${code})`,
  };
}

/** A file-level finding (line 0). */
export function fileIssue(code: FileCode, params: IssueParams): FlkIssue {
  const rule: FlkRule = FLK_RULES[code];
  const value = clip(params.value ?? '');
  return {
    line: 0,
    field: params.field ?? '',
    value,
    code,
    severity: rule.severity,
    message: `Файл: ${rule.text({ ...params, value })} (${code})`,
  };
}

/** R016: the ЕНП at `line` already occurred at `firstLine` (found by the caller across chunks). */
export function duplicateEnpIssue(line: number, enp: string, firstLine: number): FlkIssue {
  return rowIssue('R016', line, 'ENP', enp, String(firstLine));
}

/** The same finding at another line (chunk-local line → file line); the message follows. */
export function renumberIssue(issue: FlkIssue, line: number): FlkIssue {
  if (issue.line === line || issue.line === 0) return issue;
  const prefix = `Строка ${issue.line}`;
  const message = issue.message.startsWith(prefix) ? `Строка ${line}${issue.message.slice(prefix.length)}` : issue.message;
  return { ...issue, line, message };
}

export const SEVERITY_RU: Readonly<Record<Severity, string>> = { error: 'ошибка', warning: 'предупреждение' };

/** The catalogue as a markdown table, for shared/flk/README.md (npm run docs). */
export function flkCodesMarkdown(): string {
  const rows = Object.entries(FLK_RULES).map(([code, rule]: [string, FlkRule]) => {
    const scope = rule.scope === 'file' ? 'файл' : 'строка';
    return `| ${code} | ${SEVERITY_RU[rule.severity]} | ${scope} | ${rule.applies} | ${rule.name} |`;
  });
  return ['| Код | Уровень | Область | Потоки | Проверка |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Errors and warnings among a protocol's findings. */
export function issueCounts(issues: readonly FlkIssue[]): { errors: number; warnings: number } {
  const errors = issues.filter((i) => i.severity === 'error').length;
  return { errors, warnings: issues.length - errors };
}
