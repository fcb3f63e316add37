import { appendBounded, CASE_BOUNDS } from './bounds';
import { redactCardNumbers } from './card-numbers';
import { note } from './case-state';
import { ErrorType, refusal, type Refusal } from './errors';
import { isFinal } from './transitions';
import { NOTE_MAX_CHARS, type Assignment, type CaseState, type NoteInput } from './vocabulary';

/**
 * Casework on a case: who has it, and the agents' internal notes. Pure, like case-state.ts: the
 * workflow's update validators and handlers, and the tests, use these very functions.
 */

/** How long a person's id may be (a credential's subject). */
const WHO_MAX_CHARS = 128;
/** How much of a note the timeline repeats; the whole note is in `notes` (and the history). */
const NOTE_EXCERPT_CHARS = 200;

const isWho = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= WHO_MAX_CHARS;

/**
 * Checks an assignment against the case: well formed (updates skip the API's schemas when sent with
 * the CLI), the case not ended, and the optional conditions "next case" puts on it.
 */
export function checkAssignment(state: CaseState, value: Assignment): Refusal | null {
  const a = value as Partial<Record<keyof Assignment, unknown>> | null;
  if (typeof a !== 'object' || a === null) return refusal(ErrorType.INVALID_INPUT, '(body)', 'An assignment is an object.');
  if (a.assignee !== null && !isWho(a.assignee)) return refusal(ErrorType.INVALID_INPUT, 'assignee', `The assignee is a person's id (1-${WHO_MAX_CHARS} characters) or null.`);
  if (!isWho(a.by)) return refusal(ErrorType.INVALID_INPUT, 'by', 'An assignment records who made it.');
  if (a.onlyIfUnassigned !== undefined && typeof a.onlyIfUnassigned !== 'boolean') return refusal(ErrorType.INVALID_INPUT, 'onlyIfUnassigned', 'onlyIfUnassigned is true or false.');
  if (a.toDecideAs !== undefined && a.toDecideAs !== 'agent' && a.toDecideAs !== 'supervisor') return refusal(ErrorType.INVALID_INPUT, 'toDecideAs', 'toDecideAs is agent or supervisor.');
  if (isFinal(state.status)) {
    return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; an ended case is assigned to nobody.`);
  }
  // Strict, even for the caller: pressing "next case" twice must give two cases, never the same one again.
  if (a.onlyIfUnassigned && state.assignee !== null) {
    return refusal(ErrorType.ALREADY_ASSIGNED, 'assignee', `The case is already assigned to ${state.assignee}.`);
  }
  if (a.toDecideAs !== undefined) {
    if (state.status !== 'AWAITING_DECISION') return refusal(ErrorType.WRONG_STATE, 'status', `The case is ${state.status}; it does not wait for a decision.`);
    if (state.escalation && a.toDecideAs !== 'supervisor') return refusal(ErrorType.WRONG_STATE, 'role', 'The case was escalated; only a supervisor decides it now.');
  }
  return null;
}

/**
 * Assigns the case (checked by checkAssignment): ASSIGNED, REASSIGNED or UNASSIGNED in the
 * timeline, with who did it. Assigning to whoever already has it changes nothing.
 */
export function assign(state: CaseState, a: Pick<Assignment, 'assignee' | 'by'>, at: string): CaseState {
  const to = a.assignee === null ? null : a.assignee.trim();
  const from = state.assignee;
  if (to === from) return state;
  const next = { ...state, assignee: to };
  if (to === null) return note(next, at, 'UNASSIGNED', `${from} unassigned by ${a.by}`);
  if (from === null) return note(next, at, 'ASSIGNED', `to ${to} by ${a.by}`);
  return note(next, at, 'REASSIGNED', `to ${to} (was ${from}) by ${a.by}`);
}

/** Checks a note: 1-2000 characters of text once trimmed, and who wrote it. Any case the run still holds takes one, an ended case too. */
export function checkNote(value: NoteInput): Refusal | null {
  const n = value as Partial<Record<keyof NoteInput, unknown>> | null;
  if (typeof n !== 'object' || n === null) return refusal(ErrorType.INVALID_INPUT, '(body)', 'A note is an object.');
  if (typeof n.text !== 'string' || n.text.trim() === '') return refusal(ErrorType.INVALID_INPUT, 'text', 'A note needs text.');
  if (n.text.trim().length > NOTE_MAX_CHARS) return refusal(ErrorType.INVALID_INPUT, 'text', `A note is at most ${NOTE_MAX_CHARS} characters.`);
  if (!isWho(n.by)) return refusal(ErrorType.INVALID_INPUT, 'by', 'A note records who wrote it.');
  return null;
}

/** Adds an internal note (checked by checkNote): kept in `notes` (the newest CASE_BOUNDS.notesKept) and as a NOTE timeline entry. */
export function addNote(state: CaseState, n: NoteInput, at: string): CaseState {
  // The API refuses card numbers; a note sent another way (the CLI) has them removed, never kept.
  const text = redactCardNumbers(n.text.trim());
  const notes = appendBounded(state.notes, { at, by: n.by, text }, CASE_BOUNDS.notesKept);
  const excerpt = text.length > NOTE_EXCERPT_CHARS ? `${text.slice(0, NOTE_EXCERPT_CHARS)}…` : text;
  return note({ ...state, notes }, at, 'NOTE', `${n.by}: ${excerpt}`);
}
