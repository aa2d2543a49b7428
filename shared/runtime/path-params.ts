/**
 * Every path parameter of the HTTP API, bounded and pattern-checked before anything else reads it
 * (store keys have limits — DynamoDB's 2,048 bytes — and a wrong shape can only be a client error).
 * One table by parameter name; a route that accepts a wider value declares it in
 * HttpRoute.pathParams. Plain data and zod: no AWS imports.
 */
import { z } from 'zod';

export interface PathParam {
  schema: z.ZodString;
  /** What the value must be, in Russian: the 400 message and the OpenAPI description. */
  rule: string;
  /** A valid value (OpenAPI example; the tests call every route with it). */
  example: string;
}

/** A path parameter of `maxLength` characters at most, matching `pattern`. */
export const pathParam = (pattern: RegExp, maxLength: number, rule: string, example: string): PathParam => ({
  schema: z.string().max(maxLength).regex(pattern),
  rule,
  example,
});

/** Identifiers the system makes: UUIDs, hashes with a prefix, dotted composite ids. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const PATH_PARAMS = {
  region: pathParam(/^\d{2}$/, 2, 'код субъекта РФ из двух цифр', '77'),
  org: pathParam(/^(FOMS|\d{2}|\d{5}|\d{6})$/, 6, 'организация: FOMS, код региона (2 цифры, ТФОМС), код СМО (5 цифр) или МО (6 цифр)', '771001'),
  kind: pathParam(/^[AB]$/, 1, 'вид документа A (уведомление) или B (запрос доступа)', 'A'),
  authority: pathParam(/^[AB]$/, 1, 'полномочие A или B', 'B'),
  batch: pathParam(/^(12|34)$/, 2, 'партия 12 (группы 1–2) или 34 (группы 3–4)', '12'),
  campaignId: pathParam(/^[A-Za-z0-9._-]{1,64}$/, 64, 'идентификатор кампании: латинские буквы, цифры, «.», «_», «-», не длиннее 64 символов', 'ud-2021'),
  docId: pathParam(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 36, 'идентификатор документа (UUID)', '0b6f3c1e-8a52-4d7e-9c1a-2f4b5d6e7f80'),
  fileId: pathParam(ID, 64, 'идентификатор файла: латинские буквы, цифры, «.», «_», «-», не длиннее 64 символов', 'ap-0123456789abcdef'),
  // S3's multipart upload ids: opaque, URL-safe, a few hundred characters at most.
  uploadId: pathParam(/^[A-Za-z0-9._-]+$/, 512, 'идентификатор составной загрузки: латинские буквы, цифры, «.», «_», «-», не длиннее 512 символов', 'mpu-0123456789abcdef'),
  obligationId: pathParam(ID, 128, 'идентификатор обязательства: латинские буквы, цифры, «.», «_», «-», не длиннее 128 символов', 'c.ud-2021.1.5.77.FOMS'),
  enp: pathParam(/^\d{16}$/, 16, 'ЕНП должен состоять из 16 цифр', '7756410834000012'),
  snils: pathParam(/^(\d{11}|\d{3}-\d{3}-\d{3}[ -]\d{2})$/, 14, 'СНИЛС: 11 цифр или ННН-ННН-ННН КК', '11223344595'),
  smo: pathParam(/^\d{5}$/, 5, 'код СМО из 5 цифр', '77008'),
  mo: pathParam(/^\d{6}$/, 6, 'код МО из 6 цифр', '771001'),
  year: pathParam(/^\d{4}$/, 4, 'год из четырёх цифр', '2026'),
  date: pathParam(/^\d{4}-\d{2}-\d{2}$/, 10, 'дата в формате ГГГГ-ММ-ДД', '2026-12-01'),
  reportId: pathParam(/^[a-z][a-z0-9-]{0,30}$/, 31, 'отчёт календаря отчётности: monthly, quarterly или yearly', 'monthly'),
  period: pathParam(/^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$/, 7, 'отчётный период: ГГГГ-ММ (месяц), ГГГГ-Qn (квартал) или ГГГГ (год)', '2026-11'),
} satisfies Record<string, PathParam>;

export type PathParamName = keyof typeof PATH_PARAMS;

/** `{region}` of routes that also serve FOMS's own files. */
export const REGION_OR_FEDERAL = pathParam(/^(\d{2}|federal)$/, 7, 'код субъекта РФ из двух цифр или federal (файлы ФОМС)', '77');

/** The `{name}`s of a route path, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
