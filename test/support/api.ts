import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { SignJWT } from 'jose';
import request, { type Response } from 'supertest';
import { createApp, type ApiDeps } from '../../api/app';
import { createAuthenticator } from '../../api/auth';
import type { ApiKeyEntry, JwtSettings, Role } from '../../config/credentials';
import { DEFAULT_CASE_POLICY, type CasePolicy } from '../../domain/vocabulary';
import { reportFor } from './cases';
import { sharedRecordsPool } from './database';

/** The credentials every API test uses: one key per role, and the customer of `reportFor` (cus_ada). */
export const TEST_KEYS: Record<Role, ApiKeyEntry> = {
  website: { role: 'website', name: 'loop-website', secret: 'test-website-key-0123456789abcdef' },
  customer: { role: 'customer', name: 'cus_ada', secret: 'test-customer-key-0123456789abcdef' },
  agent: { role: 'agent', name: 'agent_7', secret: 'test-agent-key-0123456789abcdef' },
  supervisor: { role: 'supervisor', name: 'sup_1', secret: 'test-supervisor-key-0123456789abcdef' },
  analyst: { role: 'analyst', name: 'analyst_1', secret: 'test-analyst-key-0123456789abcdef' },
  engineer: { role: 'engineer', name: 'eng_1', secret: 'test-engineer-key-0123456789abcdef' },
};
/** A second website service and another customer, for "not yours" checks. */
export const OTHER_KEYS = {
  website: { role: 'website', name: 'partner-site', secret: 'test-partner-key-0123456789abcdef' },
  customer: { role: 'customer', name: 'cus_bob', secret: 'test-bob-key-0123456789abcdef0123' },
} satisfies Record<string, ApiKeyEntry>;

export const TEST_JWT: JwtSettings = {
  issuer: 'https://id.loop.test/',
  audience: 'loop-disputes',
  secret: 'test-jwt-secret-0123456789abcdef0123456789',
  roleClaim: 'role',
  clockToleranceSeconds: 0,
};

/** A bearer token as the identity provider would issue it; `claims` overrides any part. */
export function testJwt(sub: string, role: string, claims: Record<string, unknown> = {}, expiresIn: string | number = '5m'): Promise<string> {
  return new SignJWT({ role, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(TEST_JWT.issuer)
    .setAudience(TEST_JWT.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(TEST_JWT.secret));
}

export const testAuthenticator = () => createAuthenticator({ apiKeys: [...Object.values(TEST_KEYS), ...Object.values(OTHER_KEYS)], jwt: TEST_JWT });

/**
 * The API in-process over `env`'s client, as supertest drives it. `http` sends no credential
 * (webhooks, health); `as(role)` sends that role's test key. Errors it logs are collected, not printed.
 */
export function apiOver(env: TestWorkflowEnvironment, taskQueue: string, policy: CasePolicy = DEFAULT_CASE_POLICY, more: Partial<ApiDeps> = {}) {
  const logged: unknown[] = [];
  const app = createApp({ client: env.client, taskQueue, policy, processors: ['sandbox'], authenticate: testAuthenticator(), rateLimitPerMinute: 100_000, serviceRateLimitPerMinute: 100_000, customerRateLimitPerMinute: 100_000, failedCredentialsPerMinute: 100_000, records: sharedRecordsPool(), log: (_m, err) => logged.push(err), ...more });
  const http = request(app);
  const withKey = (key: ApiKeyEntry) => request.agent(app).set('X-API-Key', key.secret);
  return {
    app,
    http,
    logged,
    as: (role: Role) => withKey(TEST_KEYS[role]),
    other: (role: keyof typeof OTHER_KEYS) => withKey(OTHER_KEYS[role]),
  };
}

/** A report body as the website sends it (the same report the workflow tests start cases with). */
export function reportBody(transactionId: string, overrides: Record<string, unknown> = {}) {
  return { ...reportFor(transactionId), ...overrides };
}

type Http = { get(url: string): PromiseLike<Response> };

/** Polls `GET /v1/disputes/:id` (with `http`'s credential) until the case has `status`. */
export async function waitForStatus(http: Http, id: string, status: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await http.get(`/v1/disputes/${id}`);
    if (res.status === 200 && res.body.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`dispute ${id} never reached ${status}; last answer ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
