import { networkInterfaces } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createMetrics, type LoopMetrics } from '../../metrics/metrics';
import { apiOver, reportBody, waitForStatus } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';
import { families, sample } from './exposition';

const TASK_QUEUE = 'metrics-api';
const system = useCaseSystem('dev', TASK_QUEUE);
let metrics: LoopMetrics;
let api: ReturnType<typeof apiOver>;

beforeAll(() => {
  metrics = createMetrics();
  api = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { metrics });
});

afterEach(() => expect(api.logged).toEqual([]));

const chat = (transactionId: string) => ({
  customer: { id: 'cus_zoe', email: 'zoe@example.fr', locale: 'fr' },
  transcript: [{ from: 'customer', at: '2025-03-04T10:00:20Z', text: "J'ai été débité deux fois pour la même commande." }],
  report: { category: 'DUPLICATE_CHARGE', transaction: { processor: 'sandbox', id: transactionId } },
});

/** The first address of this machine that is not loopback (a request from it is not local to the API's rule). */
function outsideAddress(): string {
  const found = Object.values(networkInterfaces()).flat().find((a) => a && !a.internal && a.family === 'IPv4');
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to connect from');
  return found.address;
}

async function listening(app: ReturnType<typeof apiOver>['app']): Promise<{ server: Server; port: number }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '0.0.0.0', () => resolve(s));
  });
  return { server, port: (server.address() as AddressInfo).port };
}

describe("the API's /metrics after real requests", () => {
  let text: string;
  let caseId: string;
  let transactionId: string;

  beforeAll(async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    transactionId = tx.id;
    const opened = await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).set('Idempotency-Key', 'metrics-1').expect(202);
    caseId = opened.body.disputeId;
    // The same report again joins the case: not a new one.
    await api.as('website').post('/v1/disputes').send(reportBody(tx.id)).set('Idempotency-Key', 'metrics-1').expect(200);
    const byChat = chat(system.sandbox.charge({ captureCount: 2 }).id);
    await api.as('website').post('/v1/intake/chat').send(byChat).set('Idempotency-Key', 'metrics-chat-1').expect(202);
    const again = await api.as('website').post('/v1/intake/chat').send(byChat).set('Idempotency-Key', 'metrics-chat-1').expect(202);
    expect(again.body.duplicate).toBe(true);
    await waitForStatus(api.as('agent'), caseId, 'AWAITING_DECISION');
    await api.as('agent').post(`/v1/disputes/${caseId}/decision`).send({ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture' }).expect(200);
    await api.as('agent').get('/v1/disputes/DSP-0000000000').expect(404);
    await api.http.get(`/v1/disputes/${caseId}`).expect(401);
    await api.http.get('/no/such/place').expect(404);
    const res = await api.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    text = res.text;
  });

  test('counts requests per route template, method and status', () => {
    expect(sample(text, 'loop_http_requests_total', { method: 'POST', route: '/v1/disputes', status: '202' })).toBe(1);
    expect(sample(text, 'loop_http_requests_total', { method: 'POST', route: '/v1/disputes', status: '200' })).toBe(1);
    expect(sample(text, 'loop_http_requests_total', { method: 'POST', route: '/v1/disputes/:id/decision', status: '200' })).toBe(1);
    // A refusal raised inside the route keeps the route's template.
    expect(sample(text, 'loop_http_requests_total', { method: 'GET', route: '/v1/disputes/:id', status: '404' })).toBe(1);
    expect(sample(text, 'loop_http_requests_total', { method: 'GET', route: '/v1/disputes/:id', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'loop_http_requests_total', { method: 'POST', route: '/v1/intake/chat', status: '202' })).toBe(2);
    // Refused by the route's role check: still the route's template; no route at all: `unmatched`.
    expect(sample(text, 'loop_http_requests_total', { method: 'GET', route: '/v1/disputes/:id', status: '401' })).toBe(1);
    expect(sample(text, 'loop_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(sample(text, 'loop_http_request_duration_seconds_count', { method: 'POST', route: '/v1/disputes/:id/decision' })).toBe(1);
  });

  test('counts new cases by channel, not reports that join a case', () => {
    expect(sample(text, 'loop_cases_opened_total', { channel: 'web' })).toBe(1);
    expect(sample(text, 'loop_cases_opened_total', { channel: 'chat' })).toBe(1);
    expect(sample(text, 'loop_cases_opened_total', { channel: 'email' })).toBeUndefined();
  });

  test('counts accepted decisions by action', () => {
    expect(sample(text, 'loop_decisions_total', { action: 'REFUND' })).toBe(1);
  });

  test('holds no case number, transaction, customer id or e-mail address, and the process metrics', () => {
    for (const secret of [caseId, transactionId, 'ada@example.com', 'zoe@example.fr', 'cus_ada', 'cus_zoe', 'DSP-']) expect(text).not.toContain(secret);
    expect(families(text)).toEqual(expect.arrayContaining(['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds', 'loop_open_cases', 'loop_open_cases_read_failed']));
  });
});

describe('who may read the metrics', () => {
  test('without a token, only a loopback peer: a request from another address is 403 problem+json, X-Forwarded-For changes nothing', async () => {
    const { server, port } = await listening(api.app);
    try {
      const local = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(local.status).toBe(200);
      const outside = await fetch(`http://${outsideAddress()}:${port}/metrics`, { headers: { 'X-Forwarded-For': '127.0.0.1' } });
      expect(outside.status).toBe(403);
      expect(outside.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await outside.json()).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    } finally {
      server.close();
    }
  });

  test('with a token, the right bearer token from anywhere; none or a wrong one is 401, from loopback too', async () => {
    const token = 'metrics-token-0123456789abcdef';
    const guarded = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { metrics: createMetrics({ processMetrics: false }), metricsToken: token });
    const { server, port } = await listening(guarded.app);
    try {
      const outside = `http://${outsideAddress()}:${port}/metrics`;
      const ok = await fetch(outside, { headers: { Authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('loop_http_requests_total');
      for (const authorization of [undefined, `Bearer ${token}x`, `Basic ${token}`, 'Bearer ']) {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`, authorization ? { headers: { Authorization: authorization } } : {});
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
      }
    } finally {
      server.close();
    }
  });
});
