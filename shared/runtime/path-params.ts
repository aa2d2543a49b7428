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
}

const param = (pattern: RegExp, maxLength: number, rule: string): PathParam => ({
  schema: z.string().max(maxLength).regex(pattern),
  rule,
});

/** Identifiers the system makes: UUIDs, hashes with a prefix, dotted composite ids. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const PATH_PARAMS = {
  region: param(/^\d{2}$/, 2, 'код субъекта РФ из двух цифр'),
  org: param(/^(FOMS|\d{2}|\d{5}|\d{6})$/, 6, 'организация: FOMS, код региона (2 цифры, ТФОМС), код СМО (5 цифр) или МО (6 цифр)'),
  kind: param(/^[AB]$/, 1, 'вид документа A (уведомление) или B (запрос доступа)'),
  authority: param(/^[AB]$/, 1, 'полномочие A или B'),
  batch: param(/^(12|34)$/, 2, 'партия 12 (группы 1–2) или 34 (группы 3–4)'),
  campaignId: param(/^[A-Za-z0-9._-]{1,64}$/, 64, 'идентификатор кампании: латинские буквы, цифры, «.», «_», «-», не длиннее 64 символов'),
  docId: param(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 36, 'идентификатор документа (UUID)'),
  fileId: param(ID, 64, 'идентификатор файла: латинские буквы, цифры, «.», «_», «-», не длиннее 64 символов'),
  obligationId: param(ID, 128, 'идентификатор обязательства: латинские буквы, цифры, «.», «_», «-», не длиннее 128 символов'),
  enp: param(/^\d{16}$/, 16, 'ЕНП должен состоять из 16 цифр'),
  snils: param(/^(\d{11}|\d{3}-\d{3}-\d{3}[ -]\d{2})$/, 14, 'СНИЛС: 11 цифр или ННН-ННН-ННН КК'),
  smo: param(/^\d{5}$/, 5, 'код СМО из 5 цифр'),
  mo: param(/^\d{6}$/, 6, 'код МО из 6 цифр'),
} satisfies Record<string, PathParam>;

export type PathParamName = keyof typeof PATH_PARAMS;

/** `{region}` of routes that also serve FOMS's own files. */
export const REGION_OR_FEDERAL = param(/^(\d{2}|federal)$/, 7, 'код субъекта РФ из двух цифр или federal (файлы ФОМС)');

/** The `{name}`s of a route path, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
