import type { CaseRecord, RecordsPort, RecordWrite, StatusChange } from './record';

/** Case records in memory, for tests: the same contract as PostgreSQL's (monotonic by version, status changes once each). */
export interface MemoryRecords extends RecordsPort {
  /** The record of a case run, or undefined before its first write. */
  get(caseId: string, caseRunId?: string): CaseRecord | undefined;
  /** Every record written. */
  all(): CaseRecord[];
  /** The status changes of a case run, by seq. */
  statusChanges(caseId: string, caseRunId?: string): StatusChange[];
}

export function createMemoryRecords(): MemoryRecords {
  const records = new Map<string, CaseRecord>();
  const changes = new Map<string, Map<number, StatusChange>>();
  const key = (caseId: string, caseRunId: string) => `${caseId}\u0000${caseRunId}`;
  // Without a run id: the case's latest run written.
  const find = (caseId: string, caseRunId?: string) =>
    caseRunId === undefined ? [...records.values()].filter((r) => r.caseId === caseId).at(-1) : records.get(key(caseId, caseRunId));
  return {
    async write({ record, statusChanges }: RecordWrite) {
      const k = key(record.caseId, record.caseRunId);
      const stored = records.get(k);
      if (!stored || stored.version < record.version) {
        records.delete(k);
        records.set(k, structuredClone(record));
      }
      const kept = changes.get(k) ?? new Map<number, StatusChange>();
      for (const change of statusChanges) if (!kept.has(change.seq)) kept.set(change.seq, { ...change });
      changes.set(k, kept);
    },
    get: (caseId, caseRunId) => find(caseId, caseRunId),
    all: () => [...records.values()],
    statusChanges(caseId, caseRunId) {
      const record = find(caseId, caseRunId);
      if (!record) return [];
      return [...(changes.get(key(record.caseId, record.caseRunId))?.values() ?? [])].sort((a, b) => a.seq - b.seq);
    },
  };
}
