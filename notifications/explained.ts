import { PHRASES } from '../documents/phrases';
import type { Locale } from '../domain/vocabulary';

/**
 * What the investigation found and what the customer can still do, in the customer's language:
 * in French the liability rule's sentence from the document's phrase table when it has one, else
 * the recorded English text (`findings`, `guidance` facts); in English the recorded text.
 */
export function explained(facts: Record<string, string | undefined>, locale: Locale): { findings?: string; guidance?: string } {
  // English keeps the recorded sentences: they carry the amounts and references.
  if (locale === 'en') return { ...(facts.findings ? { findings: facts.findings } : {}), ...(facts.guidance ? { guidance: facts.guidance } : {}) };
  const phrases = PHRASES[locale];
  const rule = facts.rule;
  const findings = (rule && phrases.rules[rule]) || facts.findings;
  const translate = rule ? phrases.guidance[rule] : undefined;
  const guidance = facts.guidance ? (translate ? translate({ refundReferences: facts.refundReferences ?? '' }) : facts.guidance) : undefined;
  return { ...(findings ? { findings } : {}), ...(guidance ? { guidance } : {}) };
}
