import type { Notification, NotificationKind } from '../activities/ports';
import { DEFAULT_TIME_ZONE, formatDate, isInstant } from '../documents/dates';
import {
  explanationFor,
  guidanceFor,
  PHRASES,
  ruleExplanation,
  type ExplanationFacts,
  type Phrases,
  type ProcessorAnswer,
} from '../documents/phrases';
import { redactCardNumbers } from '../domain/card-numbers';
import { formatMoney, money } from '../domain/money';
import type { Locale } from '../domain/vocabulary';
import { letterHtml, letterText, type Block, type Letter } from './letter';
import type { NotificationLinks } from './links';
import { MAIL_PHRASES, type MailPhrases } from './phrases';

export type { NotificationLinks } from './links';

/** Whether the resolution document goes with the e-mail: attached, meant to but missing, or not part of it. */
export type DocumentStatus = 'attached' | 'missing' | 'none';

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  links: NotificationLinks;
  /** Whether the resolution document is attached; when it should be but is missing the e-mail says so. @default 'none' */
  document?: DocumentStatus;
  /** Loop's IANA time zone, in which the customer reads dates. @default 'Europe/Paris' */
  timeZone?: string;
}

/** What the layout writes from: the notification's facts, already checked and formatted, and both phrase tables. */
interface View {
  caseId: string;
  locale: Locale;
  /** The notification's facts, card numbers removed. */
  facts: Record<string, string>;
  /** `amountMinor` and `currency` formatted for the locale, or null when the facts carry no valid amount. */
  amount: string | null;
  links: NotificationLinks;
  document: DocumentStatus;
  timeZone: string;
  m: MailPhrases;
  /** The resolution document's phrases: an e-mail and its document explain an outcome in the same words. */
  d: Phrases;
}

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const heading = (text: string): Block => ({ kind: 'heading', text });

/** The facts' amount (`amountMinor` + `currency`) in the locale's form, or null when there is none or it is malformed. */
function amountOf(facts: Record<string, string>, locale: Locale): string | null {
  const { amountMinor, currency } = facts;
  if (!amountMinor || !currency || !/^-?\d{1,15}$/.test(amountMinor) || !/^[A-Z]{3}$/.test(currency)) return null;
  return formatMoney(money(Number(amountMinor), currency), locale);
}

const RESOLVED_ACTIONS = ['REFUND', 'ACCOUNT_CREDIT', 'EXPLAIN', 'DENY'] as const;
type ResolvedAction = (typeof RESOLVED_ACTIONS)[number];
const resolvedAction = (action: string | undefined): ResolvedAction | null =>
  (RESOLVED_ACTIONS as readonly string[]).includes(action ?? '') ? (action as ResolvedAction) : null;

const PROCESSOR_ANSWERS: readonly ProcessorAnswer[] = ['PROCESSOR_ERROR_CONFIRMED', 'NO_PROCESSOR_ERROR'];
const processorAnswerOf = (facts: Record<string, string>): ProcessorAnswer | null =>
  PROCESSOR_ANSWERS.find((a) => a === facts.processorAnswer) ?? null;

/** The same facts the document reads from the case, read from the e-mail's facts. */
const explanationFacts = (v: View): ExplanationFacts => ({
  caseId: v.caseId,
  refundReferences: v.facts.refundReferences ?? '',
  processorAnswer: processorAnswerOf(v.facts),
});

/** Why, in the customer's words: the facts carry the rule, never the investigation's recorded English. */
function whyBlocks(v: View): Block[] {
  const rule = v.facts.rule;
  if (!rule) return [];
  // The e-mail's facts do not say whether there was no order or one in another currency: a sentence true of both.
  const answer = processorAnswerOf(v.facts);
  const why = rule === 'NO_ORDER_RECORD' ? v.d.noComparableOrder : ruleExplanation(v.d, rule, answer);
  return [heading(v.m.resolution.found), paragraph(why), ...(answer ? [paragraph(v.d.processorAnswers[answer])] : [])];
}

function resolution(v: View): { subject: string; blocks: Block[] } {
  const r = v.m.resolution;
  const action = resolvedAction(v.facts.action);
  const { reference } = v.facts;
  const explanation = action === 'EXPLAIN' ? explanationFor(v.d, v.facts.rule, explanationFacts(v)) : null;
  const rows: [string, string][] = [[v.m.labels.decision, action ? r.decisions[action] : v.d.labels.none]];
  if (v.amount) rows.push([v.m.labels.amount, v.amount]);
  if (reference) rows.push([action === 'REFUND' ? v.m.labels.refundReference : v.m.labels.reference, reference]);
  const decided: Record<ResolvedAction, () => string> = {
    REFUND: () => r.refunded(v.amount, reference ?? null),
    ACCOUNT_CREDIT: () => r.credited(v.amount),
    EXPLAIN: () => explanation!.outcome,
    DENY: () => r.declined,
  };
  const guidance = explanation ? explanation.options : guidanceFor(v.d, v.facts.rule, explanationFacts(v));
  const blocks: Block[] = [
    paragraph(r.intro),
    { kind: 'facts', rows },
    ...(action ? [paragraph(decided[action]())] : []),
    ...whyBlocks(v),
    heading(r.canStillDo),
    ...guidance.map(paragraph),
    paragraph(r.disagree),
    paragraph(r.followUp),
    ...(v.document === 'attached' ? [paragraph(r.attached)] : v.document === 'missing' ? [paragraph(r.missing)] : []),
  ];
  return { subject: v.m.subject(v.caseId, r.about[action ?? 'DENY']), blocks };
}

/** The one layout of every kind of e-mail; the words come from the locale's phrase tables. */
const LAYOUTS: Record<NotificationKind, (v: View) => { subject: string; blocks: Block[] }> = {
  ACKNOWLEDGEMENT: ({ m, caseId }) => ({
    subject: m.subject(caseId, m.acknowledgement.about),
    blocks: [
      paragraph(m.acknowledgement.opened(caseId)),
      { kind: 'facts', rows: [[m.labels.caseNumber, caseId]] },
      paragraph(m.acknowledgement.checking),
      paragraph(m.acknowledgement.addMore),
    ],
  }),
  INFORMATION_REQUEST: ({ m, caseId, facts }) => ({
    subject: m.subject(caseId, m.informationRequest.about),
    blocks: [
      paragraph(m.informationRequest.intro),
      // The agent writes the question to the customer, for the customer: quoted as written.
      { kind: 'quote', text: facts.question ?? '' },
      heading(m.informationRequest.howToAnswer),
      paragraph(m.informationRequest.how),
      paragraph(m.informationRequest.without),
    ],
  }),
  RESOLUTION: resolution,
  SATISFACTION_QUESTION: ({ m, caseId, links, facts, locale, timeZone }) => ({
    subject: m.subject(caseId, m.satisfaction.about),
    blocks: [
      // A question sent before the facts carried the date says no date rather than guessing one.
      paragraph(m.satisfaction.ask(caseId, isInstant(facts.resolvedAt) ? formatDate(facts.resolvedAt, locale, { timeZone }) : null)),
      {
        kind: 'buttons',
        links: [
          { label: m.satisfaction.yes, href: links.satisfied },
          { label: m.satisfaction.no, href: links.unsatisfied },
        ],
      },
      paragraph(m.satisfaction.confirm),
      paragraph(m.satisfaction.without),
    ],
  }),
  CLOSURE: ({ m, caseId, facts }) => {
    const because = (m.closure.because as Record<string, string>)[facts.outcome ?? ''];
    return {
      subject: m.subject(caseId, m.closure.about),
      blocks: [...(because ? [paragraph(because)] : []), paragraph(m.closure.closed(caseId)), paragraph(m.closure.another)],
    };
  },
  WITHDRAWAL: ({ m, caseId }) => ({
    subject: m.subject(caseId, m.withdrawal.about),
    blocks: [paragraph(m.withdrawal.withdrawn(caseId)), paragraph(m.withdrawal.mistake)],
  }),
  PROCESSOR_INQUIRY: ({ m, caseId, facts, locale, timeZone }) => {
    const due = isInstant(facts.dueAt) ? formatDate(facts.dueAt, locale, { timeZone }) : null;
    return {
      subject: m.subject(caseId, m.processorInquiry.about),
      blocks: [
        paragraph(m.processorInquiry.found),
        paragraph(m.processorInquiry.raised(due)),
        paragraph(m.processorInquiry.willWrite),
        paragraph(m.processorInquiry.meanwhile),
      ],
    };
  },
};

/** The letter for a notification, before rendering: the customer's language (English when unknown). */
export function composeLetter(n: Notification, ctx: RenderContext): Letter {
  const locale: Locale = n.locale === 'fr' ? 'fr' : 'en';
  const m = MAIL_PHRASES[locale];
  // Facts are short texts from the case; a card number must never leave in an e-mail, whoever typed it.
  const facts = Object.fromEntries(Object.entries(n.facts).map(([k, v]) => [k, redactCardNumbers(String(v))]));
  const view: View = {
    caseId: n.caseId,
    locale,
    facts,
    amount: amountOf(facts, locale),
    links: ctx.links,
    document: ctx.document ?? 'none',
    timeZone: ctx.timeZone ?? DEFAULT_TIME_ZONE,
    m,
    d: PHRASES[locale],
  };
  const { subject, blocks } = LAYOUTS[n.kind](view);
  return { locale, subject, caseId: n.caseId, greeting: m.greeting, blocks, signature: m.signature, footer: m.footer(n.caseId) };
}

/**
 * Renders a customer e-mail in the customer's language: a subject naming the case number, a plain
 * text body and an HTML body (every fact escaped; card numbers removed; dates in Loop's time zone).
 */
export function renderNotification(n: Notification, ctx: RenderContext): RenderedNotification {
  const letter = composeLetter(n, ctx);
  return { subject: letter.subject, text: letterText(letter), html: letterHtml(letter) };
}
