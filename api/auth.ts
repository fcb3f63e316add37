import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ErrorType } from '../domain/errors';
import { Problem } from './problems';
import { sessionExpired } from './console-session';
import { ROLES, isRole, type ApiKeyEntry, type JwtSettings, type Role } from '../config/credentials';

export { ROLES, type Role } from '../config/credentials';

/** The caller, as established from its credential; never from the request body. */
export interface Principal {
  /** Stable and unique: `key:<name>` for an API key, `jwt:<issuer>#<sub>` for a person's token. */
  id: string;
  /** The name to record on a decision: the key's name or the token's subject. */
  subject: string;
  role: Role;
}

export interface AuthSettings {
  apiKeys: ApiKeyEntry[];
  jwt?: JwtSettings;
}

export type Authenticator = (req: Request) => Promise<Principal | null>;

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

const unauthenticated = (detail: string) =>
  new Problem(ErrorType.UNAUTHENTICATED, detail, [{ field: 'header:authorization', reason: detail }]);

/**
 * Builds the credential check: `X-API-Key: <key>` for services, `Authorization: Bearer <jwt>` for people.
 * Answers the principal, null when the request carries no credential, and throws UNAUTHENTICATED for a bad one.
 */
export function createAuthenticator({ apiKeys, jwt }: AuthSettings): Authenticator {
  const keys = new Map(apiKeys.map((k) => [digest(k.secret), { id: `key:${k.name}`, subject: k.name, role: k.role } satisfies Principal]));
  let verifyKey: Uint8Array | KeyObject | JWTVerifyGetKey | undefined;
  let algorithms: string[] = [];
  if (jwt?.secret) {
    verifyKey = new TextEncoder().encode(jwt.secret);
    algorithms = ['HS256'];
  } else if (jwt?.publicKeyPem) {
    verifyKey = createPublicKey(jwt.publicKeyPem);
    algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];
  } else if (jwt?.jwksUrl) {
    verifyKey = createRemoteJWKSet(new URL(jwt.jwksUrl));
    algorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];
  }

  return async (req) => {
    const apiKey = req.header('x-api-key');
    const authorization = req.header('authorization');
    if (apiKey !== undefined) {
      const principal = keys.get(digest(apiKey));
      if (!principal) throw unauthenticated('The API key is not known.');
      return principal;
    }
    if (authorization === undefined) return null;
    const [scheme, token] = authorization.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthenticated('Authorization must be "Bearer <token>".');
    if (!jwt || !verifyKey) throw unauthenticated('Bearer tokens are not accepted by this deployment.');
    try {
      const { payload } = await jwtVerify(token, verifyKey as Uint8Array, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms,
        clockTolerance: jwt.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      const role = payload[jwt.roleClaim];
      if (!isRole(role)) throw unauthenticated(`The token's "${jwt.roleClaim}" claim is not one of ${ROLES.join(', ')}.`);
      return { id: `jwt:${payload.iss}#${payload.sub}`, subject: payload.sub!, role };
    } catch (err) {
      if (err instanceof Problem) throw err;
      if (err instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired.');
      if (err instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The token's "${err.claim}" claim is not accepted.`);
      throw unauthenticated('The token is not valid.');
    }
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    /** The request's only credential was a console session cookie naming a session that has ended. */
    sessionEnded?: boolean;
  }
}

/** Sets `req.principal` when the request carries a credential; a bad credential is refused at once. */
export function identify(authenticate: Authenticator): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    authenticate(req).then(
      (principal) => {
        if (principal) req.principal = principal;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * Lets the request through only for the given roles: 401 without a credential (SESSION_EXPIRED when
 * its console session has ended, so the console signs in again), 403 with the wrong role.
 */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal && req.sessionEnded) return next(sessionExpired());
    if (!principal) return next(unauthenticated('This endpoint needs a credential: an X-API-Key header or a Bearer token.'));
    if (!roles.includes(principal.role)) {
      return next(new Problem(ErrorType.FORBIDDEN, `The ${principal.role} role may not do this; it is for ${roles.join(', ')}.`));
    }
    next();
  };
}

/** The principal of a request that passed `allow`. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw unauthenticated('This endpoint needs a credential.');
  return req.principal;
}
