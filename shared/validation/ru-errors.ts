import { z } from 'zod';

/**
 * zod's messages in plain Russian, without type names or symbols a user cannot read (zod's own
 * ru locale still says «ожидалось string, получено undefined»). A message set on a schema stays
 * as written; this map words every other issue. Messages are lower-case: callers prefix the field.
 */

const TYPES: Record<string, string> = {
  string: 'строка',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  nan: 'не число',
  boolean: 'логическое значение (true или false)',
  object: 'объект',
  record: 'объект',
  array: 'массив',
  tuple: 'массив',
  null: 'пустое значение (null)',
  undefined: 'отсутствует',
  date: 'дата',
  set: 'набор значений',
  map: 'объект',
};

const FORMATS: Record<string, string> = {
  date: 'дата в формате ГГГГ-ММ-ДД',
  datetime: 'дата и время в формате ISO 8601 (ГГГГ-ММ-ДДTчч:мм:сс)',
  time: 'время в формате чч:мм',
  email: 'адрес электронной почты',
  url: 'адрес (URL)',
  uuid: 'идентификатор UUID',
  guid: 'идентификатор UUID',
  e164: 'номер телефона в формате +7XXXXXXXXXX',
};

const typeWord = (type: string | undefined): string => TYPES[type ?? ''] ?? 'значение другого типа';

/** What the input is, in the words of TYPES. */
function received(input: unknown): string {
  if (input === null) return TYPES.null!;
  if (Array.isArray(input)) return TYPES.array!;
  if (typeof input === 'number' && Number.isNaN(input)) return TYPES.nan!;
  return typeWord(typeof input);
}

/** The unit after «не больше N» (genitive): 1 символа, 3 символов, 21 символа. */
function units(origin: string, n: number): string {
  const single = n % 10 === 1 && n % 100 !== 11;
  if (origin === 'string') return single ? ' символа' : ' символов';
  if (origin === 'array' || origin === 'set' || origin === 'map') return single ? ' элемента' : ' элементов';
  if (origin === 'file') return single ? ' байта' : ' байт';
  return '';
}

function bound(issue: z.core.$ZodRawIssue<z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall>): string {
  const big = issue.code === 'too_big';
  const limit = Number(big ? (issue as { maximum: unknown }).maximum : (issue as { minimum: unknown }).minimum);
  const origin = String(issue.origin ?? '');
  const text = origin === 'string' || origin === 'array' || origin === 'set' || origin === 'map' || origin === 'file';
  if (text) {
    if (!big && limit === 1 && issue.inclusive !== false) return origin === 'string' ? 'не должно быть пустым' : 'нужен хотя бы один элемент';
    return `${big ? 'не больше' : 'не меньше'} ${limit}${units(origin, limit)}`;
  }
  if (origin === 'date') return big ? `не позже ${new Date(limit).toISOString().slice(0, 10)}` : `не раньше ${new Date(limit).toISOString().slice(0, 10)}`;
  if (issue.inclusive === false) return `${big ? 'меньше' : 'больше'} ${limit}`;
  return `${big ? 'не больше' : 'не меньше'} ${limit}`;
}

const quote = (value: unknown): string => (typeof value === 'string' ? `«${value}»` : String(value));

export const ruErrors: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'обязательное поле отсутствует';
      return `ожидается ${typeWord(issue.expected)}, получено: ${received(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `допустимо только ${quote(issue.values[0])}` : `допустимые значения: ${issue.values.map(quote).join(', ')}`;
    case 'too_big':
    case 'too_small':
      return bound(issue);
    case 'invalid_format':
      return issue.format === 'regex' || !FORMATS[issue.format] ? 'неверный формат' : `неверный формат: ожидается ${FORMATS[issue.format]}`;
    case 'not_multiple_of':
      return `должно быть кратно ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'неизвестные поля' : 'неизвестное поле'} ${issue.keys.map(quote).join(', ')}`;
    case 'invalid_key':
      return 'недопустимый ключ';
    case 'invalid_union':
      return 'значение не подходит ни под один из допустимых вариантов';
    case 'invalid_element':
      return 'недопустимый элемент';
    default:
      return issue.message ?? 'недопустимое значение';
  }
};
