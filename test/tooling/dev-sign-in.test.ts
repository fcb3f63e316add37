import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { Request } from 'express';
import { createAuthenticator } from '../../api/auth';
import { loadConfig } from '../../config';
import { devSecretsEnv, loadOrCreateDevSecrets } from '../../tooling/dev-secrets';
import { devSignInLinks } from '../../tooling/dev-sign-in';

const bearer = (token: string) => ({ header: (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined) }) as unknown as Request;

describe('the development sign-in links npm start prints', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'dev-sign-in-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('one per console role, the token in the fragment, accepted by the API configured from the same dev credentials as the dev key of that role, for 12 hours', async () => {
    const { secrets } = loadOrCreateDevSecrets(dataDir);
    const config = loadConfig(devSecretsEnv(secrets, {}));
    const authenticate = createAuthenticator({ apiKeys: config.api.apiKeys, jwt: config.api.jwt! });
    const now = Date.now();
    const links = await devSignInLinks({ secrets, baseUrl: 'http://localhost:3000/', now });
    expect(links.map((l) => [l.role, l.subject])).toEqual([
      ['agent', 'agent_demo'],
      ['supervisor', 'supervisor_demo'],
      ['analyst', 'analyst_demo'],
    ]);
    for (const link of links) {
      const [page, token] = link.url.split('#token=');
      expect(page).toBe('http://localhost:3000/console/sign-in');
      expect(await authenticate(bearer(token!))).toEqual({ id: `jwt:${secrets.jwt.issuer}#${link.subject}`, subject: link.subject, role: link.role });
      expect(decodeJwt(token!).exp).toBe(Math.floor(now / 1000) + 12 * 3600);
    }
  });

  test('a credentials file from before the JWT secret gains one, keeping its keys', () => {
    const { secrets, file } = loadOrCreateDevSecrets(dataDir);
    const { jwt: _dropped, ...older } = secrets;
    writeFileSync(file, JSON.stringify(older));
    const again = loadOrCreateDevSecrets(dataDir);
    expect(again.added).toEqual(['a JWT secret']);
    expect(again.secrets.apiKeys).toEqual(secrets.apiKeys);
    expect(JSON.parse(readFileSync(file, 'utf8')).jwt.secret.length).toBeGreaterThanOrEqual(32);
  });
});
