import * as c from '../../domain/case-state';
import { addNote, assign, checkAssignment, checkNote } from '../../domain/casework';
import { CASE_BOUNDS } from '../../domain/bounds';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../domain/vocabulary';
import { reportFor } from '../support/cases';

const t0 = '2026-12-01T10:00:00.000Z';
const waiting = (): CaseState => {
  const s = c.moveTo(c.openCase('DSP-1', reportFor('tx_1'), t0, DEFAULT_CASE_POLICY), 'INVESTIGATING', t0, 'INVESTIGATION_STARTED');
  return c.awaitDecision(s, t0, DEFAULT_CASE_POLICY);
};
const last = (s: CaseState) => s.timeline.at(-1)!;

describe('assigning a case', () => {
  test('assign, reassign and unassign each say who and when in the timeline', () => {
    const a = assign(waiting(), { assignee: 'agent_7', by: 'agent_7' }, '2026-12-01T11:00:00.000Z');
    expect(a.assignee).toBe('agent_7');
    expect(last(a)).toEqual({ at: '2026-12-01T11:00:00.000Z', event: 'ASSIGNED', status: 'AWAITING_DECISION', detail: 'to agent_7 by agent_7' });
    const b = assign(a, { assignee: 'agent_9', by: 'sup_1' }, '2026-12-01T12:00:00.000Z');
    expect(last(b)).toMatchObject({ event: 'REASSIGNED', detail: 'to agent_9 (was agent_7) by sup_1' });
    const none = assign(b, { assignee: null, by: 'agent_9' }, '2026-12-01T13:00:00.000Z');
    expect(none.assignee).toBeNull();
    expect(last(none)).toMatchObject({ event: 'UNASSIGNED', detail: 'agent_9 unassigned by agent_9' });
  });

  test('assigning to whoever already has it, or unassigning nobody, changes nothing', () => {
    const a = assign(waiting(), { assignee: 'agent_7', by: 'agent_7' }, t0);
    expect(assign(a, { assignee: 'agent_7', by: 'sup_1' }, t0)).toBe(a);
    const w = waiting();
    expect(assign(w, { assignee: null, by: 'agent_7' }, t0)).toBe(w);
  });

  test.each([
    ['a non-object', null, 'INVALID_INPUT', '(body)'],
    ['an empty assignee', { assignee: ' ', by: 'a' }, 'INVALID_INPUT', 'assignee'],
    ['a number as assignee', { assignee: 7, by: 'a' }, 'INVALID_INPUT', 'assignee'],
    ['nobody saying who assigns', { assignee: 'a' }, 'INVALID_INPUT', 'by'],
    ['an unknown role to decide as', { assignee: 'a', by: 'a', toDecideAs: 'system' }, 'INVALID_INPUT', 'toDecideAs'],
  ])('refuses %s', (_name, value, type, field) => {
    expect(checkAssignment(waiting(), value as never)).toMatchObject({ type, problems: [{ field }] });
  });

  test('an ended case is refused, a resolved one is not', () => {
    const closed = c.close({ ...waiting(), status: 'FOLLOW_UP' }, t0, 'SATISFIED');
    expect(checkAssignment(closed, { assignee: 'a', by: 'a' })).toMatchObject({ type: 'WRONG_STATE' });
    expect(checkAssignment(c.withdraw(waiting(), t0, undefined), { assignee: null, by: 'a' })).toMatchObject({ type: 'WRONG_STATE' });
    expect(checkAssignment({ ...waiting(), status: 'RESOLVED' }, { assignee: 'a', by: 'a' })).toBeNull();
  });

  test('"only if unassigned" refuses a case anyone has, the caller too (next case never gives the same one twice)', () => {
    const a = assign(waiting(), { assignee: 'agent_7', by: 'agent_7' }, t0);
    expect(checkAssignment(a, { assignee: 'agent_9', by: 'agent_9', onlyIfUnassigned: true })).toMatchObject({ type: 'ALREADY_ASSIGNED' });
    expect(checkAssignment(a, { assignee: 'agent_7', by: 'agent_7', onlyIfUnassigned: true })).toMatchObject({ type: 'ALREADY_ASSIGNED' });
    expect(checkAssignment(waiting(), { assignee: 'agent_7', by: 'agent_7', onlyIfUnassigned: true })).toBeNull();
    expect(checkAssignment(a, { assignee: 'agent_9', by: 'sup_1' })).toBeNull();
  });

  test('"to decide as" wants a case waiting for a decision, and an escalated one only for a supervisor', () => {
    expect(checkAssignment({ ...waiting(), status: 'RESOLVING' }, { assignee: 'a', by: 'a', toDecideAs: 'agent' })).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'status' }] });
    const escalated = c.escalate(waiting(), 'SLA', t0);
    expect(checkAssignment(escalated, { assignee: 'a', by: 'a', toDecideAs: 'agent' })).toMatchObject({ type: 'WRONG_STATE', problems: [{ field: 'role' }] });
    expect(checkAssignment(escalated, { assignee: 's', by: 's', toDecideAs: 'supervisor' })).toBeNull();
  });
});

describe('internal notes', () => {
  test('a note is kept with who and when, and the timeline shows it', () => {
    const s = addNote(waiting(), { text: '  Called the bank.  ', by: 'agent_7' }, '2026-12-01T11:00:00.000Z');
    expect(s.notes).toEqual([{ at: '2026-12-01T11:00:00.000Z', by: 'agent_7', text: 'Called the bank.' }]);
    expect(last(s)).toMatchObject({ event: 'NOTE', detail: 'agent_7: Called the bank.' });
  });

  test('a long note is whole in the notes and shortened in the timeline; card numbers never kept', () => {
    const s = addNote(waiting(), { text: `${'x'.repeat(1990)} 4242424242424242`, by: 'a' }, t0);
    expect(s.notes[0]!.text).not.toContain('4242424242424242');
    expect(last(s).detail!.length).toBeLessThan(220);
  });

  test('the notes kept are bounded: the newest stay', () => {
    let s = waiting();
    for (let i = 0; i < CASE_BOUNDS.notesKept + 5; i++) s = addNote(s, { text: `note ${i}`, by: 'a' }, t0);
    expect(s.notes).toHaveLength(CASE_BOUNDS.notesKept);
    expect(s.notes.at(-1)!.text).toBe(`note ${CASE_BOUNDS.notesKept + 4}`);
  });

  test.each([
    ['empty text', { text: '   ', by: 'a' }, 'text'],
    ['text over 2000 characters', { text: 'x'.repeat(2001), by: 'a' }, 'text'],
    ['text that is not text', { text: 42, by: 'a' }, 'text'],
    ['no author', { text: 'hello' }, 'by'],
  ])('refuses a note with %s', (_name, value, field) => {
    expect(checkNote(value as never)).toMatchObject({ type: 'INVALID_INPUT', problems: [{ field }] });
  });

  test('2000 characters is fine; any status takes a note, an ended case too', () => {
    expect(checkNote({ text: 'x'.repeat(2000), by: 'a' })).toBeNull();
  });
});

describe('a state carried from before casework', () => {
  test('has nobody assigned and no notes', () => {
    const { assignee: _a, notes: _n, ...older } = waiting();
    const done = c.completeCarriedState(older, DEFAULT_CASE_POLICY, t0, true);
    expect(done).toMatchObject({ assignee: null, notes: [] });
  });
});
