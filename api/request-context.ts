import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { containsCardNumber } from '../domain/card-numbers';
import { ErrorType } from '../domain/errors';
import { Problem } from './problems';

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Gives every request an id (the caller's `X-Request-Id` when it is sane), echoed in the answer and in logs. */
export function requestIds(): RequestHandler {
  return (req, res, next) => {
    const given = req.header('x-request-id');
    // A caller's id goes into logs: never one that could be a card number.
    req.requestId = given && SAFE_REQUEST_ID.test(given) && !containsCardNumber(given) ? given : randomUUID();
    res.set('X-Request-Id', req.requestId);
    next();
  };
}

/**
 * One line per answered request: request id, method, path (never the query or body), status,
 * milliseconds, and who called (a key name or token subject, never a secret).
 */
export function accessLog(write: (line: string) => void): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      write(`[request ${req.requestId ?? '-'}] ${req.method} ${req.baseUrl}${req.path} ${res.statusCode} ${ms.toFixed(0)}ms ${req.principal?.id ?? 'anonymous'}`);
    });
    next();
  };
}

/**
 * At most `perMinute` requests per credential (per address when there is none); beyond, 429 with
 * Retry-After in seconds and the standard RateLimit headers.
 */
export function rateLimitPerCredential(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.id ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (req, res, next) => {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
      res.set('Retry-After', String(seconds));
      next(new Problem(ErrorType.RATE_LIMITED, `Too many requests for this credential; retry in ${seconds} s.`));
    },
  });
}

/**
 * Refused credentials per address: after `perMinute` 401s in a minute the address gets 429 before
 * its credential is even checked, so keys and tokens cannot be guessed at speed. Successful
 * requests are not counted.
 */
export function limitFailedCredentials(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (_req, res, next) => {
      res.set('Retry-After', '60');
      next(new Problem(ErrorType.RATE_LIMITED, 'Too many refused credentials from this address; retry in 60 s.'));
    },
  });
}
