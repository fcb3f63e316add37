import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type ApiKeyEntry, type Role } from '../config/credentials';

/** The local development credentials `npm start` generates once and keeps in the data folder. */
export interface DevSecrets {
  apiKeys: ApiKeyEntry[];
  jwt: { issuer: string; audience: string; secret: string };
  linkSecret: string;
  /** The embedded records database's superuser password (set by initdb on the first start, so kept). */
  databasePassword: string;
}

/** Who each development key is: the customer key's name is the customer id it may act for. */
const DEV_NAMES = { website: 'loop-website', customer: 'cus_demo', agent: 'agent_demo', supervisor: 'supervisor_demo', engineer: 'engineer_demo', analyst: 'analyst_demo' } as const;

const secret = () => randomBytes(24).toString('base64url');

/** The development identity provider: `npm start` mints the console's sign-in tokens with it (tooling/dev-sign-in.ts). */
const newDevJwt = (): DevSecrets['jwt'] => ({ issuer: 'http://localhost/loop-disputes-dev', audience: 'loop-disputes', secret: secret() + secret() });

const devKey = (role: Role): ApiKeyEntry => ({ role, name: DEV_NAMES[role], secret: `dev_${role}_${secret()}` });

/**
 * Reads `<dataDir>/dev-credentials.json`, or creates it (mode 0600) with one API key per role,
 * an HS256 JWT secret, the answer-link secret and the embedded database's password. A file from an
 * earlier version gains what it lacks (a key for a new role, the JWT secret, the database password), keeping the
 * rest; `added` names what was added. Development only: production sets API_KEYS, JWT_*,
 * NOTIFICATION_LINK_SECRET and DATABASE_URL itself.
 */
export function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; file: string; created: boolean; added: string[] } {
  const file = join(dataDir, 'dev-credentials.json');
  if (existsSync(file)) {
    const secrets = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets> & Omit<DevSecrets, 'databasePassword' | 'jwt'>;
    const added: string[] = [];
    for (const role of ROLES) {
      if (secrets.apiKeys.some((k) => k.role === role)) continue;
      secrets.apiKeys.push(devKey(role));
      added.push(`a key for the ${role} role`);
    }
    if (!secrets.jwt?.secret) {
      secrets.jwt = newDevJwt();
      added.push('a JWT secret');
    }
    if (!secrets.databasePassword) {
      secrets.databasePassword = secret();
      added.push('the embedded database password');
    }
    if (added.length) writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    return { secrets: secrets as DevSecrets, file, created: false, added };
  }
  const secrets: DevSecrets = {
    apiKeys: ROLES.map(devKey),
    jwt: newDevJwt(),
    linkSecret: secret() + secret(),
    databasePassword: secret(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { secrets, file, created: true, added: [] };
}

/** The variables the development secrets stand for; only those not already set are filled in. */
export function devSecretsEnv(secrets: DevSecrets, env: NodeJS.ProcessEnv): Record<string, string> {
  const wanted: Record<string, string> = {
    API_KEYS: secrets.apiKeys.map((k) => `${k.role}:${k.name}:${k.secret}`).join(','),
    NOTIFICATION_LINK_SECRET: secrets.linkSecret,
  };
  // Bearer tokens only when no identity provider is configured at all.
  if (!env.JWT_ISSUER && !env.JWT_AUDIENCE && !env.JWT_SECRET && !env.JWT_PUBLIC_KEY_FILE && !env.JWT_JWKS_URL) {
    Object.assign(wanted, { JWT_ISSUER: secrets.jwt.issuer, JWT_AUDIENCE: secrets.jwt.audience, JWT_SECRET: secrets.jwt.secret });
  }
  return Object.fromEntries(Object.entries(wanted).filter(([name]) => !env[name]));
}
