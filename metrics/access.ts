import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** Who may scrape: `ok`, or the refusal as an error type (401 without the right token, 403 from off the machine). */
export type ScrapeAccess = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback: the socket's own peer address, never a forwarded header. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a presented secret with the configured one in constant time (both hashed to the same length first). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The scrape rule: with `token` set, `Authorization: Bearer <token>` is required from anywhere;
 * without it, only a loopback peer may read. `remoteAddress` is the TCP peer's (`req.socket`), so a
 * proxy on the same machine counts as local: set a token when one forwards outside requests.
 */
export function scrapeAccess(remoteAddress: string | undefined, authorization: string | undefined, token: string | undefined): ScrapeAccess {
  if (token) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    return match && sameSecret(match[1]!, token) ? 'ok' : 'UNAUTHENTICATED';
  }
  return isLoopback(remoteAddress) ? 'ok' : 'FORBIDDEN';
}

/** The refusal's problem+json body (RFC 9457), the same shape api/problems.ts answers with. */
export function refusalBody(access: Exclude<ScrapeAccess, 'ok'>, instance: string) {
  const unauthenticated = access === 'UNAUTHENTICATED';
  return {
    type: `urn:loop-disputes:problem:${access}`,
    code: access,
    title: unauthenticated ? 'unauthenticated' : 'forbidden',
    status: unauthenticated ? 401 : 403,
    detail: unauthenticated ? 'Metrics need Authorization: Bearer with the metrics token.' : 'Metrics are served only to this machine (set METRICS_TOKEN to scrape from elsewhere).',
    errors: [],
    instance,
  };
}
