import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { FaultInjector, FaultsSchema } from './faults';
import { NewIncidentSchema, NewTransactionSchema, describeOptions } from './options';
import { SandboxRefusal, type SandboxStore } from './store';

const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

const RefundSchema = z.object({ amount_minor: z.number().int().positive(), currency: CurrencySchema, reason: z.string().max(500) });
const CreditSchema = RefundSchema.extend({ account_id: z.string().min(1) });
const MessageSchema = z.object({
  case_id: z.string(),
  kind: z.string(),
  to: z.string(),
  locale: z.string(),
  facts: z.record(z.string(), z.string()),
});

function idempotencyKey(req: Request): string {
  const key = req.header('Idempotency-Key');
  if (!key) throw new SandboxRefusal('idempotency_key_required', 'send an Idempotency-Key header');
  return key;
}

/**
 * The sandbox processor as an HTTP service: what `npm start` runs so the system works with no
 * processor keys. `POST /v1/transactions` creates a charge (and its order) to report a dispute on.
 */
export function createSandboxApp(store: SandboxStore, faults: FaultInjector = new FaultInjector()) {
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  // Faults apply to what the system calls as a processor would be called (not to the test helpers).
  app.get('/v1/transactions/:id', faults.middleware());
  app.post('/v1/transactions/:id/refunds', faults.middleware());
  app.put('/v1/faults', (req, res) => {
    faults.set(FaultsSchema.parse(req.body));
    res.json({ faults: faults.current, counters: faults.counters });
  });
  app.get('/v1/faults', (_req, res) => {
    res.json({ faults: faults.current, counters: faults.counters });
  });

  app.get('/', (_req, res) => {
    res.json({
      service: 'Loop sandbox payment processor, orders, ledger and outbox',
      endpoints: [
        'POST /v1/transactions (options below)',
        'GET /v1/transactions/:id',
        'GET /v1/transactions?order_id=',
        'POST /v1/transactions/:id/refunds (Idempotency-Key)',
        'GET /v1/transactions/:id/refunds/:refundId',
        'POST /v1/refunds/:id/settle {outcome: succeeded|failed}',
        'POST /v1/transactions/:id/chargebacks {amountMinor?}',
        'POST /v1/chargebacks/:id/close {outcome: won|lost}',
        'POST /v1/incidents (options below)',
        'GET /v1/incidents?at=&account=',
        'PUT /v1/faults {errorRate, rateLimitRate, latencyMs, timeoutRate, lostResponseRate, retryAfterSeconds, forgetIdempotencyKeys, seed}',
        'GET /v1/faults (settings and counters)',
        'GET /v1/orders/:id',
        'POST /v1/ledger/credits (Idempotency-Key)',
        'GET /v1/ledger/accounts/:id',
        'GET /v1/outbox?caseId=',
      ],
      options: {
        'POST /v1/transactions': describeOptions(NewTransactionSchema),
        'POST /v1/incidents': describeOptions(NewIncidentSchema),
      },
    });
  });
  app.post('/v1/transactions', (req, res) => {
    res.status(201).json(store.createTransaction(NewTransactionSchema.parse(req.body)));
  });
  app.get('/v1/transactions', (req, res) => {
    res.json({ data: store.listTransactions(typeof req.query.order_id === 'string' ? req.query.order_id : undefined) });
  });
  app.get('/v1/transactions/:id/refunds/:refundId', (req, res) => {
    const found = store.findRefund(req.params.refundId);
    if (found && found.tx.id === req.params.id) res.json(found.refund);
    else res.status(404).json({ error: { code: 'resource_missing', message: `no refund ${req.params.refundId}` } });
  });
  app.post('/v1/refunds/:id/settle', (req, res) => {
    const { outcome } = z.object({ outcome: z.enum(['succeeded', 'failed']) }).parse(req.body);
    res.json(store.settleRefund(req.params.id, outcome));
  });
  app.post('/v1/transactions/:id/chargebacks', (req, res) => {
    const { amountMinor } = z.object({ amountMinor: z.number().int().positive().optional() }).parse(req.body ?? {});
    res.status(201).json(store.openChargeback(req.params.id, amountMinor));
  });
  app.post('/v1/chargebacks/:id/close', (req, res) => {
    const { outcome } = z.object({ outcome: z.enum(['won', 'lost']) }).parse(req.body);
    res.json(store.closeChargeback(req.params.id, outcome));
  });
  app.post('/v1/incidents', (req, res) => {
    const i = NewIncidentSchema.parse(req.body);
    res.status(201).json(store.addIncident({ starts_at: i.startsAt, ends_at: i.endsAt, affected_accounts: i.affectedAccounts, summary: i.summary }));
  });
  app.get('/v1/incidents', (req, res) => {
    const at = typeof req.query.at === 'string' ? req.query.at : new Date().toISOString();
    const account = typeof req.query.account === 'string' ? req.query.account : null;
    res.json({ data: store.incidentsAffecting(at, account) });
  });
  app.get('/v1/transactions/:id', (req, res) => {
    const tx = store.getTransaction(req.params.id);
    if (tx) res.json(tx);
    else res.status(404).json({ error: { code: 'resource_missing', message: `no transaction ${req.params.id}` } });
  });
  app.post('/v1/transactions/:id/refunds', (req, res) => {
    const body = RefundSchema.parse(req.body);
    const { refund, replayed } = store.refund(req.params.id, body.amount_minor, body.currency, body.reason, idempotencyKey(req), !faults.current.forgetIdempotencyKeys);
    res.status(replayed ? 200 : 201).json(refund);
  });
  app.get('/v1/orders/:id', (req, res) => {
    const order = store.getOrder(req.params.id);
    if (order) res.json(order);
    else res.status(404).json({ error: { code: 'resource_missing', message: `no order ${req.params.id}` } });
  });
  app.post('/v1/ledger/credits', (req, res) => {
    const body = CreditSchema.parse(req.body);
    const { credit, replayed } = store.credit(body.account_id, body.amount_minor, body.currency, body.reason, idempotencyKey(req));
    res.status(replayed ? 200 : 201).json(credit);
  });
  app.get('/v1/ledger/accounts/:id', (req, res) => {
    const credits = store.creditsFor(req.params.id);
    res.json({ account_id: req.params.id, credits });
  });
  app.post('/v1/outbox', (req, res) => {
    const body = MessageSchema.parse(req.body);
    const { message, replayed } = store.send({ ...body, idempotency_key: idempotencyKey(req) });
    res.status(replayed ? 200 : 201).json(message);
  });
  app.get('/v1/outbox', (req, res) => {
    res.json({ data: store.outbox(typeof req.query.caseId === 'string' ? req.query.caseId : undefined) });
  });

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'resource_missing', message: `no route ${req.method} ${req.path}` } });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid_request', message: 'the body is not JSON' } });
    } else if (err instanceof SandboxRefusal) {
      res.status(err.code === 'resource_missing' ? 404 : 422).json({ error: { code: err.code, message: err.message } });
    } else if (err instanceof z.ZodError) {
      res.status(400).json({ error: { code: 'invalid_request', message: z.prettifyError(err) } });
    } else {
      res.status(500).json({ error: { code: 'internal', message: 'sandbox error' } });
    }
  });
  return app;
}
