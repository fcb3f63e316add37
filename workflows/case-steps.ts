import { ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation, log, patched, setCurrentDetails, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { DocumentRef, NotificationKind } from '../activities/ports';
import { assess } from '../domain/assessment';
import { appendBounded, CASE_BOUNDS } from '../domain/bounds';
import * as c from '../domain/case-state';
import { currentDetails, spanWords } from '../domain/case-summary';
import { automaticDecision } from '../domain/decision';
import { ErrorType } from '../domain/errors';
import { moneyMovementKey } from '../domain/ids';
import { withPolicyDefaults, type Assessment, type CaseState, type Decision, type Findings, type Resolution } from '../domain/vocabulary';
import { caseRecordOf, statusSinceOf } from '../records/projection';
import type { StatusChange } from '../records/record';
import type { CaseInput } from './resolve-discrepancy';
import { DisputeStatusKey, EscalatedKey, LiabilityKey, SlaBreachedKey } from './search-attributes';
import { creditAccount, documentResolution, fetchIncidents, fetchOrder, fetchRefund, fetchTransaction, findOtherPaymentsForOrder, issueRefund, recordCase, sendMessage } from './activity-proxies';


/** How long a decision whose execution failed (not refused) waits before it is tried again under the same key. */
const EXECUTION_RETRY_MS = 3_600_000;
/** A refund pending this long is handed to a supervisor (the case keeps waiting for it). */
const SETTLEMENT_ESCALATION_MS = 14 * 86_400_000;

export interface RefundSettlement {
  refundId: string;
  status: 'SUCCEEDED' | 'FAILED';
  reason?: string;
  /** The processor's webhook event id: a replayed event changes nothing. */
  eventId?: string;
}

/** What the record writer carries across continue-as-new: the next run goes on numbering and sends what was not written. */
export interface RecordsCarried {
  /** The case's own sequence (the record's version) so far. */
  version: number;
  /** Status changes numbered so far. */
  statusSeq: number;
  /** When the current status was entered. */
  statusSince: string;
  /** Status changes not yet written (the database was down, or the write was in flight). */
  unwritten: StatusChange[];
}

/** Workflow time (deterministic in the sandbox) as an ISO string: payloads carry no Date objects. */
export function now(): string {
  return new Date().toISOString();
}

/** A failure as one line for the timeline (an activity failure says what its cause said). */
function failureText(err: unknown): string {
  const cause = err instanceof ActivityFailure && err.cause ? err.cause : err;
  return cause instanceof Error ? `${(cause as ApplicationFailure).type ?? cause.name}: ${cause.message}` : String(cause);
}

/** Milliseconds from workflow time to `at` (an ISO date or epoch milliseconds); 0 when past. */
const msUntil = (at: string | number) => Math.max(0, (typeof at === 'string' ? Date.parse(at) : at) - Date.now());

/**
 * The state of one case run and the steps of its lifecycle. The workflow function registers the
 * messages and loops over `step()`; every step reads its timers from dates in the state, so a run
 * continued-as-new picks up where the last one stopped.
 */
export class CaseRun {
  state: CaseState;
  readonly settlements: RefundSettlement[];
  private readonly watchers = new CancellationScope();
  /** Set once the run is continuing as new: handlers waiting for a step stop waiting (the next run takes the step). */
  continuing = false;

  constructor(private readonly input: CaseInput) {
    const carried = input.resume?.state;
    // A state from an earlier version may lack fields its steps read from the timeline; estimating
    // lost settlement checks changes a running case's timer, hence the patch.
    const estimate = carried !== undefined && c.settlementChecksLost(carried) && patched('settlement-checks-estimated-after-compaction');
    this.state = carried
      ? c.completeCarriedState(carried, input.policy, now(), estimate)
      : c.openCase(input.caseId, input.report, input.receivedAt, input.policy, now());
    this.settlements = [...(input.resume?.settlements ?? [])];
    // Decided once, when the run starts: patched() is not memoised while a run replays, and a run
    // from before records must not start writing halfway (a new activity is a new command).
    this.recording = input.records !== false && patched('case-records');
    const records = input.resume?.records;
    if (records) {
      this.version = records.version;
      this.statusSeq = records.statusSeq;
      this.statusSince = records.statusSince;
      this.unwritten = [...records.unwritten];
    } else {
      // A new case (RECEIVED since it was reported), or one continued from a run that kept no records.
      this.statusSince = statusSinceOf(this.state.timeline, this.state.status) ?? this.state.receivedAt;
      this.enterStatus(this.state.status, this.statusSince);
    }
    this.version += 1;
    if (this.recording) this.recordWriter = this.writeRecords();
    this.showDetails();
  }

  /** What the Web UI and `temporal workflow describe` show as the case's current details (no command: read by a query). */
  private details = '';
  private showDetails(): void {
    const next = currentDetails(this.state, this.input.policy);
    if (next === this.details) return;
    this.details = next;
    setCurrentDetails(next);
  }

  // ---- The case record (records/): a projection written beside the case, never in its way ----

  /** Whether this run writes the case record (cases started before records, or with `records: false`, do not). */
  private readonly recording: boolean;
  /** The case's own sequence: one more at each change of the state; the record's version. */
  private version = 0;
  private statusSeq = 0;
  private statusSince: string;
  private unwritten: StatusChange[] = [];
  /** The version last written (or given up); the writer writes again while `version` is ahead of it. */
  private writtenVersion = 0;
  /** The last record written, without its version: a change the record does not show writes nothing. */
  private lastWritten: string | undefined;
  private recordWriter: Promise<void> | undefined;

  /** Counts a change of the state, and the statuses it entered (from the timeline entries it added). */
  private changed(prev: CaseState, next: CaseState): void {
    this.version += 1;
    if (next.status === prev.status) return;
    let status = prev.status;
    for (const entry of next.timeline.slice(prev.timeline.length)) {
      if (entry.status === status) continue;
      status = entry.status;
      this.enterStatus(entry.status, entry.at);
    }
    if (status !== next.status) this.enterStatus(next.status, now());
  }

  private enterStatus(status: string, at: string): void {
    this.statusSince = at;
    if (!this.recording) return;
    this.statusSeq += 1;
    this.unwritten = appendBounded(this.unwritten, { seq: this.statusSeq, status, at }, CASE_BOUNDS.statusChangesUnwritten);
  }

  /**
   * Writes the record whenever the case changed: one write at a time, and the latest state when it
   * finishes (changes meanwhile are coalesced). The activity retries for as long as the database is
   * down; the case never waits for it, but for its last write when it ends.
   */
  private async writeRecords(): Promise<void> {
    for (;;) {
      await condition(() => this.continuing || this.version > this.writtenVersion);
      if (this.continuing) return; // the next run writes what this one did not
      const version = this.version;
      const statusChanges = this.unwritten.slice();
      let shown: string;
      let record: ReturnType<typeof caseRecordOf>;
      try {
        record = caseRecordOf(this.state, workflowInfo().firstExecutionRunId, version, { statusSince: this.statusSince });
        shown = JSON.stringify({ ...record, version: 0 });
      } catch (err) {
        // A projection bug must not stop the case: the record waits for the next change.
        log.warn('case record not built', { error: String(err) });
        this.writtenVersion = version;
        continue;
      }
      if (shown !== this.lastWritten || statusChanges.length > 0) {
        try {
          await recordCase({ record, statusChanges });
          this.lastWritten = shown;
          const last = statusChanges.at(-1)?.seq ?? 0;
          this.unwritten = this.unwritten.filter((change) => change.seq > last);
        } catch (err) {
          if (isCancellation(err)) return;
          // Refused for good (it retries anything else): the next change writes again.
          log.warn('case record not written', { error: failureText(err) });
        }
      }
      this.writtenVersion = Math.max(this.writtenVersion, version);
    }
  }

  /** Waits for the record to show the case as it is now: before the run ends (never before continue-as-new). */
  async recordWritten(): Promise<void> {
    if (!this.recordWriter) return;
    await condition(() => this.writtenVersion >= this.version);
  }

  /** What the next run needs to go on writing the record, when this one writes it. */
  recordsCarried(): RecordsCarried | undefined {
    if (!this.recording) return undefined;
    return { version: this.version, statusSeq: this.statusSeq, statusSince: this.statusSince, unwritten: this.unwritten.slice(-CASE_BOUNDS.statusChangesUnwritten) };
  }

  /** Replaces the state, keeping the search attributes in step. Returns the new state (for update handlers). */
  set(next: CaseState): CaseState {
    const prev = this.state;
    this.state = next;
    this.changed(prev, next);
    const changes = [
      ...(next.status !== prev.status ? [{ key: DisputeStatusKey, value: next.status }] : []),
      ...(next.assessment && next.assessment.liability !== prev.assessment?.liability ? [{ key: LiabilityKey, value: next.assessment.liability }] : []),
      ...(next.slaBreached !== prev.slaBreached ? [{ key: SlaBreachedKey, value: next.slaBreached }] : []),
      ...(next.escalation !== null && prev.escalation === null ? [{ key: EscalatedKey, value: true }] : []),
    ];
    if (changes.length > 0) upsertSearchAttributes(changes);
    this.showDetails();
    return next;
  }

  /** Records an accepted decision: a question to the customer or the processor, or an escalation, right away; anything else to RESOLVING. */
  decide(decision: Decision): CaseState {
    const at = now();
    const state = c.noteAgentDecision(this.state, decision.role, at);
    if (decision.action === 'REQUEST_INFO') return this.set(c.requestInformation(state, decision.question!, decision.agentId, at));
    if (decision.action === 'ESCALATE') return this.set(c.escalate(state, `${decision.agentId}: ${decision.reason}`, at));
    if (decision.action === 'RAISE_WITH_PROCESSOR') {
      const raised = this.set(c.raiseWithProcessor(state, decision.agentId, decision.reason, at, this.input.policy));
      this.notify('PROCESSOR_INQUIRY', { dueAt: raised.processorInquiry!.dueAt });
      return raised;
    }
    return this.set(c.recordDecision(state, { ...decision, decidedAt: at }));
  }

  /** True when this processor event was seen before (replay); remembers it otherwise. Events without an id are never deduplicated. */
  seenEvent(eventId: unknown): boolean {
    if (typeof eventId !== 'string') return false;
    if (this.state.processorEvents.includes(eventId)) return true;
    this.state = { ...this.state, processorEvents: appendBounded(this.state.processorEvents, eventId, CASE_BOUNDS.processorEventIds) };
    this.version += 1;
    return false;
  }

  /** The history is long enough to continue as new; every wait returns early when it is. */
  tooLong(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength > (this.input.historyEventLimit ?? CASE_BOUNDS.historyEvents);
  }

  async step(): Promise<void> {
    switch (this.state.status) {
      case 'RECEIVED':
        this.set(c.moveTo(this.state, 'INVESTIGATING', now(), 'INVESTIGATION_STARTED'));
        return;
      case 'INVESTIGATING':
        return this.investigate();
      case 'AWAITING_CUSTOMER':
        return this.awaitCustomer();
      case 'AWAITING_DECISION':
        return this.awaitDecision();
      case 'AWAITING_PROCESSOR':
        return this.awaitProcessor();
      case 'RESOLVING':
        return this.resolve();
      case 'RESOLVED':
        return this.followUp();
      case 'FOLLOW_UP':
        return this.awaitSatisfaction();
      case 'CLOSED':
      case 'WITHDRAWN':
        return; // final: the loop ends before it asks for a step
      default: {
        // A status without a step fails type-checking here instead of spinning the loop at run time.
        const missing: never = this.state.status;
        throw new Error(`no step for status ${String(missing)}`);
      }
    }
  }

  private async investigate(): Promise<void> {
    let findings: Findings;
    let assessment: Assessment;
    try {
      findings = await this.gatherFindings();
      // The case's report, not the opening one: a joined report may have added the expected amount.
      // Calendar days in Loop's time zone; a history recorded before counted 24-hour periods and must decide as it did.
      const { timeZone } = withPolicyDefaults(this.input.policy);
      const count = patched('reporting-window-calendar-days') ? { timeZone } : 'ELAPSED_24H';
      assessment = assess(this.state.report, findings, this.input.receivedAt, this.input.policy.reportingWindowDays, count);
    } catch (err) {
      // A lookup that failed for good, or findings the policy cannot read, go to an agent: never a lost case.
      if (this.state.status !== 'INVESTIGATING') return;
      this.set(c.note(this.state, now(), 'INVESTIGATION_FAILED', failureText(err)));
      this.set(c.awaitDecision(this.state, now(), this.input.policy));
      return;
    }
    if (this.state.status !== 'INVESTIGATING') return; // withdrawn meanwhile
    this.set(c.recordFindings(this.state, findings, assessment));
    if (!findings.transaction && this.state.customer) {
      this.set(c.requestInformation(this.state, 'We could not find this payment. Please send the payment reference from your bank statement or receipt.', 'system', now()));
    } else {
      this.set(c.awaitDecision(this.state, now(), this.input.policy));
    }
  }

  /** Looks the transaction up at its processor, then the order, other payments for it, and Loop's incidents, in parallel. */
  private async gatherFindings(): Promise<Findings> {
    const processor = this.input.report.transaction.processor;
    const transactionId = this.state.transactionId;
    const transaction = await fetchTransaction({ processor, transactionId });
    const orderId = transaction?.orderId;
    const accountId = this.state.customer?.id ?? null;
    const [order, otherTransactionsForOrder, incidents] = await Promise.all([
      orderId ? fetchOrder({ orderId }) : Promise.resolve(null),
      orderId ? findOtherPaymentsForOrder({ processor, orderId, transactionId }) : Promise.resolve([]),
      transaction ? fetchIncidents({ at: transaction.createdAt, accountId: accountId ?? null }) : Promise.resolve([]),
    ]);
    return { transaction, order, otherTransactionsForOrder, incidents, investigatedAt: now() };
  }

  private async awaitCustomer(): Promise<void> {
    const request = this.state.informationRequest!;
    this.notify('INFORMATION_REQUEST', { question: request.question });
    const dueAt = Date.parse(request.askedAt) + this.input.policy.informationAnswerWindowMs;
    await condition(() => this.state.status !== 'AWAITING_CUSTOMER' || this.tooLong(), msUntil(dueAt), { summary: 'the customer’s answer: window ends' });
    if (this.state.status === 'AWAITING_CUSTOMER' && Date.now() >= dueAt) this.set(c.close(this.state, now(), 'NO_INFORMATION'));
  }

  private async awaitDecision(): Promise<void> {
    const automatic = automaticDecision(this.state, this.input.policy);
    if (automatic) {
      this.decide(automatic);
      return;
    }
    await condition(() => this.state.status !== 'AWAITING_DECISION' || this.tooLong());
  }

  /**
   * Waits for the processor's answer, which an agent records. Past the inquiry's due date (checked
   * once, the flag in the state) a supervisor is told, and the case keeps waiting.
   */
  private async awaitProcessor(): Promise<void> {
    const waiting = () => this.state.status === 'AWAITING_PROCESSOR' && !this.tooLong();
    if (!this.state.deadlines.processorInquiryChecked) {
      if (await condition(() => !waiting(), msUntil(this.state.processorInquiry!.dueAt), { summary: 'processor inquiry: answer due' })) return;
      this.set(c.checkProcessorInquiry(this.state, now()));
    }
    await condition(() => !waiting());
  }

  private async resolve(): Promise<void> {
    if (this.state.pendingRefund) return this.awaitSettlement();
    const outcome = await this.execute(this.state.decision!);
    if ('failed' in outcome) {
      // Neither done nor refused: try the same decision again later, under the same idempotency key.
      this.set(c.recordExecutionFailed(this.state, now(), outcome.failed));
      const failures = this.state.executionFailures;
      if (failures >= 3 && !this.state.escalation) this.set(c.escalate(this.state, `the decision failed ${failures} times: ${outcome.failed}`, now()));
      await sleep(EXECUTION_RETRY_MS, { summary: 'decision failed: try it again' });
    } else if ('refused' in outcome) this.set(c.recordExecutionRefused(this.state, now(), outcome.refused));
    else if ('pendingRefundId' in outcome) this.set(c.recordRefundPending(this.state, outcome.pendingRefundId, now()));
    else await this.resolved(outcome.resolution);
  }

  private async resolved(resolution: Resolution): Promise<void> {
    this.set(c.recordResolution(this.state, resolution));
    const document = await this.document(resolution);
    this.notify('RESOLUTION', {
      action: resolution.action,
      ...(resolution.amount ? { amountMinor: String(resolution.amount.amountMinor), currency: resolution.amount.currency } : {}),
      ...(resolution.reference ? { reference: resolution.reference } : {}),
      ...(this.state.assessment ? { findings: this.state.assessment.reasons.join(' '), rule: this.state.assessment.rule } : {}),
      ...(this.state.assessment?.customerGuidance ? { guidance: this.state.assessment.customerGuidance, refundReferences: c.settledRefundIds(this.state).join(', ') } : {}),
      ...(this.state.processorInquiry?.answer ? { processorAnswer: this.state.processorInquiry.answer.outcome } : {}),
      ...(document ? { documentId: document.documentId } : {}),
    }, document);
  }

  /** Stores the resolution document; one that cannot be stored is noted and the case goes on without it. */
  private async document(resolution: Resolution): Promise<DocumentRef | undefined> {
    try {
      const ref = await documentResolution({ state: this.state, resolution, generatedAt: now(), caseRunId: workflowInfo().firstExecutionRunId });
      this.set(c.recordDocument(this.state, ref, now()));
      return ref;
    } catch (err) {
      if (isCancellation(err)) throw err;
      this.set(c.note(this.state, now(), 'DOCUMENT_FAILED', failureText(err)));
      return undefined;
    }
  }

  /** Carries out the current decision once: a refund, an account credit, or a recorded explanation or denial (no money moved). */
  private async execute(
    decision: NonNullable<CaseState['decision']>,
  ): Promise<{ resolution: Resolution } | { refused: string } | { pendingRefundId: string } | { failed: string }> {
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const resolution = (amount: Resolution['amount'], reference: string | null) => ({
      resolution: { action: decision.action, amount, reference, resolvedAt: now(), decisionSequence: decision.sequence },
    });
    if (decision.action !== 'DENY' && decision.action !== 'EXPLAIN' && c.hasOpenChargeback(this.state)) {
      // A chargeback arrived after the decision was accepted: paying now could pay twice.
      return { refused: 'CHARGEBACK_OPEN: a chargeback opened on the transaction before the money moved' };
    }
    try {
      if (decision.action === 'REFUND') {
        const refund = await issueRefund({
          processor: this.input.report.transaction.processor,
          transactionId: this.state.transactionId,
          amount: decision.amount!,
          reason: decision.reason,
          idempotencyKey: moneyMovementKey(workflowId, firstExecutionRunId, 'refund', decision.sequence),
        });
        if (refund.status === 'PENDING') return { pendingRefundId: refund.id };
        if (refund.status !== 'SUCCEEDED') return { refused: `REFUND_REFUSED: the processor reports the refund ${refund.id} as ${refund.status}` };
        return resolution(decision.amount!, refund.id);
      }
      if (decision.action === 'ACCOUNT_CREDIT') {
        const entry = await creditAccount({
          accountId: this.state.customer!.id,
          amount: decision.amount!,
          reason: decision.reason,
          idempotencyKey: moneyMovementKey(workflowId, firstExecutionRunId, 'credit', decision.sequence),
        });
        return resolution(decision.amount!, entry.entryId);
      }
      return resolution(null, null);
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && (cause.type === ErrorType.REFUND_REFUSED || cause.type === ErrorType.CREDIT_REFUSED)) {
        return { refused: `${cause.type}: ${cause.message}` };
      }
      return { failed: failureText(err) };
    }
  }

  /** Waits for a pending refund: the processor's webhook, or a check after 1 min, 2 min, 4 min, ... up to the policy's maximum. */
  private async awaitSettlement(): Promise<void> {
    const pending = this.state.pendingRefund!;
    const wait = c.settlementCheckWaitMs(pending.checks, this.input.policy);
    const told = () => this.settlements.find((s) => s.refundId === pending.refundId);
    // Earlier runs waited through a long history; giving way to continue-as-new changes their commands.
    const givesWay = patched('settlement-wait-gives-way-to-continue-as-new');
    const woken = await condition(() => told() !== undefined || (givesWay && this.tooLong()), wait, { summary: `refund ${pending.refundId}: check its settlement` });
    if (woken && told() === undefined) return; // continuing as new first; the next run checks
    const signalled = told();
    let status: string | undefined;
    try {
      status = signalled?.status ?? (await fetchRefund({ processor: this.input.report.transaction.processor, transactionId: this.state.transactionId, refundId: pending.refundId }))?.status;
    } catch (err) {
      this.set(c.recordSettlementCheck(this.state, now(), `${pending.refundId} could not be checked: ${failureText(err)}`));
      return;
    }
    if (status === 'SUCCEEDED') {
      await this.resolved({ action: 'REFUND', amount: pending.amount, reference: pending.refundId, resolvedAt: now(), decisionSequence: this.state.decision!.sequence });
    } else if (status === 'FAILED') {
      this.set(c.recordExecutionRefused(this.state, now(), `REFUND_REFUSED: refund ${pending.refundId} failed at settlement${signalled?.reason ? `: ${signalled.reason}` : ''}`));
    } else if (status === undefined) {
      // Never "refused": an agent would decide again under a new key and could pay twice. Keep waiting; a supervisor looks.
      this.set(c.recordSettlementCheck(this.state, now(), `${pending.refundId} unknown to the processor`));
      if (!this.state.escalation) this.set(c.escalate(this.state, `refund ${pending.refundId} is unknown to the processor`, now()));
    } else {
      this.set(c.recordSettlementCheck(this.state, now(), `${pending.refundId} still ${status}`));
      if (Date.now() - Date.parse(pending.since) > SETTLEMENT_ESCALATION_MS && !this.state.escalation) {
        this.set(c.escalate(this.state, `refund ${pending.refundId} still not settled after 14 days`, now()));
      }
    }
  }

  private async followUp(): Promise<void> {
    const askAt = Date.parse(this.state.resolution!.resolvedAt) + this.input.policy.followUpDelayMs;
    await condition(() => this.tooLong(), msUntil(askAt), { summary: `follow-up: ${spanWords(this.input.policy.followUpDelayMs)} after the resolution` });
    if (Date.now() < askAt) return; // continuing as new first; the next run waits the rest
    this.set(c.askSatisfaction(this.state, now()));
    // The e-mail names the resolution's date: the follow-up delay is configurable, so "days ago" may be wrong.
    this.notify('SATISFACTION_QUESTION', { resolvedAt: this.state.resolution!.resolvedAt });
  }

  private async awaitSatisfaction(): Promise<void> {
    // Never read back from the timeline: compaction drops the SATISFACTION_ASKED entry of a long follow-up.
    const askedAt = this.state.satisfactionAskedAt ?? now();
    const dueAt = new Date(Date.parse(askedAt) + this.input.policy.satisfactionAnswerWindowMs).toISOString();
    const answered = await condition(() => this.state.satisfaction !== null || this.tooLong(), msUntil(dueAt), { summary: 'satisfaction answer: window ends' });
    const at = now();
    if (answered && this.state.satisfaction === null) return; // continuing as new first
    if (!answered) this.set(c.close(this.state, at, 'NO_ANSWER'));
    else if (this.state.satisfaction!.satisfied) this.set(c.close(this.state, at, 'SATISFIED'));
    else if (this.state.escalation && this.state.reopenings >= this.input.policy.maxReopenings) this.set(c.close(this.state, at, 'UNSATISFIED_AFTER_SUPERVISOR'));
    else {
      this.set(c.reopen(this.state, at));
      if (this.state.reopenings > this.input.policy.maxReopenings) this.set(c.escalate(this.state, `customer still unsatisfied after ${this.input.policy.maxReopenings} reopenings`, at));
    }
  }

  /** SLA and resolution deadline, in business days; each is checked once (the flags survive continue-as-new). */
  watchDeadlines(): Promise<void> {
    const sla = async () => {
      if (this.state.deadlines.slaChecked) return;
      await condition(() => this.state.deadlines.firstDecisionDueAt !== null);
      await sleep(msUntil(this.state.deadlines.firstDecisionDueAt!), { summary: 'SLA: first decision due' });
      this.set(c.checkSla(this.state, now()));
    };
    const resolution = async () => {
      if (this.state.deadlines.resolutionDeadlineChecked) return;
      await sleep(msUntil(this.state.deadlines.resolutionDueAt), { summary: 'resolution deadline' });
      this.set(c.checkResolutionDeadline(this.state, now()));
    };
    return this.watchers.run(async () => {
      await Promise.all([sla(), resolution()]);
    });
  }

  stopWatching(): void {
    this.watchers.cancel();
  }

  /** Messages queued for the customer: each goes out after the one before it, while the case goes on. */
  private outbox: Promise<void> = Promise.resolve();

  /**
   * Queues a message to the customer about a step, sent once per case run, step and decision number
   * however often it retries (`document` is attached). The case does not wait for it: a mail server
   * that is down delays the e-mail, never the case; one given up for good is noted in the timeline.
   */
  notify(kind: NotificationKind, facts: Record<string, string> = {}, document?: DocumentRef): void {
    const customer = this.state.customer;
    if (!customer) return; // a processor-opened case with no known customer yet
    const { workflowId, firstExecutionRunId } = workflowInfo();
    const round = `${this.state.decisions.length}.${this.state.information.length}`;
    const message = {
      caseId: this.state.caseId,
      kind,
      to: customer.email,
      locale: customer.locale,
      facts: { caseId: this.state.caseId, ...facts },
      idempotencyKey: `${workflowId}/${firstExecutionRunId}/${kind}-${round}`,
      ...(document ? { document } : {}),
    };
    this.outbox = this.outbox.then(() =>
      sendMessage(message).then(
        () => undefined,
        (err: unknown) => {
          // Never rethrown: nobody awaits the queue until the end, and an unhandled rejection would fail the workflow task.
          if (!isCancellation(err)) this.set(c.note(this.state, now(), 'NOTIFICATION_FAILED', `${kind}: ${failureText(err)}`));
        },
      ),
    );
  }

  /** Waits until every queued message is sent or given up: before the case ends or continues as new. */
  async messagesSent(): Promise<void> {
    await this.outbox;
  }

}
