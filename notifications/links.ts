import { createHmac, timingSafeEqual } from 'node:crypto';

/** The two answers a satisfaction e-mail offers; each opens a confirmation page (a GET never records the answer). */
export interface NotificationLinks {
  satisfied: string;
  unsatisfied: string;
}

/** How long a satisfaction link answers: the question's own window (14 days) with room to spare. */
export const SATISFACTION_LINK_VALID_MS = 60 * 86_400_000;

function mac(secret: string, caseId: string, expiresAt: number): string {
  return createHmac('sha256', secret).update(`${caseId}:satisfaction:${expiresAt}`).digest('base64url');
}

/**
 * The token that proves a satisfaction answer comes from the e-mail we sent for this case:
 * `<expiry in epoch seconds>.<HMAC of case and expiry>`, so an old or forwarded link stops working.
 */
function satisfactionToken(secret: string, caseId: string, expiresAtSeconds: number): string {
  return `${expiresAtSeconds}.${mac(secret, caseId, expiresAtSeconds)}`;
}

/**
 * The "satisfied" and "not satisfied" links of a case's satisfaction e-mail, pointing at
 * `GET {publicUrl}/v1/disputes/{caseId}/satisfaction/answer`. The page they open must ask for a
 * confirmation that POSTs: mail scanners follow links, so a GET must never record an answer.
 */
export function satisfactionLinks(publicUrl: string, secret: string, caseId: string, now = Date.now(), validForMs = SATISFACTION_LINK_VALID_MS): NotificationLinks {
  const base = `${publicUrl.replace(/\/+$/, '')}/v1/disputes/${encodeURIComponent(caseId)}/satisfaction/answer`;
  const token = satisfactionToken(secret, caseId, Math.floor((now + validForMs) / 1000));
  const link = (satisfied: boolean) => `${base}?satisfied=${satisfied}&token=${token}`;
  return { satisfied: link(true), unsatisfied: link(false) };
}

/** Whether `token` is an unexpired satisfaction token of `caseId` (the MAC compared in constant time). */
export function verifySatisfactionToken(secret: string, caseId: string, token: string, now = Date.now()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return false;
  const expiresAt = Number(match[1]);
  if (expiresAt * 1000 < now) return false;
  const expected = Buffer.from(mac(secret, caseId, expiresAt));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
