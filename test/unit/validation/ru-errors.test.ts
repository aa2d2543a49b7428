import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ruErrors } from '../../../shared/validation/ru-errors.js';
import { parseBody } from '../../../shared/services/api/http.js';
import { parseSchedule } from '../../../shared/obligations/schedule.js';
import { ENGLISH } from '../../support/russian.js';


const messageOf = (schema: z.ZodType, input: unknown): string => {
  const result = schema.safeParse(input, { error: ruErrors });
  if (result.success) throw new Error('expected a failure');
  return result.error.issues[0]!.message;
};

describe('zod messages in Russian', () => {
  it.each([
    [z.object({ a: z.string() }), {}, 'обязательное поле отсутствует'],
    [z.string(), 5, 'ожидается строка, получено: число'],
    [z.number(), 'x', 'ожидается число, получено: строка'],
    [z.number().int(), 1.5, 'ожидается целое число, получено: число'],
    [z.boolean(), 'да', 'ожидается логическое значение (true или false), получено: строка'],
    [z.object({}), [], 'ожидается объект, получено: массив'],
    [z.array(z.string()), {}, 'ожидается массив, получено: объект'],
    [z.string(), null, 'ожидается строка, получено: пустое значение (null)'],
    [z.enum(['A', 'B']), 'C', 'допустимые значения: «A», «B»'],
    [z.literal('x'), 'y', 'допустимо только «x»'],
    [z.string().max(3), 'abcd', 'не больше 3 символов'],
    [z.string().min(1), '', 'не должно быть пустым'],
    [z.string().min(2), 'a', 'не меньше 2 символов'],
    [z.array(z.number()).max(2), [1, 2, 3], 'не больше 2 элементов'],
    [z.number().min(1), 0, 'не меньше 1'],
    [z.number().positive(), 0, 'больше 0'],
    [z.string().regex(/^\d+$/), 'a', 'неверный формат'],
    [z.iso.date(), '2026-13-01', 'неверный формат: ожидается дата в формате ГГГГ-ММ-ДД'],
    [z.strictObject({}), { extra: 1 }, 'неизвестное поле «extra»'],
    [z.union([z.string(), z.number()]), true, 'значение не подходит ни под один из допустимых вариантов'],
    [z.number().multipleOf(5), 7, 'должно быть кратно 5'],
    [z.string().max(21), 'x'.repeat(22), 'не больше 21 символа'],
  ] as Array<[z.ZodType, unknown, string]>)('case %#', (schema, input, expected) => {
    expect(messageOf(schema, input)).toBe(expected);
  });

  it('keeps a message the schema sets itself', () => {
    expect(messageOf(z.string().min(3, 'ФИО: не менее 3 символов'), 'a')).toBe('ФИО: не менее 3 символов');
  });

  it('parseBody names the field, or the body itself, in Russian only', () => {
    const schema = z.object({ rows: z.array(z.object({ enp: z.string(), n: z.number() })) });
    expect(() => parseBody(schema, { rows: [{ enp: 1 }] })).toThrow('Поле rows.0.enp: ожидается строка, получено: число');
    expect(() => parseBody(schema, [])).toThrow('Тело запроса: ожидается объект, получено: массив');
  });

  it('never leaks an English type word, for any value against any common schema', () => {
    const schemas: z.ZodType[] = [
      z.object({ a: z.string().min(1).max(10), b: z.number().int().min(0), c: z.boolean(), d: z.array(z.string()).max(2), e: z.enum(['x', 'y']) }),
      z.strictObject({ size: z.number().int().positive().max(100) }),
      z.object({ when: z.iso.datetime(), day: z.iso.date() }),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.anything(), (schema, input) => {
        const result = schema.safeParse(input, { error: ruErrors });
        if (result.success) return;
        for (const issue of result.error.issues) {
          expect(issue.message).toMatch(/[а-яё]/i);
          expect(issue.message).not.toMatch(ENGLISH);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a campaign schedule with wrong types is explained in Russian', () => {
    const result = parseSchedule({ campaignId: 5, steps: 'нет' });
    expect(result.ok).toBe(false);
    for (const e of (result as { errors: string[] }).errors) expect(e).not.toMatch(ENGLISH);
  });
});
