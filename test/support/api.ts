import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createApp } from '../../api/app';
import { DEFAULT_CASE_POLICY, type CasePolicy } from '../../domain/vocabulary';
import { reportFor } from './cases';

/** The API in-process over `env`'s client, as supertest drives it. Errors it logs are collected, not printed. */
export function apiOver(env: TestWorkflowEnvironment, taskQueue: string, policy: CasePolicy = DEFAULT_CASE_POLICY) {
  const logged: unknown[] = [];
  const app = createApp({ client: env.client, taskQueue, policy, processors: ['sandbox'], log: (_m, err) => logged.push(err) });
  return { http: request(app), logged };
}

/** A report body as the website sends it (the same report the workflow tests start cases with). */
export function reportBody(transactionId: string, overrides: Record<string, unknown> = {}) {
  return { ...reportFor(transactionId), ...overrides };
}

/** Polls `GET /v1/disputes/:id` until the case has `status`. */
export async function waitForStatus(http: ReturnType<typeof request>, id: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http.get(`/v1/disputes/${id}`);
    if (res.status === 200 && res.body.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`dispute ${id} never reached ${status}; last answer ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
