import type { ProcessorName } from './vocabulary';

/**
 * Full card numbers (PANs) in free text. Loop never stores one: intake refuses or redacts any digit
 * run of 13-19 digits (separators between groups allowed) whose Luhn check passes, except inside
 * a processor reference (a `tx_` hex id holds a Luhn-passing run of 13+ digits now and then).
 */

/**
 * Each processor's reference formats, whole: Stripe's PaymentIntent / Charge / Payment ids, Adyen's
 * 16-character PSP reference, PayPal's 17-character capture id, the sandbox's `tx_` + 20 hex digits.
 */
export const PROCESSOR_REFERENCE_FORMATS: Record<ProcessorName, RegExp> = {
  stripe: /^(?:pi|ch|py)_[A-Za-z0-9]{14,64}$/,
  adyen: /^[A-Z0-9]{16}$/,
  paypal: /^(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{17}$/,
  sandbox: /^tx_[0-9a-f]{20}$/,
};

/**
 * Whether `id` has the form of `processor`'s references. Such an id is what the processor issued,
 * not something a customer typed a card number into; a 16-digit Adyen PSP reference passes Luhn
 * about one time in ten and is still a PSP reference.
 */
export function isProcessorReference(processor: ProcessorName, id: string): boolean {
  return Object.hasOwn(PROCESSOR_REFERENCE_FORMATS, processor) && PROCESSOR_REFERENCE_FORMATS[processor].test(id);
}

/**
 * References that free text may quote, which carry letters around their digits and so cannot be
 * a typed card number: Stripe's, the sandbox's, and PayPal's (with a letter). Adyen's all-digit
 * PSP reference is left out: in free text it cannot be told from a card number.
 */
const QUOTED_REFERENCES = new RegExp(
  ['(?:pi|ch|py)_[A-Za-z0-9]{14,64}', 'tx_[0-9a-f]{20}', '(?=[A-Z0-9]*\\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{17}'].map((f) => `\\b${f}\\b`).join('|'),
  'g',
);

/** `text` with every quoted processor reference blanked out (same length, so indices still hold). */
function withoutReferences(text: string): string {
  return text.replace(QUOTED_REFERENCES, (ref) => '_'.repeat(ref.length));
}

/** Groups of digits joined by what people put between them (spaces, line breaks, dots, dashes, slashes). */
const RUN = /\d+(?:[\s.\-/]{1,3}\d+)*/g;
const GROUP = /\d+/g;
const SEPARATORS = /[\s.\-/]/g;

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

/**
 * Where full card numbers occur in `text` (start index and length of each, as written): within
 * each run of digit groups, consecutive whole groups of 13-19 digits in all that pass Luhn; digits
 * inside a quoted processor reference are not looked at.
 */
export function findCardNumbers(text: string): { index: number; length: number }[] {
  const found: { index: number; length: number }[] = [];
  for (const run of withoutReferences(text).matchAll(RUN)) {
    const groups = [...run[0].matchAll(GROUP)].map((g) => ({ at: run.index + g.index, digits: g[0] }));
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      for (let j = i; j < groups.length && digits.length + groups[j]!.digits.length <= 19; j++) {
        digits += groups[j]!.digits;
        if (digits.length >= 13 && passesLuhn(digits)) {
          const end = groups[j]!.at + groups[j]!.digits.length;
          found.push({ index: groups[i]!.at, length: end - groups[i]!.at });
          i = j;
          break;
        }
      }
    }
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
    const last4 = text.slice(index, index + length).replace(SEPARATORS, '').slice(-4);
    out += `${text.slice(at, index)}[card number removed, ending ${last4}]`;
    at = index + length;
  }
  return out + text.slice(at);
}
