/**
 * Full card numbers (PANs) in free text. Loop never stores one: intake refuses or redacts any digit
 * run of 13-19 digits (spaces or dashes between groups allowed) whose Luhn check passes.
 */

/** Digit runs of 13-19 digits, optionally grouped by single spaces or dashes, not inside a longer number. */
const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/g;

/** The Luhn (mod 10) check over a string of digits. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Where full card numbers occur in `text` (start index and length of each match, as written). */
export function findCardNumbers(text: string): { index: number; length: number }[] {
  const found: { index: number; length: number }[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) found.push({ index: m.index, length: m[0].length });
  }
  return found;
}

export function containsCardNumber(text: string): boolean {
  return findCardNumbers(text).length > 0;
}

/** The text with each full card number replaced by a marker keeping only its last four digits. */
export function redactCardNumbers(text: string): string {
  let out = '';
  let at = 0;
  for (const { index, length } of findCardNumbers(text)) {
    const last4 = text.slice(index, index + length).replace(/[ -]/g, '').slice(-4);
    out += `${text.slice(at, index)}[card number removed, ending ${last4}]`;
    at = index + length;
  }
  return out + text.slice(at);
}
