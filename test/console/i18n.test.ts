import { CATALOGUES, initialLocale, LOCALE_STORAGE_KEY, translate, translateCount } from '../../console/src/lib/i18n';

const store = (value: string | null) => ({ getItem: (k: string) => (k === LOCALE_STORAGE_KEY ? value : null), setItem: () => undefined });

describe('the console message catalogue', () => {
  test('French and English have the same messages, none empty', () => {
    expect(Object.keys(CATALOGUES.fr).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
    for (const [key, text] of [...Object.entries(CATALOGUES.fr), ...Object.entries(CATALOGUES.en)]) expect([key, text.trim().length > 0]).toEqual([key, true]);
  });

  test('each French message has the placeholders of its English one', () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(CATALOGUES.en) as (keyof typeof CATALOGUES.en)[]) expect([key, names(CATALOGUES.fr[key])]).toEqual([key, names(CATALOGUES.en[key])]);
  });

  test('placeholders are filled, and an unknown one stays as written', () => {
    expect(translate('en', 'case.title', { id: 'DSP-1' })).toBe('Case DSP-1');
    expect(translate('fr', 'case.title')).toBe('Dossier {id}');
  });

  test('French sets a narrow no-break space before its high punctuation; the words filled in are left as they came', () => {
    expect(translate('fr', 'common.error', { detail: 'amount: too high' })).toBe('Une erreur est survenue\u202f: amount: too high');
    expect(translate('fr', 'queue.searchEmpty', { q: 'x' })).toBe('Aucun dossier ne correspond à «\u202fx\u202f».');
    expect(translate('en', 'common.error', { detail: 'x' })).toBe('Something went wrong: x');
  });

  test('counts take the plural form of their language: French says 0 and 1 dossier, English 1 case', () => {
    expect([0, 1, 2].map((n) => translateCount('fr', 'queue.cases', n))).toEqual(['0 dossier', '1 dossier', '2 dossiers']);
    expect([0, 1, 2].map((n) => translateCount('en', 'queue.cases', n))).toEqual(['0 cases', '1 case', '2 cases']);
    expect(translateCount('en', 'reports.refundLine', 5, { amount: '€419.49' })).toBe('5 refunds, €419.49');
    expect(translateCount('fr', 'queue.cases', 1200).replace(/\s/g, ' ')).toBe('1 200 dossiers');
  });

  test('the brand stays Loop Disputes in French', () => {
    expect(translate('fr', 'app.title')).toMatch(/^Loop Disputes/);
  });

  test.each([
    ['a stored choice wins over the browser', 'fr', ['en-GB'], 'fr'],
    ['a French browser, nothing stored', null, ['fr-CA', 'en'], 'fr'],
    ['the first language we speak', null, ['de-DE', 'en-US', 'fr'], 'en'],
    ['nothing we speak reads English', null, ['de', 'es'], 'en'],
    ['a stored value we do not know is ignored', 'de', ['fr'], 'fr'],
  ])('%s', (_name, stored, languages, expected) => {
    expect(initialLocale(store(stored), languages)).toBe(expected);
  });
});
