import type { Category, Locale } from '../domain/vocabulary';

/** Lower case, accents and typographic apostrophes removed: "Débité" and "debite" read the same. */
export function normalise(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘`]/g, "'").toLowerCase();
}

/** A phrase, matched on whole words of normalised text; a trailing `*` matches any word ending. */
function phrase(p: string): RegExp {
  const prefix = p.endsWith('*');
  const body = (prefix ? p.slice(0, -1) : p).replace(/[.?+()[\]\\^$|{}]/g, '\\$&').replace(/ /g, '\\s+');
  return new RegExp(`(?<![\\w'])${body}${prefix ? '' : "(?![\\w'])"}`, 'g');
}

/** Strong phrases count 2, weak words 1; the highest total wins, ties in the order below. */
const CATEGORY_PHRASES: [Category, string[], string[]][] = [
  [
    'UNAUTHORIZED',
    ['fraud*', 'unauthori*', 'not me', "wasn't me", 'was not me', "didn't make", 'did not make', "don't recogni*", 'do not recogni*', 'stolen', 'pas moi', 'fraude*', 'fraudul*', 'pas autorise*', 'non autorise*', 'reconnais pas', 'usurpation'],
    ["je n'ai pas fait", 'not authori*'],
  ],
  [
    'DUPLICATE_CHARGE',
    ['duplicate*', 'charged twice', 'billed twice', 'paid twice', 'double charge*', 'double-charged', 'deux fois', 'en double', 'doublon', 'double prelevement', 'double debit'],
    ['twice', 'double'],
  ],
  [
    'REFUND_NOT_RECEIVED',
    ['not received', 'never received', "haven't received", 'have not received', "didn't receive", 'did not receive', 'where is my refund', 'pas recu', 'jamais recu', 'toujours pas recu', 'remboursement promis', 'refund promised', 'promised refund'],
    ['refund*', 'rembours*'],
  ],
  [
    'AMOUNT_MISMATCH',
    ['wrong amount', 'incorrect amount', 'overcharged', 'charged more', 'instead of', 'mauvais montant', 'montant incorrect', 'montant errone', 'trop paye', 'trop cher', 'trop eleve', 'au lieu de'],
    ['montant', 'amount'],
  ],
];
const CATEGORY_RULES = CATEGORY_PHRASES.map(([category, strong, weak]) => ({ category, strong: strong.map(phrase), weak: weak.map(phrase) }));

function count(text: string, patterns: RegExp[]): number {
  return patterns.reduce((n, p) => n + (text.match(p)?.length ?? 0), 0);
}

/** A category guessed from French and English keywords; OTHER when nothing matches. */
export function guessCategory(text: string): Category {
  const t = normalise(text);
  let best: { category: Category; score: number } = { category: 'OTHER', score: 0 };
  for (const rule of CATEGORY_RULES) {
    const score = 2 * count(t, rule.strong) + count(t, rule.weak);
    if (score > best.score) best = { category: rule.category, score };
  }
  return best.category;
}

const FRENCH = ['je', "j'ai", 'le', 'la', 'les', 'pas', 'mon', 'ma', 'mes', 'bonjour', 'merci', 'commande', 'deux', 'fois', 'une', 'est', 'et', 'pour', 'avec', 'mais', 'vous', 'votre', 'ete', 'debite', 'cordialement', 'recu', 'du', 'des', 'sur'].map(phrase);
const ENGLISH = ['i', "i'm", 'the', 'my', 'was', 'is', 'and', 'for', 'with', 'not', 'hello', 'hi', 'thanks', 'thank', 'order', 'charged', 'twice', 'please', 'have', 'you', 'your', 'received', 'regards', 'of', 'on'].map(phrase);

/** The customer's language: the Content-Language header when it names fr or en, else the text's commoner words (en on a tie). */
export function guessLocale(text: string, contentLanguage?: string | null): Locale {
  const declared = contentLanguage?.trim().toLowerCase().slice(0, 2);
  if (declared === 'fr' || declared === 'en') return declared;
  const t = normalise(text);
  const accents = (text.match(/[éèêàâçùûôîïë]/gi)?.length ?? 0) > 0 ? 2 : 0;
  return count(t, FRENCH) + accents > count(t, ENGLISH) ? 'fr' : 'en';
}
