import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { SandboxRefusal, type SandboxStore } from './store';

const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

const NewTransactionSchema = z.strictObject({
  amountMinor: z.number().int().positive(),
  currency: CurrencySchema,
  createdAt: z.iso.datetime().optional(),
  orderId: z.string().min(1).max(64).optional(),
  orderTotalMinor: z.number().int().nonnegative().optional(),
  captureCount: z.number().int().min(1).max(5).optional(),
});

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
export function createSandboxApp(store: SandboxStore) {
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.get('/', (_req, res) => {
    res.json({
      service: 'Loop sandbox payment processor, orders, ledger and outbox',
      endpoints: [
        'POST /v1/transactions {amountMinor, currency, orderId?, orderTotalMinor?, captureCount?, createdAt?}',
        'GET /v1/transactions/:id',
        'POST /v1/transactions/:id/refunds (Idempotency-Key)',
        'GET /v1/orders/:id',
        'POST /v1/ledger/credits (Idempotency-Key)',
        'GET /v1/ledger/accounts/:id',
        'GET /v1/outbox?caseId=',
      ],
    });
  });
  app.post('/v1/transactions', (req, res) => {
    const parsed = NewTransactionSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'invalid_request', message: z.prettifyError(parsed.error) } });
      return;
    }
    res.status(201).json(store.createTransaction(parsed.data));
  });
  app.get('/v1/transactions', (_req, res) => {
    res.json({ data: store.listTransactions() });
  });
  app.get('/v1/transactions/:id', (req, res) => {
    const tx = store.getTransaction(req.params.id);
    if (tx) res.json(tx);
    else res.status(404).json({ error: { code: 'resource_missing', message: `no transaction ${req.params.id}` } });
  });
  app.post('/v1/transactions/:id/refunds', (req, res) => {
    const body = RefundSchema.parse(req.body);
    const { refund, replayed } = store.refund(req.params.id, body.amount_minor, body.currency, body.reason, idempotencyKey(req));
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

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SandboxRefusal) {
      res.status(err.code === 'resource_missing' ? 404 : 422).json({ error: { code: err.code, message: err.message } });
    } else if (err instanceof z.ZodError) {
      res.status(400).json({ error: { code: 'invalid_request', message: z.prettifyError(err) } });
    } else {
      res.status(500).json({ error: { code: 'internal', message: 'sandbox error' } });
    }
  });
  return app;
}
