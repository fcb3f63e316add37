import type { Notification } from '../activities/ports';
import { redactCardNumbers } from '../domain/card-numbers';
import { formatMoney, money } from '../domain/money';
import { letterHtml, letterText, type Letter } from './letter';
import type { NotificationLinks } from './links';
import type { Copy, DocumentStatus } from './templates/copy';
import { en } from './templates/en';
import { fr } from './templates/fr';

export type { DocumentStatus } from './templates/copy';
export type { NotificationLinks } from './links';

const COPIES: Record<string, Copy> = { fr, en };

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  links: NotificationLinks;
  /** Whether the resolution document is attached; when it should be but is missing the e-mail says so. @default 'none' */
  document?: DocumentStatus;
}

/** The facts' amount (`amountMinor` + `currency`) in the locale's form, or null when there is none or it is malformed. */
function amountOf(facts: Record<string, string>, locale: 'fr' | 'en'): string | null {
  const { amountMinor, currency } = facts;
  if (!amountMinor || !currency || !/^-?\d{1,15}$/.test(amountMinor) || !/^[A-Z]{3}$/.test(currency)) return null;
  return formatMoney(money(Number(amountMinor), currency), locale);
}

/** The letter for a notification, before rendering: the customer's language (English when unknown). */
export function composeLetter(n: Notification, ctx: RenderContext): Letter {
  const locale = n.locale === 'fr' ? 'fr' : 'en';
  const copy = COPIES[locale]!;
  // Facts are short texts from the case; a card number must never leave in an e-mail, whoever typed it.
  const facts = Object.fromEntries(Object.entries(n.facts).map(([k, v]) => [k, redactCardNumbers(String(v))]));
  const { subject, blocks } = copy.kinds[n.kind]({ caseId: n.caseId, facts, amount: amountOf(facts, locale), links: ctx.links, document: ctx.document ?? 'none' });
  return { locale, subject, caseId: n.caseId, greeting: copy.greeting, blocks, signature: copy.signature, footer: copy.footer(n.caseId) };
}

/**
 * Renders a customer e-mail in the customer's language: a subject naming the case number, a plain
 * text body and an HTML body (every fact escaped; card numbers removed).
 */
export function renderNotification(n: Notification, ctx: RenderContext): RenderedNotification {
  const letter = composeLetter(n, ctx);
  return { subject: letter.subject, text: letterText(letter), html: letterHtml(letter) };
}
