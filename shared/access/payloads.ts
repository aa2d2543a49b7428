import { z } from 'zod';
import { OrgName } from '../identifiers/names.js';
import { ROLES } from './model.js';
import { Person } from './person.js';

/**
 * What the documents of seed 003 say, per type. Every object is strict: a key we do not know is
 * refused by name rather than dropped, since a dropped key is a change the sender believes they
 * asked for and nobody made.
 */
const unknownKeys = (issue: { code?: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys' ? `неизвестное поле ${issue.keys!.map((k) => `«${k}»`).join(', ')}` : undefined;
const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, { error: unknownKeys });
/** A field the type does not take: refused with `message`, not dropped. */
const absent = (message: string) => z.undefined({ error: message }).optional();

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в формате ГГГГ-ММ-ДД').refine((v) => !Number.isNaN(Date.parse(v)) && new Date(v).toISOString().startsWith(v), 'такой даты нет');
const Mo = z.string().regex(/^\d{6}$/, 'код МО — 6 цифр');
const Flag = z.boolean({ error: (issue) => (issue.input === undefined ? 'обязательно при включении в реестр: true или false' : 'true или false') });

/** (A) An MO's registry entry: what `include` states in full and `change` in part. */
const REGISTRY_FIELDS = {
  name: OrgName,
  primaryCare: Flag,
  dayHospital: Flag,
  specializedInpatient: Flag,
};
const Include = strict({ type: z.literal('include'), mo: Mo, effectiveDate: IsoDate, data: strict(REGISTRY_FIELDS) });
const Exclude = strict({ type: z.literal('exclude'), mo: Mo, effectiveDate: IsoDate, data: absent('при исключении из реестра сведения (data) не указываются') });
const Change = strict({
  type: z.literal('change'),
  mo: Mo,
  effectiveDate: IsoDate,
  data: strict({
    name: OrgName.optional(),
    primaryCare: Flag.optional(),
    dayHospital: Flag.optional(),
    specializedInpatient: Flag.optional(),
  }).refine((d) => Object.values(d).some((v) => v !== undefined), 'укажите хотя бы одно изменяемое сведение: name, primaryCare, dayHospital или specializedInpatient'),
});
export const NotificationPayload = z.discriminatedUnion('type', [Include, Exclude, Change], { error: 'ожидается include, exclude или change' });
export type NotificationPayload = z.infer<typeof NotificationPayload>;
export type RegistryData = Partial<z.infer<typeof Include>['data']>;

/** (B) Grants a request asks for: each authority once, with one role. */
const Grants = z
  .array(strict({ authority: z.enum(['A', 'B'], 'полномочие A или B'), role: z.enum(ROLES, `роль: ${ROLES.join(', ')}`) }), {
    error: (issue) => (issue.input === undefined ? 'обязательно: полномочия с ролями, например [{"authority":"A","role":"Просмотр"}]' : undefined),
  })
  .min(1, 'нужно хотя бы одно полномочие с ролью')
  .refine((grants) => new Set(grants.map((g) => g.authority)).size === grants.length, 'каждое полномочие (A, B) указывается один раз');
const User = strict(Person.shape);
const Register = strict({ type: z.literal('register'), user: User, grants: Grants });
const ChangeAuthorities = strict({ type: z.literal('change-authorities'), user: User, grants: Grants });
const EndAccess = strict({ type: z.literal('end-access'), user: User, grants: absent('при прекращении доступа полномочия (grants) не указываются') });
export const RequestPayload = z.discriminatedUnion('type', [Register, ChangeAuthorities, EndAccess], { error: 'ожидается register, change-authorities или end-access' });
export type RequestPayload = z.infer<typeof RequestPayload>;
