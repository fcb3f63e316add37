/** Credentials the API accepts, as configuration describes them (parsed by config/, checked by api/auth.ts). */

/** Who may call the API, from least to most trusted for cases; `engineer` only reads payloads through the codec. */
export const ROLES = ['website', 'customer', 'agent', 'supervisor', 'analyst', 'engineer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** An API key as configured: `role:name:secret`. Only a digest of the secret is kept in memory. */
export interface ApiKeyEntry {
  role: Role;
  name: string;
  secret: string;
}

/** How people's bearer tokens are checked: issuer, audience, expiry, and one of the key sources. */
export interface JwtSettings {
  issuer: string;
  audience: string;
  /** HS256 shared secret (development, tests). */
  secret?: string;
  /** A PEM public key (RS256 / ES256 / EdDSA). */
  publicKeyPem?: string;
  /** The identity provider's JWKS endpoint. */
  jwksUrl?: string;
  /** The claim holding the role (default `role`). */
  roleClaim: string;
  /** Leeway for clock skew on exp/nbf, in seconds. */
  clockToleranceSeconds: number;
}

/** Parses `role:name:secret,role:name:secret` (API_KEYS); names a bad entry by position, never echoing a secret. */
export function parseApiKeys(text: string): { keys: ApiKeyEntry[]; problems: string[] } {
  const keys: ApiKeyEntry[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .forEach((entry, i) => {
      const [role, name, ...rest] = entry.split(':');
      const secret = rest.join(':');
      if (!isRole(role)) problems.push(`entry ${i + 1}: the role must be one of ${ROLES.join(', ')}`);
      else if (!name || !/^[A-Za-z0-9_.@-]{1,64}$/.test(name)) problems.push(`entry ${i + 1}: the name must be 1-64 letters, digits, _ . @ -`);
      else if (secret.length < 24) problems.push(`entry ${i + 1} (${name}): the secret must be at least 24 characters`);
      else if (names.has(name)) problems.push(`entry ${i + 1} (${name}): the name is used twice`);
      else {
        names.add(name);
        keys.push({ role, name, secret });
      }
    });
  return { keys, problems };
}
