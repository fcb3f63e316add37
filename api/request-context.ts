import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options } from 'express-rate-limit';
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

/** Seconds until a limiter's window resets, for Retry-After (at least 1). */
function secondsUntil(resetTime: Date | undefined): number {
  return resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
}

export interface CredentialLimits {
  /** Requests per minute for a person's credential (agent, supervisor, customer, engineer), or per address. */
  perMinute: number;
  /** Requests per minute for a service's key (the website role), unless `perServiceKey` names it. */
  servicePerMinute: number;
  /** Per-key budgets for service keys, by key name (`API_KEYS`'s second field). */
  perServiceKey?: Readonly<Record<string, number>>;
}

/**
 * At most a budget of requests per minute per credential (per address when there is none); beyond,
 * 429 with Retry-After in seconds and the standard RateLimit headers. A service's key (a shop's
 * backend reporting for all its customers) has a service budget, set per key; a person's key or
 * token has a person's.
 */
export function rateLimitPerCredential(limits: CredentialLimits): RequestHandler {
  const { perMinute, servicePerMinute, perServiceKey = {} } = limits;
  return rateLimit({
    windowMs: 60_000,
    limit: (req) => {
      const principal = req.principal;
      if (principal?.role !== 'website') return perMinute;
      return Object.hasOwn(perServiceKey, principal.subject) ? perServiceKey[principal.subject]! : servicePerMinute;
    },
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => req.principal?.id ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`,
    handler: (req, res, next) => {
      const seconds = secondsUntil((req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime);
      res.set('Retry-After', String(seconds));
      next(new Problem(ErrorType.RATE_LIMITED, `Too many requests for this credential; retry in ${seconds} s.`));
    },
  });
}

/** The customer a service's request is for, as its body names them (a report's `customer`). */
function customerOf(req: Request): { id?: string; email?: string } | null {
  if (req.principal?.role !== 'website') return null;
  const customer = (req.body as { customer?: unknown } | undefined)?.customer;
  if (!customer || typeof customer !== 'object') return null;
  const { id, email } = customer as { id?: unknown; email?: unknown };
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof email === 'string' ? { email: email.trim().toLowerCase() } : {}),
  };
}

/**
 * What a service sends for one customer (by the body's customer id, and by their e-mail, so a
 * changing id does not reset it) is limited to `perMinute`, so one customer cannot spend the
 * service's whole budget. Runs after the JSON parser; requests that name no customer pass.
 */
export function rateLimitPerCustomer(perMinute: number): RequestHandler[] {
  const by = (part: 'id' | 'email') =>
    rateLimit({
      windowMs: 60_000,
      limit: perMinute,
      standardHeaders: false,
      legacyHeaders: false,
      skip: (req) => customerOf(req)?.[part] === undefined,
      keyGenerator: (req) => `${req.principal!.id}|${part}:${customerOf(req)![part]}`,
      handler: (req, res, next) => {
        const seconds = secondsUntil((req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime);
        res.set('Retry-After', String(seconds));
        const reason = `more than ${perMinute} requests a minute for one customer`;
        const detail = `Too many requests for this customer; retry in ${seconds} s.`;
        next(new Problem(ErrorType.RATE_LIMITED, detail, [{ field: `customer.${part}`, reason }]));
      },
    });
  return [by('id'), by('email')];
}

/**
 * Refused credentials per address: after `perMinute` 401s in a minute the address gets 429 before
 * its credential is even checked, so keys and tokens cannot be guessed at speed. A 401 counts when
 * it is answered to a request that presented an X-API-Key or Authorization header; a request still
 * in flight, answered otherwise, or with no credential (or only the console cookie), never counts.
 */
export function limitFailedCredentials(perMinute: number): RequestHandler {
  const refused = new MemoryStore();
  refused.init({ windowMs: 60_000 } as Options);
  return (req, res, next) => {
    const key = `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    refused.get(key).then((seen) => {
      if (seen && seen.totalHits >= perMinute && (seen.resetTime?.getTime() ?? Infinity) > Date.now()) {
        res.set('Retry-After', '60');
        const detail = 'Too many refused credentials from this address; retry in 60 s.';
        return next(new Problem(ErrorType.RATE_LIMITED, detail));
      }
      // Only a presented credential can be a guess: a console asking whether it is signed in, or
      // naming its ended session (256 random bits), must not lock its address out of signing in.
      const presented = req.header('x-api-key') !== undefined || req.header('authorization') !== undefined;
      res.on('finish', () => {
        if (res.statusCode === 401 && presented) void refused.increment(key);
      });
      next();
    }, next);
  };
}
