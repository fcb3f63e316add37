import { createHmac, timingSafeEqual } from 'node:crypto';

/** The two answers a satisfaction e-mail offers; each opens a confirmation page (a GET never records the answer). */
export interface NotificationLinks {
  satisfied: string;
  unsatisfied: string;
}

/** The token that proves a satisfaction answer comes from the e-mail we sent for this case. */
export function satisfactionToken(secret: string, caseId: string): string {
  return createHmac('sha256', secret).update(`${caseId}:satisfaction`).digest('base64url');
}

/**
 * The "satisfied" and "not satisfied" links of a case's satisfaction e-mail, pointing at
 * `GET {publicUrl}/v1/disputes/{caseId}/satisfaction/answer`. The page they open must ask for a
 * confirmation that POSTs: mail scanners follow links, so a GET must never record an answer.
 */
export function satisfactionLinks(publicUrl: string, secret: string, caseId: string): NotificationLinks {
  const base = `${publicUrl.replace(/\/+$/, '')}/v1/disputes/${encodeURIComponent(caseId)}/satisfaction/answer`;
  const token = satisfactionToken(secret, caseId);
  const link = (satisfied: boolean) => `${base}?satisfied=${satisfied}&token=${token}`;
  return { satisfied: link(true), unsatisfied: link(false) };
}

/** Whether `token` is the satisfaction token of `caseId` (compared in constant time). */
export function verifySatisfactionToken(secret: string, caseId: string, token: string): boolean {
  const expected = Buffer.from(satisfactionToken(secret, caseId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
