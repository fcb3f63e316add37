import type { Server } from 'node:http';
import request from 'supertest';
import { loadConfig } from '../../config';
import { OTHER_KEYS, TEST_KEYS, apiOver, reportBody } from '../support/api';
import { AGENT_ONLY_POLICY } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'api-rate-limits';
const system = useCaseSystem('dev', TASK_QUEUE);
/** The limits a deployment gets when it sets none. */
const defaults = () => {
  const { rateLimitPerMinute, serviceRateLimitPerMinute, serviceRateLimits, customerRateLimitPerMinute, failedCredentialsPerMinute } = loadConfig({}).api;
  return { rateLimitPerMinute, serviceRateLimitPerMinute, serviceRateLimits, customerRateLimitPerMinute, failedCredentialsPerMinute };
};

/** The app listening once on a real port, as a shop's backend reaches it (every request from one address). */
async function listening(more: Parameters<typeof apiOver>[3]): Promise<{ server: Server; url: string }> {
  const { app } = apiOver(system.env, TASK_QUEUE, AGENT_ONLY_POLICY, { ...defaults(), ...more });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}` };
}

async function inBatches<T>(count: number, concurrency: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = [];
  for (let i = 0; i < count; i += concurrency) {
    answers.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, (_, j) => send(i + j)))));
  }
  return answers;
}

describe('rate limits at the defaults', () => {
  test('a burst of 500 reports from the website key (100 transactions, 5 times each, 32 at a time from one address) opens every case with no 429', async () => {
    const { server, url } = await listening({});
    try {
      const transactions = Array.from({ length: 100 }, () => system.sandbox.charge({ captureCount: 2 }).id);
      const started = Date.now();
      const answers = await inBatches(500, 32, (i) => request(url).post('/v1/disputes').set('X-API-Key', TEST_KEYS.website.secret).send(reportBody(transactions[i % 100]!)));
      const seconds = (Date.now() - started) / 1000;
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 429)).toEqual([]);
      expect(statuses.every((s) => s === 202 || s === 200)).toBe(true);
      expect(new Set(answers.map((a) => a.body.disputeId)).size).toBe(100);
      // The fixed window is a minute: the whole burst fits in it whatever this machine's speed.
      expect(seconds).toBeLessThan(60);
      console.log(`500 reports answered in ${seconds.toFixed(1)} s`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('a person\'s credential keeps its 120 requests a minute', async () => {
    const { server, url } = await listening({});
    try {
      const answers = await inBatches(121, 20, () => request(url).get('/v1/no-such-route').set('X-API-Key', TEST_KEYS.agent.secret));
      expect(answers.filter((a) => a.status === 429)).toHaveLength(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('refused credentials still slow down guessing, counted only once refused', async () => {
    const { server, url } = await listening({});
    try {
      const guesses = await inBatches(20, 10, (i) => request(url).get('/v1/disputes').set('X-API-Key', `guess-${i}-000000000000000000000`));
      expect(guesses.every((g) => g.status === 401)).toBe(true);
      const blocked = await request(url).get('/v1/disputes').set('X-API-Key', TEST_KEYS.agent.secret);
      expect(blocked.status).toBe(429);
      expect(blocked.body.detail).toMatch(/refused credentials/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('a service key\'s budget is its own, and shared fairly among its customers', () => {
  test('a key named in the per-key settings gets that budget; another service key keeps the service default', async () => {
    const { server, url } = await listening({ serviceRateLimits: { [TEST_KEYS.website.name]: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await request(url).get('/v1/no-such-route').set('X-API-Key', TEST_KEYS.website.secret)).status).toBe(404);
      const refused = await request(url).get('/v1/no-such-route').set('X-API-Key', TEST_KEYS.website.secret);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect((await request(url).get('/v1/no-such-route').set('X-API-Key', OTHER_KEYS.website.secret)).status).toBe(404);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('what one customer sends through the website is limited per customer (by id, and by e-mail), while other customers go on', async () => {
    const { server, url } = await listening({ customerRateLimitPerMinute: 3 });
    const report = (customer: { id: string; email: string }) =>
      request(url).post('/v1/disputes').set('X-API-Key', TEST_KEYS.website.secret).send(reportBody(system.sandbox.charge().id, { customer: { ...customer, locale: 'fr' } }));
    try {
      for (let i = 0; i < 3; i++) expect((await report({ id: 'cus_flood', email: 'flood@example.com' })).status).toBe(202);
      const byId = await report({ id: 'cus_flood', email: 'other@example.com' });
      expect(byId.status).toBe(429);
      expect(byId.body.errors).toEqual([{ field: 'customer.id', reason: expect.stringContaining('one customer') }]);
      const byEmail = await report({ id: 'cus_flood_2', email: 'FLOOD@example.com' });
      expect(byEmail.status).toBe(429);
      expect(byEmail.body.errors).toEqual([{ field: 'customer.email', reason: expect.stringContaining('one customer') }]);
      expect((await report({ id: 'cus_calm', email: 'calm@example.com' })).status).toBe(202);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test('a customer\'s chats through the website share that customer\'s budget with their reports', async () => {
    const { server, url } = await listening({ customerRateLimitPerMinute: 2 });
    const customer = { id: 'cus_chatty', email: 'chatty@example.com', locale: 'fr' };
    const chat = (i: number) =>
      request(url)
        .post('/v1/intake/chat')
        .set('X-API-Key', TEST_KEYS.website.secret)
        .send({ customer, transcript: [{ from: 'customer', at: '2026-11-02T10:00:00Z', text: `Débité deux fois (${i}).` }], report: {} });
    try {
      expect((await chat(1)).status).toBe(202);
      expect((await chat(2)).status).toBe(202);
      const refused = await chat(3);
      expect(refused.status).toBe(429);
      expect(refused.body.errors).toEqual([{ field: 'customer.id', reason: expect.stringContaining('one customer') }]);
      const report = await request(url).post('/v1/disputes').set('X-API-Key', TEST_KEYS.website.secret).send(reportBody(system.sandbox.charge().id, { customer }));
      expect(report.status).toBe(429);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
