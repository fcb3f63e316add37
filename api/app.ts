import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import express from 'express';
import helmet from 'helmet';
import type { DocumentStore, WebhookVerifier } from '../activities/ports';
import { ErrorType } from '../domain/errors';
import type { CasePolicy, ProcessorName } from '../domain/vocabulary';
import { allow, identify, type Authenticator } from './auth';
import { createIntakeRouter } from './intake';
import { refuseCardNumbers } from './card-numbers';
import { createAnswerLinksRouter } from './answer-links';
import { readWithin } from './deadlines';
import { createDisputesRouter } from './disputes';
import { createRecordsRouter } from './records';
import { createNextCaseRouter } from './next-case';
import { Problem, problemMiddleware } from './problems';
import { accessLog, limitFailedCredentials, rateLimitPerCredential, rateLimitPerCustomer, requestIds } from './request-context';
import { createWebhookRouter } from './webhooks';
import { jsonBody } from './json-body';
import { countRequests, serveMetrics } from './metrics';
import type { LoopMetrics } from '../metrics/metrics';
import { createCodecRouter } from '../security/codec-server';
import type { SessionStore } from '../security/codec-session';
import type { KeyRing } from '../security/keys';
import { ConsoleSessions, type ConsoleSessionStore } from '../security/console-sessions';
import { createConsoleSessionRouter, withConsoleSessions } from './console-session';
import { createConsoleRouter } from './console-static';

export interface ApiDeps {
  client: Client;
  taskQueue: string;
  policy: CasePolicy;
  /** `false`: the cases the API opens write no case record (CASE_RECORDS=off, benchmarks only). @default true */
  caseRecords?: boolean;
  /** Where people reach the API and the console (PUBLIC_URL): the links in a case's details in the Temporal UI. */
  publicUrl?: string;
  processors: readonly ProcessorName[];
  /** Checks credentials (API keys, bearer JWTs); see api/auth.ts. */
  authenticate: Authenticator;
  /** Requests per minute per person's credential (or per address without one) before 429. @default 120 */
  rateLimitPerMinute?: number;
  /** Requests per minute per service key (website role) before 429, unless `serviceRateLimits` names the key. @default 6000 */
  serviceRateLimitPerMinute?: number;
  /** Per-key budgets of service keys, by key name. */
  serviceRateLimits?: Readonly<Record<string, number>>;
  /** Requests per minute a service key may send for one customer (by the body's customer id and e-mail). @default 600 */
  customerRateLimitPerMinute?: number;
  /** Refused credentials (401) per minute per address before 429. @default 20 */
  failedCredentialsPerMinute?: number;
  /** Express's `trust proxy` behind a TLS-terminating proxy (client address, `Secure` cookies). @default false */
  trustProxy?: boolean | number | string;
  /** Signature checkers for the real processors' webhooks (none: only the sandbox's are accepted). */
  webhookVerifiers?: Partial<Record<ProcessorName, WebhookVerifier>>;
  documents?: DocumentStore;
  /** The case records database (queues, search, reports); without it those routes answer 503. */
  records?: Pool;
  /**
   * The codec server at `/codec` for the Temporal Web UI and CLI (engineers only): the payload keys,
   * the UI's origins, the namespace, how long a browser sign-in lasts. Without it, no `/codec`.
   */
  codec?: { ring: KeyRing; allowedOrigins: string[]; namespace: string; sessionTtlMs?: number; /** Where sign-ins are kept (the database in production). @default in this process's memory */ sessions?: SessionStore };
  /**
   * The agent console at `/console` and its sign-in at `/v1/session`: where sessions are kept (the
   * database in production; this process's memory by default), their idle and absolute life (8 h, 12 h),
   * and the built app's folder (default `console/dist` in the project).
   */
  agentConsole?: { sessions?: ConsoleSessionStore; idleMs?: number; maxMs?: number; dir?: string; now?: () => number };
  /** The secret that signs the satisfaction e-mail's answer links; without it those links are not served. */
  answerLinkSecret?: string;
  /** Where a line per request goes (request id, method, path, status, time, caller); none by default. */
  accessLog?: (line: string) => void;
  /** Where unexpected errors go, with the request id. */
  log?: (msg: string, err?: unknown) => void;
  /** The process's metrics (metrics/metrics.ts): every request is counted and `GET /metrics` serves them; without them, neither. */
  metrics?: LoopMetrics;
  /** With it, `/metrics` wants `Authorization: Bearer <token>` from anywhere; without it, only loopback peers may read it. */
  metricsToken?: string;
}

/**
 * The HTTP API, built from its dependencies and not listening (tests drive it in-process).
 * Order matters: request id and security headers first; processor webhooks before the JSON parser
 * (they verify signatures over the raw body); the console's static files (public); the codec server (its own parser and guard);
 * then the credential (headers, or the console cookie) and the rate limit; the console sign-in; e-mail and
 * chat intake (with their own parsers); a small JSON body, the per-customer budget, card-number
 * refusal, and the case routes; one problem+json mapper last. Every JSON body goes through
 * `jsonBody` (api/json-body.ts): UTF-8 only, nested at most MAX_JSON_DEPTH.
 */
export function createApp({ client, taskQueue, policy, caseRecords, publicUrl, processors, authenticate, rateLimitPerMinute = 120, serviceRateLimitPerMinute = 6000, serviceRateLimits = {}, customerRateLimitPerMinute = 600, failedCredentialsPerMinute = 20, trustProxy = false, webhookVerifiers = {}, documents, records, codec, agentConsole = {}, answerLinkSecret, accessLog: writeAccessLog, log = console.error, metrics, metricsToken }: ApiDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  // First, so every answer is counted, the refused and the unrouted too.
  if (metrics) app.use(countRequests(metrics));
  app.use(requestIds());
  if (writeAccessLog) app.use(accessLog(writeAccessLog));
  // No upgrade-insecure-requests: on http://localhost it would send the sign-in and answer forms to https.
  app.use(helmet({ crossOriginResourcePolicy: { policy: 'same-site' }, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  app.get('/health', async (_req, res) => {
    // A deadline: with Temporal down the SDK would retry for about 20 s before saying so.
    const check = () => client.workflowService.getSystemInfo({});
    const temporal = await readWithin(client, check).then(() => 'ok', () => 'unreachable');
    if (temporal !== 'ok') res.set('Retry-After', '5');
    res.status(temporal === 'ok' ? 200 : 503).json({ status: temporal === 'ok' ? 'ok' : 'degraded', temporal });
  });
  // Its own access rule (loopback, or the metrics token), before the API credentials.
  if (metrics) app.get('/metrics', serveMetrics(metrics, metricsToken));
  // The console's page and assets are public (its data is not): before the credential check.
  app.use(createConsoleRouter({ dir: agentConsole.dir ?? resolve(__dirname, '..', 'console', 'dist') }));
  app.use('/v1/webhooks', createWebhookRouter({ client, taskQueue, policy, verifiers: webhookVerifiers, processors, ...(publicUrl ? { publicUrl } : {}) }));
  app.use(limitFailedCredentials(failedCredentialsPerMinute));
  if (codec) {
    // Before the credential check and the 32 kB parser: history pages are large, the UI's preflight
    // carries no credential, and a browser's session cookie becomes the credential inside the router.
    app.use(
      '/codec',
      createCodecRouter({
        ring: codec.ring,
        guard: [identify(authenticate), allow('engineer')],
        allowedOrigins: codec.allowedOrigins,
        namespace: codec.namespace,
        session: { ...(codec.sessionTtlMs ? { ttlMs: codec.sessionTtlMs } : {}), ...(codec.sessions ? { store: codec.sessions } : {}) },
      }),
    );
  }

  // People signed in to the console send its cookie instead of a header; services and tokens are unchanged.
  const consoleSessions = new ConsoleSessions(agentConsole.sessions, { ...(agentConsole.idleMs ? { idleMs: agentConsole.idleMs } : {}), ...(agentConsole.maxMs ? { maxMs: agentConsole.maxMs } : {}), ...(agentConsole.now ? { now: agentConsole.now } : {}) });
  app.use(identify(withConsoleSessions(authenticate, consoleSessions)));
  app.use(rateLimitPerCredential({ perMinute: rateLimitPerMinute, servicePerMinute: serviceRateLimitPerMinute, perServiceKey: serviceRateLimits }));
  app.use(createConsoleSessionRouter({ sessions: consoleSessions }));
  // One budget per customer across the form and the chat; the chat's body is read here so the limit sees its customer.
  const perCustomer = rateLimitPerCustomer(customerRateLimitPerMinute);
  app.use('/v1/intake/chat', allow('website'), jsonBody({ limit: '512kb' }), perCustomer);
  // Before the 32 kB JSON parser: e-mails come raw (message/rfc822) up to 2 MB, and their card numbers are removed, not refused.
  app.use('/v1/intake', allow('website'), createIntakeRouter({ client, taskQueue, policy, ...(caseRecords === false ? { caseRecords } : {}), ...(publicUrl ? { publicUrl } : {}), processors, log }));
  app.use(jsonBody({ limit: '32kb' }));
  app.use(perCustomer);
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(refuseCardNumbers());
  if (answerLinkSecret) app.use('/v1/disputes', createAnswerLinksRouter({ client, linkSecret: answerLinkSecret, timeZone: policy.timeZone }));
  // The queues and reports read the records database; a case's own page reads its workflow.
  app.use(createRecordsRouter({ ...(records ? { records } : {}), timeZone: policy.timeZone }));
  app.use(createNextCaseRouter({ client, policy, ...(records ? { records } : {}) }));
  app.use('/v1/disputes', createDisputesRouter({ client, taskQueue, policy, ...(caseRecords === false ? { caseRecords } : {}), ...(publicUrl ? { publicUrl } : {}), processors, documents }));

  app.use((req, _res, next) => next(new Problem(ErrorType.NOT_FOUND, `No route ${req.method} ${req.path}.`)));
  app.use(problemMiddleware(log));
  return app;
}
