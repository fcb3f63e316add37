import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { jsonBody } from '../api/json-body';
import { invalidInput, Problem } from '../api/problems';
import { ErrorType } from '../domain/errors';
import { createEncryptionCodec, PayloadCodecError } from './codec';
import { CodecSessions, credentialHeaders, signInPage, type CodecSessionOptions } from './codec-session';
import type { KeyRing } from './keys';

const ProtoPayload = temporal.api.common.v1.Payload;

// Proto3 JSON: every bytes field (data and each metadata value) is base64, standard or URL-safe.
const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'is not base64');
// Proto3 JSON leaves an empty repeated field out: the CLI posts `{}` for a query with no argument.
const PayloadsBodySchema = z.strictObject({
  payloads: z.array(
    z.strictObject({
      metadata: z.record(z.string(), base64).optional(),
      data: base64.optional(),
      externalPayloads: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ).default([]),
});
const SignInSchema = z.strictObject({ credential: z.string().min(1).max(8192) });

export type CodecRouterOptions = ({ codec: PayloadCodec } | { ring: KeyRing }) & {
  /** Lets only engineers through (401/403 otherwise); runs before every encode and decode. */
  guard: RequestHandler | RequestHandler[];
  /** Browser origins allowed to call (the Temporal Web UI's, e.g. `http://localhost:8233`), exactly. */
  allowedOrigins: string[];
  /** When set, a request whose X-Namespace names another namespace is refused. */
  namespace?: string;
  /** Largest request body. @default '4mb' (a history page of payloads) */
  bodyLimit?: string;
  /** How a sign-in credential is presented to `guard`. @default credentialHeaders (JWT → Bearer, else X-API-Key) */
  credentialHeaders?: (credential: string) => Record<string, string>;
  session?: CodecSessionOptions;
};

const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization, Authorization-Extras, X-API-Key';

/**
 * CORS for the UI: an allowed origin is echoed (with credentials, so the session cookie goes
 * along); a browser request from any other origin is refused without CORS headers. Requests with
 * no Origin (the CLI, curl) and same-origin ones (the sign-in form) are not cross-origin.
 */
function corsFor(allowedOrigins: string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.header('origin');
    // The browser's own word that the request comes from this origin (the sign-in form), which pages cannot forge.
    const sameOrigin = origin === `${req.protocol}://${req.get('host')}` || req.header('sec-fetch-site') === 'same-origin';
    if (origin === undefined || sameOrigin) {
      if (req.method === 'OPTIONS') return void res.set('Allow', 'GET, POST, DELETE, OPTIONS').status(204).end();
      return next();
    }
    if (!allowed.has(origin)) return next(new Problem(ErrorType.FORBIDDEN, 'This origin may not call the codec server.'));
    res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    if (req.method !== 'OPTIONS') return next();
    // A preflight carries no credential by design: answer it before the guard.
    res.set({ 'Access-Control-Allow-Methods': 'POST, DELETE', 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '600' });
    res.status(204).end();
  };
}

function toPayloads(body: unknown): Payload[] {
  const parsed = PayloadsBodySchema.safeParse(body);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data.payloads.map((p, i) => {
    try {
      return ProtoPayload.fromObject(p);
    } catch {
      throw new Problem(ErrorType.INVALID_INPUT, 'The request has invalid fields; see errors.', [{ field: `payloads.${i}`, reason: 'is not a Temporal payload' }]);
    }
  });
}

const toJson = (p: Payload) => ProtoPayload.toObject(ProtoPayload.fromObject(p), { bytes: String });

async function convertEach(payloads: Payload[], convert: (one: Payload[]) => Promise<Payload[]>): Promise<Payload[]> {
  // One at a time, so a payload that cannot be decrypted is named by its position.
  return Promise.all(
    payloads.map((p, i) =>
      convert([p]).then(
        ([out]) => out!,
        (err: unknown) => {
          if (!(err instanceof PayloadCodecError)) throw err;
          throw new Problem(ErrorType.INVALID_INPUT, 'A payload could not be decoded; see errors.', [{ field: `payloads.${i}`, reason: err.message }]);
        },
      ),
    ),
  );
}

/**
 * The codec server the Temporal Web UI and CLI call (`POST /encode`, `POST /decode`, Temporal's
 * codec-server protocol), plus `GET|POST|DELETE /session`: the sign-in that gives a browser the
 * cookie the UI can send. Mount it before the app's small JSON parser, credential check and rate
 * limit: it has its own body limit, and `guard` does its own credential check.
 */
export function createCodecRouter(options: CodecRouterOptions): Router {
  const codec = 'codec' in options ? options.codec : createEncryptionCodec(options.ring);
  const guard = Array.isArray(options.guard) ? options.guard : [options.guard];
  const headersFor = options.credentialHeaders ?? credentialHeaders;
  const sessions = new CodecSessions(options.session);
  const json = jsonBody({ limit: options.bodyLimit ?? '4mb' });

  // The session's credential goes to the guard as if the browser had sent it; one sent explicitly wins.
  const sessionCredential: RequestHandler = async (req, _res, next) => {
    const credential = req.header('authorization') || req.header('x-api-key') ? undefined : await sessions.credentialOf(req);
    if (credential) Object.assign(req.headers, headersFor(credential));
    next();
  };
  const namespaceCheck: RequestHandler = (req, _res, next) => {
    const named = req.header('x-namespace');
    if (options.namespace && named && named !== options.namespace) {
      return next(new Problem(ErrorType.INVALID_INPUT, `This codec server serves namespace ${options.namespace}.`, [{ field: 'header:x-namespace', reason: `is not ${options.namespace}` }]));
    }
    next();
  };
  const serve = (convert: (p: Payload[]) => Promise<Payload[]>) => async (req: Request, res: Response) => {
    const payloads = await convertEach(toPayloads(req.body), convert);
    res.json({ payloads: payloads.map(toJson) });
  };

  const router = Router();
  router.use(corsFor(options.allowedOrigins));
  router.post('/encode', sessionCredential, ...guard, namespaceCheck, json, serve((p) => codec.encode(p)));
  router.post('/decode', sessionCredential, ...guard, namespaceCheck, json, serve((p) => codec.decode(p)));

  router.get('/session', async (req, res) => {
    // helmet's no-referrer makes Chromium send "Origin: null" with the form's POST; same-origin keeps the real one.
    res.set('Referrer-Policy', 'same-origin');
    const signedIn = (await sessions.credentialOf(req)) !== undefined;
    res.type('html').send(signInPage(signedIn ? 'You are signed in.' : 'Sign in to read encrypted cases in the Temporal Web UI.'));
  });
  router.post(
    '/session',
    express.urlencoded({ extended: false, limit: '16kb' }),
    json,
    (req: Request, res: Response, next: NextFunction) => {
      const parsed = SignInSchema.safeParse(req.body);
      if (!parsed.success) return next(invalidInput(parsed.error));
      // Only the submitted credential is checked, never one the browser happened to send along.
      delete req.headers.authorization;
      delete req.headers['x-api-key'];
      Object.assign(req.headers, headersFor(parsed.data.credential));
      res.locals.credential = parsed.data.credential;
      next();
    },
    ...guard,
    async (req: Request, res: Response) => {
      const expiresAt = await sessions.start(req, res, res.locals.credential as string);
      if (req.is('application/x-www-form-urlencoded')) return void res.type('html').send(signInPage(`Signed in until ${expiresAt.toISOString()}.`));
      res.json({ signedIn: true, expiresAt: expiresAt.toISOString() });
    },
  );
  router.delete('/session', async (req, res) => {
    await sessions.end(req, res);
    res.status(204).end();
  });
  return router;
}
