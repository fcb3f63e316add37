import { PHRASES } from '../../documents/phrases';
import { LIABILITY_RULES } from '../../domain/liability';
import { MAIL_PHRASES } from '../../notifications/phrases';

/** Every liability rule id, including the one `assess` decides before the table runs. */
export const RULE_IDS = ['TRANSACTION_NOT_FOUND', ...LIABILITY_RULES.map((r) => r.id)];

const SENTINEL = '\u0001';

/**
 * The English tables' own words, as fragments of at least four words: every string leaf of the
 * document's and the e-mails' English phrase tables, functions called with a sentinel for each
 * value (so only the fixed words between values are kept).
 */
export function englishFragments(): string[] {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const part of node.split(SENTINEL)) {
        const words = part.trim();
        if (words.split(/\s+/).length >= 4) out.add(words);
      }
    } else if (typeof node === 'function') {
      const args = Array.from({ length: 4 }, () => SENTINEL);
      const fn = node as (...a: unknown[]) => unknown;
      visit(fn(...args));
      // The explanations take the facts object instead, one variant per processor answer.
      for (const processorAnswer of [null, 'PROCESSOR_ERROR_CONFIRMED', 'NO_PROCESSOR_ERROR']) {
        visit(fn({ caseId: SENTINEL, refundReferences: SENTINEL, processorAnswer }));
        visit(fn({ caseId: SENTINEL, refundReferences: '', processorAnswer }));
      }
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node && typeof node === 'object') {
      Object.values(node).forEach(visit);
    }
  };
  visit(PHRASES.en);
  visit(MAIL_PHRASES.en);
  return [...out];
}

/** Common English words that no French sentence of ours contains. */
export const ENGLISH_WORDS = /\b(the|your|you|was|were|with|and|has|been|is|of|to|by|we|our)\b/i;

/** What a French customer must never read: the English tables' sentences, English words, rule ids. */
export function frenchProblems(text: string): string[] {
  const problems: string[] = [];
  for (const fragment of englishFragments()) if (text.includes(fragment)) problems.push(`English sentence: ${fragment}`);
  const word = ENGLISH_WORDS.exec(text);
  if (word) problems.push(`English word "${word[0]}" in: …${text.slice(Math.max(0, word.index - 40), word.index + 40)}…`);
  problems.push(...ruleIdProblems(text));
  return problems;
}

/** Rule ids (and any other UPPER_SNAKE code) in text a customer reads. */
export function ruleIdProblems(text: string): string[] {
  return [...RULE_IDS.filter((id) => text.includes(id)).map((id) => `rule id ${id}`), ...[...text.matchAll(/\b[A-Z]+(?:_[A-Z]+)+\b/g)].map((m) => `code ${m[0]}`)];
}
