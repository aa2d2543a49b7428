/** Luhn check digit for a string of decimal digits (the digit that would be appended). */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  // Walk from the right; the rightmost payload digit is doubled because a check digit follows it.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function passesLuhn(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}
