import type { Customer } from '../domain/vocabulary';

/** Who wrote a message, as its channel tells us: the From address of an e-mail, the signed-in customer of a chat. */
export interface Sender {
  channel: 'email' | 'chat';
  customer: Pick<Customer, 'id' | 'email'>;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether the sender is the case's customer, the only one whose messages may join the case. By
 * e-mail the From address must be the customer's address (case-insensitive); by chat the customer
 * id must match as well. A case whose customer is not known yet (a chargeback opened it) is nobody's.
 */
export function isCaseCustomer(caseCustomer: Customer | null | undefined, sender: Sender): boolean {
  if (!caseCustomer) return false;
  if (!sameAddress(caseCustomer.email, sender.customer.email)) return false;
  return sender.channel === 'email' || caseCustomer.id === sender.customer.id;
}
