import type { NotificationKind } from '../../activities/ports';
import type { Block } from '../letter';
import type { NotificationLinks } from '../links';

/** Whether the resolution document goes with the e-mail: attached, meant to but missing, or not part of it. */
export type DocumentStatus = 'attached' | 'missing' | 'none';

/** What a language's copy writes from: the notification's facts, already checked and formatted. */
export interface LetterView {
  caseId: string;
  /** The notification's facts, card numbers removed. */
  facts: Record<string, string>;
  /** `amountMinor` and `currency` formatted for the locale, or null when the facts carry no valid amount. */
  amount: string | null;
  links: NotificationLinks;
  document: DocumentStatus;
}

/** One kind of e-mail in one language: its subject and the body between greeting and signature. */
export type KindCopy = (view: LetterView) => { subject: string; blocks: Block[] };

/** Everything a language says: one entry per notification kind, and the fixed parts of every letter. */
export interface Copy {
  greeting: string;
  signature: string;
  footer: (caseId: string) => string[];
  kinds: Record<NotificationKind, KindCopy>;
}

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const heading = (text: string): Block => ({ kind: 'heading', text });
