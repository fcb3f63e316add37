import type { RequestHandler } from 'express';
import { containsCardNumber } from '../domain/card-numbers';
import { ErrorType, type FieldProblem } from '../domain/errors';
import { Problem } from './problems';

/**
 * The JSON paths of every string in `value` that holds a full card number. Walks with its own
 * stack, never recursing: the parser already bounds the depth, and this must not depend on it.
 */
function cardNumberFields(value: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const at = (key: string) => (next!.path ? `${next!.path}.${key}` : key);
    if (typeof next.value === 'string') {
      if (containsCardNumber(next.value)) found.push(next.path || '(body)');
    } else if (Array.isArray(next.value)) {
      next.value.forEach((v, i) => pending.push({ value: v, path: at(String(i)) }));
    } else if (next.value && typeof next.value === 'object') {
      for (const [k, v] of Object.entries(next.value)) pending.push({ value: v, path: at(k) });
    }
  }
  return found.reverse();
}

/**
 * Refuses a body, query or Idempotency-Key holding a full card number anywhere (13-19 digits
 * passing Luhn), before any handler, log or workflow sees it. The answer names the fields, never the number.
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
