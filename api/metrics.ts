import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ErrorType } from '../domain/errors';
import { CHANNELS, DECISION_ACTIONS, type Channel, type DecisionAction } from '../domain/vocabulary';
import { labels, type LoopMetrics } from '../metrics/metrics';
import { scrapeAccess } from '../metrics/access';
import { Problem } from './problems';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Intake answers 202 for a new case and for a report joining one; only a new one is counted. */
const INTAKE_CHANNELS: Readonly<Record<string, Channel>> = { '/v1/intake/email': 'email', '/v1/intake/chat': 'chat' };

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined => (values as readonly unknown[]).includes(v) ? (v as T) : undefined;

/**
 * Remembers the matched route's template with its router's mount path. The router sets `req.route`
 * while `req.baseUrl` is still its mount; by the time the answer finishes (or an error reached the
 * app's problem handler) the mount is gone, so read it at the moment the route is set.
 */
function watchRoute(req: Request, seen: { template?: string }) {
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (!value || typeof value.path !== 'string') return;
      // A router's own root (`router.post('/')` under `/v1/disputes`) is the mount itself.
      seen.template = req.baseUrl && value.path === '/' ? req.baseUrl : `${req.baseUrl ?? ''}${value.path}`;
    },
  });
}

/**
 * Counts every request once its answer finishes: by method, route template (never the raw URL or a
 * case id; `unmatched` for no route, including answers given before routing such as 401 and 429)
 * and status, with its duration; and, from the route, status and body, new cases by channel and
 * accepted decisions by action. Put it first so it sees every request.
 */
export function countRequests(metrics: LoopMetrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const seen: { template?: string; newCase?: boolean } = {};
    watchRoute(req, seen);
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      const b = body as { duplicate?: unknown; joined?: unknown } | null | undefined;
      seen.newCase = typeof b === 'object' && b !== null && b.duplicate === false && b.joined === false;
      return json(body);
    };
    res.on('finish', () => {
      const method = METHODS.has(req.method) ? req.method : 'OTHER';
      const route = seen.template ?? 'unmatched';
      metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
      if (method !== 'POST') return;
      const body = req.body as { channel?: unknown; action?: unknown } | undefined;
      if (route === '/v1/disputes' && res.statusCode === 202) {
        metrics.casesOpened.inc(labels.channel(oneOf(CHANNELS, body?.channel) ?? 'web'));
      } else if (INTAKE_CHANNELS[route] && res.statusCode === 202 && seen.newCase) {
        metrics.casesOpened.inc(labels.channel(INTAKE_CHANNELS[route]));
      } else if (route === '/v1/disputes/:id/decision' && res.statusCode === 200) {
        const action: DecisionAction | undefined = oneOf(DECISION_ACTIONS, body?.action);
        if (action) metrics.decisions.inc(labels.action(action));
      }
    });
    next();
  };
}

/** `GET /metrics`: loopback peers only, or, with `token`, a matching bearer token from anywhere (401/403 problem+json). */
export function serveMetrics(metrics: LoopMetrics, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    const access = scrapeAccess(req.socket.remoteAddress, req.header('authorization'), token);
    if (access === 'UNAUTHENTICATED') {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(new Problem(ErrorType.UNAUTHENTICATED, 'Metrics need Authorization: Bearer with the metrics token.'));
    }
    if (access === 'FORBIDDEN') return next(new Problem(ErrorType.FORBIDDEN, 'Metrics are served only to this machine (set METRICS_TOKEN to scrape from elsewhere).'));
    res.set('Cache-Control', 'no-store').type(metrics.registry.contentType).send(await metrics.exposition());
  };
}
