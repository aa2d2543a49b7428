import { z } from 'zod';
import { PersonName } from '../identifiers/names.js';
import { checkSnils, normalizeSnils } from '../identifiers/snils.js';

/** A СНИЛС as people write it (11 digits or NNN-NNN-NNN NN), checked and kept as 11 digits. */
export const Snils = z
  .string()
  .refine((v) => !checkSnils(v), 'СНИЛС неверен: 11 цифр с верным контрольным числом (формат NNN-NNN-NNN NN или 11 цифр подряд)')
  .transform((v) => normalizeSnils(v)!);

/** A person as registered (seed 003: by СНИЛС, after identification in ЕСИА). */
export const Person = z.object({ snils: Snils, fio: PersonName });
export type Person = z.infer<typeof Person>;
