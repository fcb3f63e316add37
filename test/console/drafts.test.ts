import { clearDrafts, draftKey } from '../../console/src/lib/drafts';

/** sessionStorage's shape over a Map. */
function store(entries: Record<string, string>) {
  const m = new Map(Object.entries(entries));
  return { get length() { return m.size; }, key: (i: number) => [...m.keys()][i] ?? null, removeItem: (k: string) => void m.delete(k), keys: () => [...m.keys()] };
}

describe('unsent drafts in the browser tab', () => {
  test("are kept per person and case: a colleague signing in on the same tab does not see another's draft", () => {
    expect(draftKey('decision', 'agent_ada', 'DSP-1')).not.toBe(draftKey('decision', 'agent_bob', 'DSP-1'));
    expect(draftKey('decision', 'agent_ada', 'DSP-1')).not.toBe(draftKey('note', 'agent_ada', 'DSP-1'));
    expect(draftKey('note', 'agent_ada', 'DSP-1')).not.toBe(draftKey('note', 'agent_ada', 'DSP-2'));
  });

  test('sign-out clears every draft and leaves the rest of the tab (the language, the queue position) alone', () => {
    const s = store({
      [draftKey('decision', 'agent_ada', 'DSP-1')]: '{"action":"DENY"}',
      [draftKey('note', 'agent_bob', 'DSP-2')]: 'called the bank',
      'loop-console.queue': '{"tab":"mine"}',
      'loop-console.locale': 'fr',
    });
    clearDrafts(s);
    expect(s.keys().sort()).toEqual(['loop-console.locale', 'loop-console.queue']);
  });
});
