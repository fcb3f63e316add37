import { createHash } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The case number for a processor transaction: one case per processor + transaction, so every
 * report of it (a retry, a double click, the same charge by e-mail and by chat) lands in the same
 * case. A hash, so the number reveals nothing about the transaction.
 */
export function caseIdFor(processor: string, transactionId: string): string {
  const digest = createHash('sha256').update(`${processor}\u0000${transactionId}`).digest();
  let id = '';
  let bits = 0;
  let buffer = 0;
  for (const byte of digest) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && id.length < 10) {
      bits -= 5;
      id += CROCKFORD[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
    if (id.length === 10) break;
  }
  return `DSP-${id}`;
}
