import type { RequestHandler } from 'express';
import { containsCardNumber } from '../domain/card-numbers';
import { ErrorType, type FieldProblem } from '../domain/errors';
import { Problem } from './problems';

/** The JSON paths of every string in `value` that holds a full card number. */
function cardNumberFields(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'string') return containsCardNumber(value) ? [path.join('.') || '(body)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => cardNumberFields(v, [...path, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => cardNumberFields(v, [...path, k]));
  return [];
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
