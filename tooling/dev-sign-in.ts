import { SignJWT } from 'jose';
import type { Role } from '../config/credentials';
import type { DevSecrets } from './dev-secrets';

/** The roles the console is for, each with a development sign-in link. */
export const DEV_SIGN_IN_ROLES = ['agent', 'supervisor', 'analyst'] as const satisfies readonly Role[];

export interface DevSignInLink {
  role: Role;
  subject: string;
  url: string;
}

/**
 * One console sign-in link per console role, for `npm start`'s banner: a bearer token minted with
 * the development JWT secret (HS256), as the dev key of that role's name, valid `validMs`. The token
 * rides in the URL's fragment, which browsers never send, so it stays out of every server's log;
 * the console reads it there and exchanges it at POST /v1/session.
 */
export async function devSignInLinks({ secrets, baseUrl, roleClaim = 'role', validMs = 12 * 3_600_000, now = Date.now() }: { secrets: DevSecrets; baseUrl: string; roleClaim?: string; validMs?: number; now?: number }): Promise<DevSignInLink[]> {
  const key = new TextEncoder().encode(secrets.jwt.secret);
  const issuedAt = Math.floor(now / 1000);
  return Promise.all(
    DEV_SIGN_IN_ROLES.map(async (role) => {
      const subject = secrets.apiKeys.find((k) => k.role === role)?.name ?? `${role}_demo`;
      const token = await new SignJWT({ [roleClaim]: role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(subject)
        .setIssuer(secrets.jwt.issuer)
        .setAudience(secrets.jwt.audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + Math.floor(validMs / 1000))
        .sign(key);
      return { role, subject, url: `${baseUrl.replace(/\/$/, '')}/console/sign-in#token=${token}` };
    }),
  );
}
