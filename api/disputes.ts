import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import express, { type Request, type Router } from 'express';
import type { DocumentStore } from '../activities/ports';
import { isCaseCustomer, reportedByService } from '../domain/case-state';
import { ErrorType } from '../domain/errors';
import { CASE_ID_PATTERN, workflowIdFor } from '../domain/ids';
import type { Assignment, CasePolicy, CaseState, Decision, ProcessorName } from '../domain/vocabulary';
import { addNoteUpdate, assignUpdate, caseStateQuery, decisionUpdate, informationUpdate, processorAnswerUpdate, satisfactionUpdate, withdrawalUpdate } from '../workflows/resolve-discrepancy';
import { allow, principalOf, type Principal } from './auth';
import { OPENED_BY_MEMO, openCase } from './cases';
import { readWithin, writeWithin } from './deadlines';
import { requireJsonBody } from './json-body';
import { customerView, staffView, viewFor } from './views';
import { Problem, caseNotFound, invalidInput } from './problems';
import { AssigneeSchema, DecisionSchema, IdempotencyKeySchema, NoteSchema, InformationSchema, ProcessorAnswerSchema, SatisfactionSchema, WithdrawalSchema, reportSchema } from './schemas';

export interface DisputesDeps {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  /** `false`: cases opened here write no case record (CASE_RECORDS=off). */
  caseRecords?: boolean;
  /** Where people reach the API and the console (PUBLIC_URL): the links in a case's details in the Temporal UI. */
  publicUrl?: string;
  processors: readonly ProcessorName[];
  /** Where resolution documents are kept; without it `GET .../document` answers 404. */
  documents?: DocumentStore;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(result.error, prefix);
  return result.data;
}

/** Undefined when Temporal says the workflow does not exist; any other failure (Temporal down) is thrown. */
async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * `/v1/disputes`: report, read, decide, inform, withdraw, answer, assign, note. Each handler checks the
 * caller's role and (for customers and the website) that the case is theirs, makes one Temporal
 * call and maps the answer; no policy lives here. Someone else's case answers 404, as an unknown one.
 */
export function createDisputesRouter({ client, taskQueue, policy, caseRecords, publicUrl, processors, documents }: DisputesDeps): Router {
  const router = express.Router();
  router.use(requireJsonBody());
  const ReportSchema = reportSchema(processors);
  /** A read from Temporal that gives up after the deadline (503) instead of retrying for 20 s. */
  const read = <T>(fn: () => Promise<T>) => readWithin(client, fn);
  /** A write that answers 503 after the write deadline however long Temporal hangs. */
  const write = <T>(fn: () => Promise<T>) => writeWithin(client, fn);

  /**
   * An update refused because the case's run has ended answers 409, an unknown case 404. The
   * server answers both "not found" (WorkflowNotFoundError: "workflow execution already completed"
   * is the same type), so describe tells them apart.
   */
  async function whenEnded<T>(id: string, handle: WorkflowHandle, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      if (!(await unlessNotFound(read(() => handle.describe())))) throw caseNotFound(id);
      throw new Problem(ErrorType.WRONG_STATE, `Dispute ${id} is closed; it accepts no further messages.`, [{ field: 'status', reason: 'the case is closed' }]);
    }
  }

  function caseHandle(req: Request) {
    const id = String(req.params.id);
    if (!CASE_ID_PATTERN.test(id)) throw caseNotFound(id);
    return { id, handle: client.workflow.getHandle(workflowIdFor(id)) };
  }

  /**
   * The case, if the caller may see it: agents and supervisors every case, a customer theirs, the
   * website one it reported for the case's customer (or, for a case opened before cases kept their
   * reporters, one it opened). Anything else answers exactly as an unknown case; Temporal
   * unreachable answers 503, never 404.
   */
  async function visibleCase(req: Request): Promise<{ id: string; handle: WorkflowHandle; state: CaseState }> {
    const principal = principalOf(req);
    const { id, handle } = caseHandle(req);
    const state = await unlessNotFound(read(() => handle.query(caseStateQuery)));
    if (!state) throw caseNotFound(id);
    if (principal.role === 'agent' || principal.role === 'supervisor') return { id, handle, state };
    if (principal.role === 'website') {
      if (reportedByService(state, principal.id)) return { id, handle, state };
      const described = await unlessNotFound(read(() => handle.describe()));
      if (described?.memo?.[OPENED_BY_MEMO] !== principal.id) throw caseNotFound(id);
      return { id, handle, state };
    }
    if (state.customer?.id !== principal.subject) throw caseNotFound(id);
    return { id, handle, state };
  }

  router.post('/', allow('website', 'customer'), async (req, res) => {
    const principal = principalOf(req);
    const report = parse(ReportSchema, req.body);
    const idempotencyKey = parse(IdempotencyKeySchema, req.header('Idempotency-Key'), 'header:');
    if (principal.role === 'customer' && report.customer.id !== principal.subject) {
      throw new Problem(ErrorType.FORBIDDEN, 'A customer may report only for themselves.', [{ field: 'customer.id', reason: 'is not the signed-in customer' }]);
    }
    let ack = await openCase({ client, taskQueue, policy, ...(caseRecords === false ? { records: false } : {}), ...(publicUrl ? { publicUrl } : {}) }, report, { idempotencyKey, reportedBy: reporterOf(principal) });
    if (ack.duplicate) {
      // The report joined a case already open for the transaction. If it is someone else's, answer
      // as for a new case: whether another customer disputes this charge, and where it stands, is not
      // the reporter's to learn (and its Location would answer 404).
      const handle = client.workflow.getHandle(workflowIdFor(ack.caseId));
      // A signed-in customer is the case's by id (their subject); a service's report also by the customer's e-mail address.
      const state = await read(() => handle.query(caseStateQuery)).catch(() => undefined);
      const theirs = state && (principal.role === 'customer' ? state.customer?.id === report.customer?.id : isCaseCustomer(state, report.customer));
      if (!theirs) ack = { caseId: ack.caseId, status: 'RECEIVED', duplicate: false };
    }
    res
      .status(ack.duplicate ? 200 : 202)
      .location(`/v1/disputes/${ack.caseId}`)
      .json({ disputeId: ack.caseId, status: ack.status, duplicate: ack.duplicate });
  });

  router.get('/:id', allow('website', 'customer', 'agent', 'supervisor'), async (req, res) => {
    const { state } = await visibleCase(req);
    res.json(viewFor(principalOf(req).role, state, policy));
  });

  router.post('/:id/decision', allow('agent', 'supervisor'), async (req, res) => {
    const principal = principalOf(req);
    const { id, handle } = caseHandle(req);
    const body = parse(DecisionSchema, req.body);
    // Who decides comes from the credential, never from the body.
    const decision: Decision = { ...body, agentId: principal.subject, role: principal.role === 'supervisor' ? 'supervisor' : 'agent' };
    res.json(staffView(await whenEnded(id, handle, () => write(() => handle.executeUpdate(decisionUpdate, { args: [decision] })))));
  });

  router.post('/:id/processor-answer', allow('agent', 'supervisor'), async (req, res) => {
    const principal = principalOf(req);
    const { id, handle } = caseHandle(req);
    const body = parse(ProcessorAnswerSchema, req.body);
    const answer = { ...body, recordedBy: principal.subject };
    res.json(staffView(await whenEnded(id, handle, () => write(() => handle.executeUpdate(processorAnswerUpdate, { args: [answer] })))));
  });

  // Agents and supervisors alike may assign any open case to anyone (themselves, someone else, nobody); the case keeps who did it.
  router.put('/:id/assignee', allow('agent', 'supervisor'), async (req, res) => {
    const principal = principalOf(req);
    const { id, handle } = caseHandle(req);
    const { assignee } = parse(AssigneeSchema, req.body);
    const assignment: Assignment = { assignee, by: principal.subject };
    const state = await whenEnded(id, handle, () => write(() => handle.executeUpdate(assignUpdate, { args: [assignment] })));
    res.json(viewFor(principal.role, state, policy));
  });

  router.post('/:id/notes', allow('agent', 'supervisor'), async (req, res) => {
    const principal = principalOf(req);
    const { id, handle } = caseHandle(req);
    const { text } = parse(NoteSchema, req.body);
    const state = await whenEnded(id, handle, () => write(() => handle.executeUpdate(addNoteUpdate, { args: [{ text, by: principal.subject }] })));
    res.status(201).json(viewFor(principal.role, state, policy));
  });

  router.post('/:id/information', allow('customer'), async (req, res) => {
    const answer = parse(InformationSchema, req.body);
    const { id, handle } = await visibleCase(req);
    res.json(customerView(await whenEnded(id, handle, () => write(() => handle.executeUpdate(informationUpdate, { args: [answer] }))), policy));
  });

  router.post('/:id/withdrawal', allow('customer'), async (req, res) => {
    const withdrawal = parse(WithdrawalSchema, req.body ?? {});
    const { id, handle } = await visibleCase(req);
    res.json(customerView(await whenEnded(id, handle, () => write(() => handle.executeUpdate(withdrawalUpdate, { args: [withdrawal] }))), policy));
  });

  router.post('/:id/satisfaction', allow('customer'), async (req, res) => {
    const answer = parse(SatisfactionSchema, req.body);
    const { id, handle } = await visibleCase(req);
    res.json(customerView(await whenEnded(id, handle, () => write(() => handle.executeUpdate(satisfactionUpdate, { args: [answer] }))), policy));
  });

  router.get('/:id/document', allow('customer', 'agent', 'supervisor'), async (req, res) => {
    const role = principalOf(req).role;
    // Staff read documents without the case: they are kept after its workflow is gone.
    const { id, state } = role === 'customer' ? await visibleCase(req) : { ...caseHandle(req), state: null };
    const format = req.accepts(['application/pdf', 'application/json']);
    if (!format) throw new Problem(ErrorType.INVALID_INPUT, 'The document is served as application/pdf or application/json.', [{ field: 'header:accept', reason: 'must accept application/pdf or application/json' }]);
    // A customer sees only their own run's documents (a later run of the same transaction may be someone else's); staff see the latest.
    const ref = state ? (state.documents.at(-1) ?? null) : documents ? await documents.latest(id) : null;
    const content = ref && documents ? await documents.read(ref, format === 'application/pdf' ? 'pdf' : 'json') : null;
    if (!ref || !content) throw new Problem(ErrorType.NOT_FOUND, `Dispute ${id} has no resolution document yet: it is written when the case is resolved.`);
    res
      .type(format)
      .set('Content-Disposition', `${format === 'application/pdf' ? 'attachment' : 'inline'}; filename="${id}-${ref.documentId}.${format === 'application/pdf' ? 'pdf' : 'json'}"`)
      .send(Buffer.from(content));
  });

  return router;
}

/** Who the case remembers as the reporter: only a service's key, so the website can read back what it reported. */
function reporterOf(principal: Principal): string | undefined {
  return principal.role === 'website' ? principal.id : undefined;
}
