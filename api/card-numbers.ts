import type { RequestHandler } from 'express';
import { containsCardNumber, isProcessorReference } from '../domain/card-numbers';
import { PROCESSORS, type ProcessorName } from '../domain/vocabulary';
import { ErrorType, type FieldProblem } from '../domain/errors';
import { Problem } from './problems';

/**
 * The JSON paths of every string in `value` that holds a full card number. Walks with its own
 * stack, never recursing: the parser already bounds the depth, and this must not depend on it.
 */
/**
 * Whether the string at `path` is a processor reference in its processor's format: the report's
 * `transaction.id` for the processor beside it, an information message's `transactionId` for any.
 * Those the processor issued; nobody types a card number into one that still has that form.
 */
function isReference(path: string, value: string, parent: unknown): boolean {
  if (path === 'transaction.id') {
    const processor = (parent as { processor?: unknown }).processor;
    const known = typeof processor === 'string' && (PROCESSORS as readonly string[]).includes(processor);
    return known && isProcessorReference(processor as ProcessorName, value);
  }
  return path === 'transactionId' && PROCESSORS.some((p) => isProcessorReference(p, value));
}

function cardNumberFields(value: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string; parent: unknown }[] = [{ value, path: '', parent: null }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const at = (key: string) => (next!.path ? `${next!.path}.${key}` : key);
    if (typeof next.value === 'string') {
      const refused = containsCardNumber(next.value) && !isReference(next.path, next.value, next.parent);
      if (refused) found.push(next.path || '(body)');
    } else if (Array.isArray(next.value)) {
      const parent = next.value;
      parent.forEach((v, i) => pending.push({ value: v, path: at(String(i)), parent }));
    } else if (next.value && typeof next.value === 'object') {
      const parent = next.value;
      for (const [k, v] of Object.entries(parent)) pending.push({ value: v, path: at(k), parent });
    }
  }
  return found.reverse();
}

/**
 * Refuses a body, query or Idempotency-Key holding a full card number (13-19 digits passing Luhn)
 * anywhere but in a processor reference of its processor's form, before any handler, log or
 * workflow sees it. The answer names the fields, never the number.
 */
export function refuseCardNumbers(): RequestHandler {
  return (req, _res, next) => {
    const key = req.header('idempotency-key');
    const fields = [
      ...cardNumberFields(req.body),
      ...cardNumberFields(req.query).map((f) => `query:${f}`),
      ...(key !== undefined && containsCardNumber(key) ? ['header:Idempotency-Key'] : []),
    ];
    if (fields.length === 0) return next();
    const errors: FieldProblem[] = fields.map((field) => ({ field, reason: 'holds a full card number; never send one (the last four digits are enough)' }));
    next(new Problem(ErrorType.CARD_NUMBER_REFUSED, 'The request holds a full card number, which Loop never stores; remove it and send again.', errors));
  };
}
