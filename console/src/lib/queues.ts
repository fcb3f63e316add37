import { addBusinessDays } from '../../../domain/business-days';
import type { QueueCounts, Role } from './types';

/** The console's tabs, named as `GET /v1/queues` counts them. */
export const QUEUE_TABS = ['needsDecision', 'waitingForCustomer', 'escalated', 'dueWithinOneBusinessDay', 'breached', 'resolving', 'mine', 'all'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** Statuses in which the agents still have something to do (records/queries.ts WORKING_STATUSES). */
const WORKING = 'RECEIVED,INVESTIGATING,AWAITING_CUSTOMER,AWAITING_DECISION,AWAITING_PROCESSOR,RESOLVING';
/** Every status but CLOSED and WITHDRAWN: what the All tab counts. */
const OPEN = `${WORKING},RESOLVED,FOLLOW_UP`;

/** Supervisors see the escalations first; everyone else the cases waiting for a decision. */
export function tabsFor(role: Role): QueueTab[] {
  return role === 'supervisor' ? ['escalated', ...QUEUE_TABS.filter((t) => t !== 'escalated')] : [...QUEUE_TABS];
}

export const QUEUE_SORTS = ['due', 'age', 'amount'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The list's sort and order for each choice: the most urgent, the oldest, the largest first. */
const SORT_PARAMS: Record<QueueSort, { sort: string; order: string }> = {
  due: { sort: 'due', order: 'asc' },
  age: { sort: 'opened', order: 'asc' },
  amount: { sort: 'amount', order: 'desc' },
};

export interface QueueQuery {
  tab: QueueTab;
  sort: QueueSort;
  q?: string;
  cursor?: string | null;
  /** The signed-in person's subject (the Mine tab). */
  subject: string;
  limit?: number;
}

/**
 * The `GET /v1/disputes` filters of a tab, matching what `GET /v1/queues` counts for it
 * (records/queries.ts queueCounts). "Due within one business day" lists cases not yet breached
 * whose first decision is due before one business day from now.
 */
export function tabFilters(tab: QueueTab, subject: string, now: Date): Record<string, string> {
  switch (tab) {
    case 'needsDecision':
      return { status: 'AWAITING_DECISION' };
    case 'waitingForCustomer':
      return { status: 'AWAITING_CUSTOMER' };
    case 'escalated':
      return { status: WORKING, escalated: 'true' };
    case 'dueWithinOneBusinessDay':
      return { status: 'AWAITING_DECISION', slaBreached: 'false', due_before: addBusinessDays(now.toISOString(), 1) };
    case 'breached':
      return { status: WORKING, slaBreached: 'true' };
    case 'resolving':
      return { status: 'RESOLVING' };
    case 'mine':
      return { status: WORKING, assignee: subject };
    case 'all':
      return { status: OPEN };
    default: {
      const never: never = tab;
      throw new Error(`unknown tab ${String(never)}`);
    }
  }
}

/**
 * The path and query of a queue page. A search looks through every case, whatever its status (a
 * customer on the phone about last month's closed case is found too), so it leaves the tab aside.
 */
export function queueListPath(query: QueueQuery, now: Date = new Date()): string {
  const q = query.q?.trim();
  const params = new URLSearchParams({ ...(q ? {} : tabFilters(query.tab, query.subject, now)), ...SORT_PARAMS[query.sort], limit: String(query.limit ?? 50) });
  if (q) params.set('q', q);
  if (query.cursor) params.set('cursor', query.cursor);
  return `/v1/disputes?${params.toString()}`;
}

export function countOf(counts: QueueCounts | null, tab: QueueTab): number | null {
  return counts ? counts[tab] : null;
}

export const isQueueTab = (v: unknown): v is QueueTab => (QUEUE_TABS as readonly unknown[]).includes(v);
export const isQueueSort = (v: unknown): v is QueueSort => (QUEUE_SORTS as readonly unknown[]).includes(v);
