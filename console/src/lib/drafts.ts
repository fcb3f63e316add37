/**
 * Unsent work kept in the browser tab (sessionStorage) until it is sent: a decision being written
 * and a note. Keyed by who wrote it and which case, so a colleague signing in on the same tab
 * never sees someone else's draft; sign-out clears them all.
 */
export type DraftKind = 'decision' | 'note';

const PREFIX = 'loop-console.';
const SUFFIX: Record<DraftKind, string> = { decision: 'decision-draft', note: 'note-draft' };

export const draftKey = (kind: DraftKind, subject: string, disputeId: string) => `${PREFIX}${SUFFIX[kind]}.${encodeURIComponent(subject)}.${disputeId}`;

/** The part of Storage the drafts use (sessionStorage in the browser, a Map in the tests). */
export interface DraftStore {
  readonly length: number;
  key(index: number): string | null;
  removeItem(key: string): void;
}

/** Removes every draft of every person from the store (sign-out). */
export function clearDrafts(store: DraftStore): void {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k && Object.values(SUFFIX).some((s) => k.startsWith(`${PREFIX}${s}.`))) keys.push(k);
  }
  for (const k of keys) store.removeItem(k);
}
