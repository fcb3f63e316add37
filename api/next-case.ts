import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import { ErrorType } from '../domain/errors';
import { workflowIdFor } from '../domain/ids';
import type { Assignment, CasePolicy, CaseState } from '../domain/vocabulary';
import { nextCaseCandidates } from '../records/queries';
import { assignUpdate } from '../workflows/resolve-discrepancy';
import { allow, principalOf, type Principal } from './auth';
import { writeWithin } from './deadlines';
import { Problem } from './problems';
import { fromRecords } from './records';
import { viewFor } from './views';

/** Candidates read per press of "next case"; past them all refused (taken meanwhile), the caller presses again. */
const CANDIDATES = 20;

/** Refusals meaning "not this one, try the next": someone took it, it moved on, or its run ended. */
const TAKEN: readonly string[] = [ErrorType.ALREADY_ASSIGNED, ErrorType.WRONG_STATE, ErrorType.CASE_CLOSING];

export interface NextCaseDeps {
  client: Client;
  /** The records database; without it "next case" answers 503 saying so. */
  records?: Pool;
  policy: CasePolicy;
}

/**
 * Takes the most urgent case waiting for the caller's decision (records/queries.ts says which) and
 * assigns it to them. The records may lag, so each candidate's own `assign` update decides, only
 * if nobody has it and it still waits for a decision the caller may take: two people pressing at
 * once get two cases. Null when nothing is waiting.
 */
export async function takeNextCase({ client, records }: NextCaseDeps, who: Principal): Promise<{ disputeId: string; state: CaseState } | null> {
  const role = who.role === 'supervisor' ? 'supervisor' : 'agent';
  const candidates = await fromRecords(records, (pool) => nextCaseCandidates(pool, role, CANDIDATES));
  const assignment: Assignment = { assignee: who.subject, by: who.subject, onlyIfUnassigned: true, toDecideAs: role };
  for (const disputeId of candidates) {
    const handle = client.workflow.getHandle(workflowIdFor(disputeId));
    try {
      const state = await writeWithin(client, () => handle.executeUpdate(assignUpdate, { args: [assignment] }));
      return { disputeId, state };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) continue;
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && TAKEN.includes(err.cause.type ?? '')) continue;
      throw err;
    }
  }
  return null;
}

/** `POST /v1/queues/next`: the caller's next case, assigned to them, as `{ disputeId, case }`; 404 QUEUE_EMPTY when none waits. */
export function createNextCaseRouter(deps: NextCaseDeps): Router {
  const router = express.Router();
  router.post('/v1/queues/next', allow('agent', 'supervisor'), async (req, res) => {
    const principal = principalOf(req);
    const taken = await takeNextCase(deps, principal);
    if (!taken) throw new Problem(ErrorType.QUEUE_EMPTY, 'No case is waiting for a decision you may take, with nobody assigned.');
    res.json({ disputeId: taken.disputeId, case: viewFor(principal.role, taken.state, deps.policy) });
  });
  return router;
}
