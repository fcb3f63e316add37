import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES, type ApiKeyEntry } from '../config/credentials';

/** The local development credentials `npm start` generates once and keeps in the data folder. */
export interface DevSecrets {
  apiKeys: ApiKeyEntry[];
  jwt: { issuer: string; audience: string; secret: string };
  linkSecret: string;
}

/** Who each development key is: the customer key's name is the customer id it may act for. */
const DEV_NAMES = { website: 'loop-website', customer: 'cus_demo', agent: 'agent_demo', supervisor: 'supervisor_demo', engineer: 'engineer_demo', analyst: 'analyst_demo' } as const;

const secret = () => randomBytes(24).toString('base64url');

/**
 * Reads `<dataDir>/dev-credentials.json`, or creates it (mode 0600) with one API key per role,
 * an HS256 JWT secret and the answer-link secret. Development only: production sets API_KEYS,
 * JWT_* and NOTIFICATION_LINK_SECRET itself.
 */
export function loadOrCreateDevSecrets(dataDir: string): { secrets: DevSecrets; file: string; created: boolean } {
  const file = join(dataDir, 'dev-credentials.json');
  if (existsSync(file)) return { secrets: JSON.parse(readFileSync(file, 'utf8')) as DevSecrets, file, created: false };
  const secrets: DevSecrets = {
    apiKeys: ROLES.map((role) => ({ role, name: DEV_NAMES[role], secret: `dev_${role}_${secret()}` })),
    jwt: { issuer: 'http://localhost/loop-disputes-dev', audience: 'loop-disputes', secret: secret() + secret() },
    linkSecret: secret() + secret(),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { secrets, file, created: true };
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
