import { formatMoney } from './money';
import type { CasePolicy, CaseState, DisputeReport } from './vocabulary';

/**
 * What an engineer reads about a case in the Temporal Web UI and CLI: a one-line summary and
 * Markdown details set when the case starts, and the current details the workflow keeps up to
 * date (status, what it waits for, until when). Pure and in English (engineers' words); never a
 * customer's name, e-mail or message, though these too go through the payload codec.
 */

/** `DUPLICATE_CHARGE` → `duplicate charge`. */
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');

/** `2026-12-09 21:01 UTC`: the same on every worker, whatever its locale. */
export const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** A delay as people say it: `7 days`, `36 hours`, `2 minutes`. */
export function spanWords(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms % 86_400_000 === 0) return unit(ms / 86_400_000, 'day');
  if (ms % 3_600_000 === 0) return unit(ms / 3_600_000, 'hour');
  return unit(Math.round(ms / 60_000), 'minute');
}

export interface CaseLinks {
  /** Where people reach the API and the console (PUBLIC_URL), without a trailing slash. */
  publicUrl?: string;
}

/** `DSP-… · duplicate charge · sandbox · €89.99`: what the case is, on one line. */
export function caseSummary(caseId: string, report: DisputeReport): string {
  const amount = report.expectedAmount ? ` · ${formatMoney(report.expectedAmount, 'en')}` : '';
  return `${caseId} · ${words(report.category)} · ${report.transaction.processor}${amount}`;
}

/** The case as it was opened, in Markdown, with links to its page in the console and in the API. */
export function caseDetails(caseId: string, report: DisputeReport, { publicUrl }: CaseLinks = {}): string {
  const lines = [
    `**Case** ${caseId}`,
    `**Category** ${words(report.category)} · **Channel** ${report.channel}`,
    `**Processor** ${report.transaction.processor} · **Transaction** \`${report.transaction.id}\``,
    ...(report.expectedAmount ? [`**Amount reported** ${formatMoney(report.expectedAmount, 'en')}`] : []),
  ];
  if (publicUrl) {
    const id = encodeURIComponent(caseId);
    lines.push(`[Open in the agent console](${publicUrl}/console/cases/${id}) · [The case in the API](${publicUrl}/v1/disputes/${id})`);
  }
  return lines.join('\n\n');
}

/** What the case is doing now, and until when: the workflow's current details. */
export function currentDetails(state: CaseState, policy: Pick<CasePolicy, 'informationAnswerWindowMs' | 'followUpDelayMs' | 'satisfactionAnswerWindowMs'>): string {
  const plus = (iso: string, ms: number) => utc(new Date(Date.parse(iso) + ms).toISOString());
  const waiting = ((): string => {
    switch (state.status) {
      case 'RECEIVED':
      case 'INVESTIGATING':
        return 'investigating: the processor, the order and Loop’s incidents';
      case 'AWAITING_DECISION': {
        const who = state.escalation ? 'a supervisor’s decision (escalated)' : 'an agent’s decision';
        const due = state.deadlines.firstDecisionDueAt && !state.deadlines.firstAgentDecisionAt ? `, first decision due ${utc(state.deadlines.firstDecisionDueAt)}` : '';
        return `waiting for ${who}${due}`;
      }
      case 'AWAITING_CUSTOMER':
        return state.informationRequest ? `waiting for the customer’s answer until ${plus(state.informationRequest.askedAt, policy.informationAnswerWindowMs)}` : 'waiting for the customer';
      case 'AWAITING_PROCESSOR':
        return state.processorInquiry ? `waiting for the processor’s answer, due ${utc(state.processorInquiry.dueAt)}` : 'waiting for the processor';
      case 'RESOLVING':
        return state.pendingRefund
          ? `waiting for refund ${state.pendingRefund.refundId} (${formatMoney(state.pendingRefund.amount, 'en')}) to settle at ${state.report.transaction.processor}, pending since ${utc(state.pendingRefund.since)}`
          : `carrying out the decision (${words(state.decision?.action ?? 'unknown')})`;
      case 'RESOLVED':
        return state.resolution ? `resolved (${words(state.resolution.action)}${state.resolution.amount ? ` ${formatMoney(state.resolution.amount, 'en')}` : ''}); satisfaction question ${plus(state.resolution.resolvedAt, policy.followUpDelayMs)}` : 'resolved';
      case 'FOLLOW_UP':
        return state.satisfactionAskedAt ? `waiting for the customer’s satisfaction answer until ${plus(state.satisfactionAskedAt, policy.satisfactionAnswerWindowMs)}` : 'waiting for the customer’s satisfaction answer';
      case 'CLOSED':
        return `closed (${words(state.closedReason ?? 'unknown')})`;
      case 'WITHDRAWN':
        return 'withdrawn by the customer';
      default:
        return words(state.status);
    }
  })();
  const lines = [`**${state.status}**: ${waiting}`];
  if (state.assessment) lines.push(`**Liability** ${words(state.assessment.liability)} · **Recommended** ${words(state.assessment.recommendedAction)}${state.assessment.recommendedAmount ? ` ${formatMoney(state.assessment.recommendedAmount, 'en')}` : ''}`);
  if (state.assignee) lines.push(`**Assignee** ${state.assignee}`);
  if (state.slaBreached) lines.push('**SLA breached**');
  return lines.join('\n\n');
}
