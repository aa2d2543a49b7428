/**
 * СНИЛС (DOMAIN.md §1): 11 digits, also written `NNN-NNN-NNN NN`. Control number = Σ digit·weight with
 * weights 9…1 over the first nine digits; <100 → itself, 100/101 → 00, >101 → mod 101 (100 → 00).
 * Numbers up to 001-001-998 were issued before the control rule and are not checked.
 */
export type SnilsProblem = 'format' | 'checksum';

const PLAIN = /^\d{11}$/;
const FORMATTED = /^(\d{3})-(\d{3})-(\d{3})[ -](\d{2})$/;

/** Canonical 11 digits, or undefined when the text is not a СНИЛС in either accepted form. */
export function normalizeSnils(text: string): string | undefined {
  if (PLAIN.test(text)) return text;
  const m = FORMATTED.exec(text);
  return m ? m.slice(1).join('') : undefined;
}

export function snilsControl(firstNine: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (firstNine.charCodeAt(i) - 48) * (9 - i);
  if (sum < 100) return sum;
  if (sum <= 101) return 0;
  const rest = sum % 101;
  return rest === 100 ? 0 : rest;
}

export function checkSnils(text: string): SnilsProblem | undefined {
  const digits = normalizeSnils(text);
  if (!digits) return 'format';
  if (Number(digits.slice(0, 9)) <= 1001998) return undefined;
  return snilsControl(digits.slice(0, 9)) === Number(digits.slice(9)) ? undefined : 'checksum';
}

export function makeSnils(firstNine: string): string {
  return firstNine + String(snilsControl(firstNine)).padStart(2, '0');
}

export function formatSnils(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;
}
