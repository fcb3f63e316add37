import { checkDecision, stillRefundable } from '../../../domain/decision';
import type { Refusal } from '../../../domain/errors';
import type { Money } from '../../../domain/money';
import { DECISION_ACTIONS, type CaseState, type DecisionAction, type DeciderRole, type Locale } from '../../../domain/vocabulary';
import { formatMoney, parseAmount } from './format';
import { translate, type ConsoleLocale } from './i18n';
import type { DecisionBody, Problem, Role, StaffCaseView } from './types';

/**
 * What the decision form offers and checks. Every rule here is the workflow's own
 * (domain/decision.ts checkDecision, the update validator's check): the form asks it with probe
 * decisions rather than restating it, so the browser never accepts what the case would refuse.
 */

/** The case as the domain functions read it (the staff view renames caseId to disputeId and adds fields they ignore). */
export function caseStateOf(view: StaffCaseView): CaseState {
  const { disputeId, ...rest } = view;
  return { ...(rest as Omit<CaseState, 'caseId'>), caseId: disputeId };
}

const deciderRole = (role: Role): DeciderRole => (role === 'supervisor' ? 'supervisor' : 'agent');

/** Moves money (and so needs an amount and the confirmation dialog). */
export const movesMoney = (action: DecisionAction) => action === 'REFUND' || action === 'ACCOUNT_CREDIT';

/** A probe of `action` with a placeholder reason and question, and a valid amount when it takes one. */
function probe(state: CaseState, role: Role, action: DecisionAction, amount?: Money): Refusal | null {
  const refundable = stillRefundable(state);
  const probeAmount = movesMoney(action) ? (amount ?? (refundable ? { amountMinor: 1, currency: refundable.currency } : { amountMinor: 1, currency: 'EUR' })) : undefined;
  return checkDecision(state, {
    action,
    reason: 'probe',
    agentId: 'console',
    role: deciderRole(role),
    ...(probeAmount ? { amount: probeAmount } : {}),
    ...(action === 'REQUEST_INFO' ? { question: 'probe' } : {}),
  });
}

/** Why the case takes no decision at all from this person now (its status, or an escalation for an agent), or null. */
export function decisionBlocked(view: StaffCaseView, role: Role): Refusal | null {
  const refusal = probe(caseStateOf(view), role, 'DENY');
  return refusal && refusal.type === 'WRONG_STATE' ? refusal : null;
}

export interface ActionChoice {
  action: DecisionAction;
  /** Null when the case accepts it now; else the domain's refusal (e.g. a chargeback is open). */
  refusal: Refusal | null;
}

/**
 * The actions the case accepts now, each with the domain's refusal when it does not (an open
 * chargeback refuses a refund, a processor-opened case has nobody to ask). Escalating an escalated
 * case is not offered to the supervisor deciding it. Empty when the case takes no decision.
 */
export function actionChoices(view: StaffCaseView, role: Role): ActionChoice[] {
  if (decisionBlocked(view, role)) return [];
  const state = caseStateOf(view);
  return DECISION_ACTIONS.filter((a) => !(a === 'ESCALATE' && state.escalation)).map((action) => {
    const refusal = probe(state, role, action);
    // An amount refusal of the probe (nothing refundable) is about the amount: still reported here, the form cannot fix it.
    return { action, refusal };
  });
}

/** The amount the form starts with: the recommendation, capped at what is still refundable. */
export function prefilledAmount(view: StaffCaseView): Money | null {
  const state = caseStateOf(view);
  const refundable = stillRefundable(state);
  const recommended = state.assessment?.recommendedAmount ?? null;
  if (!refundable || refundable.amountMinor <= 0) return null;
  if (recommended && recommended.currency === refundable.currency) return { ...recommended, amountMinor: Math.min(recommended.amountMinor, refundable.amountMinor) };
  return null;
}

export function maxRefundable(view: StaffCaseView): Money | null {
  const m = stillRefundable(caseStateOf(view));
  return m ? { ...m, amountMinor: Math.max(0, m.amountMinor) } : null;
}

/** The form as the agent fills it (kept as typed, so a draft survives a reload or a new sign-in). */
export interface DecisionDraft {
  action: DecisionAction | '';
  amountText: string;
  reason: string;
  question: string;
}

export const emptyDraft = (): DecisionDraft => ({ action: '', amountText: '', reason: '', question: '' });

/** The form's fields an error can stand beside; anything else is said at the top of the form. */
export type DecisionField = 'action' | 'amount' | 'reason' | 'question' | 'form';

/** Which field of the form an API error names (`amount.amountMinor` is the amount, `status` the whole form). */
export function fieldOf(apiField: string): DecisionField {
  const f = apiField.replace(/^(body:|query:)/, '');
  if (f === 'amount' || f.startsWith('amount.')) return 'amount';
  if (f === 'reason') return 'reason';
  if (f === 'question') return 'question';
  if (f === 'action') return 'action';
  return 'form';
}

export type FieldErrors = Partial<Record<DecisionField, string>>;

/** A refusal in the agent's language where we know its type and field; else the API's own sentence. */
export function localiseRefusal(locale: ConsoleLocale, r: { type?: string; field: string; reason: string }, view: StaffCaseView | null): string {
  const max = view ? maxRefundable(view) : null;
  switch (r.type) {
    case 'AMOUNT_EXCEEDS_REFUNDABLE':
      return max ? translate(locale, 'err.amountExceeds', { max: formatMoney(max, locale) }) : translate(locale, 'err.nothingRefundable');
    case 'CURRENCY_MISMATCH':
      return max ? translate(locale, 'err.currency', { currency: max.currency }) : r.reason;
    case 'CHARGEBACK_OPEN':
      return translate(locale, 'err.chargeback');
    case 'WRONG_STATE':
      return translate(locale, 'err.wrongState', { detail: r.reason });
    default:
      if (r.field === 'amount.amountMinor' && /positive|above zero/.test(r.reason)) return translate(locale, 'err.amountPositive');
      if (r.field === 'action' && /customer is not known/.test(r.reason)) return translate(locale, 'err.noCustomer');
      return r.reason;
  }
}

/** The API's problem as errors beside the fields it names; nothing is dropped (an unknown field goes to the form). */
export function problemToFieldErrors(problem: Problem, locale: ConsoleLocale, view: StaffCaseView | null): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: DecisionField, text: string) => {
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  };
  for (const e of problem.errors ?? []) add(fieldOf(e.field), localiseRefusal(locale, { type: problem.code, field: e.field, reason: e.reason }, view));
  if (!problem.errors?.length) add('form', problem.detail ?? problem.title ?? String(problem.status ?? ''));
  return out;
}

export interface CheckedDraft {
  body: DecisionBody | null;
  errors: FieldErrors;
}

/**
 * The draft as a decision body, checked as the case will check it: required fields, the amount
 * read in the currency's own digits, then domain checkDecision on the case as the page holds it.
 * `body` is null while anything is wrong.
 */
export function checkDraft(view: StaffCaseView, role: Role, draft: DecisionDraft, locale: ConsoleLocale): CheckedDraft {
  const errors: FieldErrors = {};
  if (!draft.action) return { body: null, errors: { action: translate(locale, 'err.required') } };
  const action = draft.action;
  const state = caseStateOf(view);
  const currency = maxRefundable(view)?.currency ?? state.assessment?.recommendedAmount?.currency ?? 'EUR';
  let amount: Money | undefined;
  if (movesMoney(action)) {
    const minor = parseAmount(draft.amountText, currency);
    if (draft.amountText.trim() === '') errors.amount = translate(locale, 'err.required');
    else if (minor === null) errors.amount = translate(locale, 'decision.amountInvalid', { example: locale === 'fr' ? '12,50' : '12.50' });
    else amount = { amountMinor: minor, currency };
  }
  if (draft.reason.trim() === '') errors.reason = translate(locale, 'err.required');
  if (action === 'REQUEST_INFO' && draft.question.trim() === '') errors.question = translate(locale, 'err.required');
  // The domain's check, with a placeholder where the agent has not typed yet, so each field is judged on its own.
  const refusal = checkDecision(state, {
    action,
    reason: draft.reason.trim() || 'pending',
    agentId: 'console',
    role: deciderRole(role),
    ...(amount ? { amount } : {}),
    ...(action === 'REQUEST_INFO' ? { question: draft.question.trim() || 'pending' } : {}),
  });
  if (refusal && !(movesMoney(action) && !amount && refusal.problems.some((p) => p.field === 'amount'))) {
    for (const p of refusal.problems) {
      const field = fieldOf(p.field);
      errors[field] ??= localiseRefusal(locale, { type: refusal.type, field: p.field, reason: p.reason }, view);
    }
  }
  if (Object.keys(errors).length > 0) return { body: null, errors };
  return {
    body: {
      action,
      reason: draft.reason.trim(),
      ...(amount ? { amount } : {}),
      ...(action === 'REQUEST_INFO' ? { question: draft.question.trim() } : {}),
    },
    errors,
  };
}

/** Question templates, in the customer's language (the question is sent to them as written). */
export const QUESTION_TEMPLATES: Record<Locale, { id: string; en: string; text: string }[]> = {
  en: [
    { id: 'reference', en: 'Payment reference', text: 'Could you send us the payment reference shown on your bank statement for this charge?' },
    { id: 'statement', en: 'Bank statement', text: 'Could you send us a screenshot of your bank statement showing the charge (hide the other lines)?' },
    { id: 'recognise', en: 'Recognise the charge', text: 'Do you recognise this payment, and did anyone else in your household use your card on Loop?' },
    { id: 'amount', en: 'Amount expected', text: 'What amount did you expect to pay for this order?' },
  ],
  fr: [
    { id: 'reference', en: 'Payment reference', text: 'Pourriez-vous nous envoyer la référence du paiement indiquée sur votre relevé bancaire pour ce débit ?' },
    { id: 'statement', en: 'Bank statement', text: 'Pourriez-vous nous envoyer une capture de votre relevé bancaire montrant ce débit (en masquant les autres lignes) ?' },
    { id: 'recognise', en: 'Recognise the charge', text: 'Reconnaissez-vous ce paiement, et une autre personne de votre foyer a-t-elle utilisé votre carte sur Loop ?' },
    { id: 'amount', en: 'Amount expected', text: 'Quel montant pensiez-vous payer pour cette commande ?' },
  ],
};


export function parseDraft(text: string | null): DecisionDraft | null {
  if (!text) return null;
  try {
    const d = JSON.parse(text) as Partial<DecisionDraft>;
    const action = (DECISION_ACTIONS as readonly string[]).includes(d.action ?? '') ? (d.action as DecisionAction) : '';
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return { action, amountText: str(d.amountText), reason: str(d.reason), question: str(d.question) };
  } catch {
    return null;
  }
}
