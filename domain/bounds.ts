/**
 * How much a long-running case keeps, named once. A case's state and its workflow history must stay
 * bounded however long it runs and however much it is sent; what falls off these lists is still in
 * the workflow's event history, never lost.
 */
export const CASE_BOUNDS = {
  /** History length after which a case continues as new (the server may suggest it sooner). */
  historyEvents: 5_000,
  /** Timeline entries carried into the next run; older ones are summarised in one entry. */
  timelineEntriesKept: 200,
  /** Processor webhook event ids remembered, so a replayed event changes nothing. */
  processorEventIds: 200,
  /** Customer message ids (e-mail Message-ID, chat message id) remembered, so a redelivery changes nothing. */
  customerMessageIds: 200,
  /** Idempotency keys of reports remembered across continue-as-new. */
  reportKeys: 100,
  /** Refund settlements told (webhooks) but not yet used, carried into the next run. */
  settlementsCarried: 20,
  /** Reports that joined the case, kept as their reporters wrote them. */
  joinedReportsKept: 20,
  /** Services that reported into the case, and for which customer (who may read it back). */
  reportersKept: 20,
  /** Agents' internal notes kept in the state (the newest); older ones stay in the history's `addNote` updates. */
  notesKept: 100,
  /** Status changes not yet written to the case records (the database is down), carried and sent with the next write. */
  statusChangesUnwritten: 100,
} as const;

/** `list` with `item` appended, keeping only the last `limit` entries. */
export function appendBounded<T>(list: readonly T[], item: T, limit: number): T[] {
  return limit <= 1 ? [item] : [...list.slice(-(limit - 1)), item];
}
