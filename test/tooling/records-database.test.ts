import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../tooling/stripe-mock';
import { embeddedBinDir } from '../../tooling/postgres';
import { clusterHolder, startRecordsDatabase, type RecordsDatabase } from '../../tooling/records-database';
import { loadOrCreateDevSecrets } from '../../tooling/dev-secrets';
import { MIGRATIONS, freshDatabase, type TestDatabase } from '../support/database';

async function tables(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    return rows.map((r) => r.table_name);
  } finally {
    await client.end();
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `pg_ctl status`: 0 running, 3 not running (as the cluster's owner: pg_ctl refuses root). */
function pgCtlStatus(clusterDir: string): number | null {
  const { uid, gid } = statSync(clusterDir);
  return spawnSync(join(embeddedBinDir()!, 'pg_ctl'), ['status', '-D', clusterDir], { encoding: 'utf8', uid, gid }).status;
}

describe('the records database npm start runs', () => {
  const started: RecordsDatabase[] = [];
  afterEach(() => started.splice(0).forEach((d) => d.stop()));

  test('starts the embedded server in <DATA_DIR>/postgres with the migrations applied, refuses a second start while it runs, starts over a killed one, and stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'records-db-'));
    const clusterDir = join(dataDir, 'postgres');
    const port = await freePort();
    const lines: string[] = [];
    const options = { dataDir, port, password: 'a-development-password-123', log: (l: string) => lines.push(l) };

    const first = await startRecordsDatabase(options);
    started.push(first);
    expect(first.embedded).toBe(true);
    expect(first.url).toBe(`postgres://loop:a-development-password-123@127.0.0.1:${port}/loop_records`);
    expect(await tables(first.url)).toEqual(expect.arrayContaining(['case_records', 'case_status_changes', 'pgmigrations']));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^applied ${MIGRATIONS.length} migration\\(s\\): ${MIGRATIONS.join(', ')} \\(`)));
    const pid = clusterHolder(clusterDir)!.pid;

    await expect(startRecordsDatabase(options)).rejects.toThrow(`a PostgreSQL server (pid ${pid}, port ${port}) from an earlier npm start still runs on ${clusterDir}: stop it (kill ${pid}`);

    // As when `npm start` and its database were killed together: the postmaster.pid stays behind.
    process.kill(pid, 'SIGKILL');
    await until('the server to be gone', () => clusterHolder(clusterDir)?.alive === false && spawnSync('pgrep', ['-f', clusterDir]).status === 1);
    lines.length = 0;
    const again = await startRecordsDatabase(options);
    started.push(again);
    expect(lines).toContainEqual(expect.stringContaining(`names pid ${pid}, which no longer runs`));
    expect(lines).toContain('migrations already applied');
    expect(await tables(again.url)).toContain('case_records');

    again.stop();
    expect(pgCtlStatus(clusterDir)).toBe(3);
    await expect(tables(again.url)).rejects.toThrow(/ECONNREFUSED/);
  }, 60_000);

  test('says which variable to set when the port is taken', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(startRecordsDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'records-db-')), port, password: 'x'.repeat(24), log: () => undefined })).rejects.toThrow(
        `port ${port} for the embedded database is in use: stop what holds it, or set EMBEDDED_DATABASE_PORT`,
      );
    } finally {
      holder.close();
    }
  });

  describe('with DATABASE_URL', () => {
    let db: TestDatabase;
    beforeAll(async () => (db = await freshDatabase()));
    afterAll(() => db.drop());

    test('starts none, says it uses that one (password hidden), and applies the migrations there', async () => {
      const lines: string[] = [];
      const dataDir = mkdtempSync(join(tmpdir(), 'records-db-'));
      const given = await startRecordsDatabase({ url: db.url, dataDir, port: await freePort(), password: 'unused', log: (l) => lines.push(l) });
      expect(given).toMatchObject({ url: db.url, embedded: false });
      expect(lines[0]).toMatch(/^using the database at postgres:\/\/.*127\.0\.0\.1.* \(DATABASE_URL; no embedded server started\)$/);
      expect(lines).toContain('migrations already applied');
      expect(clusterHolder(join(dataDir, 'postgres'))).toBeUndefined();
    });
  });
});

describe('the development secrets', () => {
  test('a new file holds a key per role (analyst included) and a database password; a later start reads the same', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
    const first = loadOrCreateDevSecrets(dataDir);
    expect(first.created).toBe(true);
    expect(first.secrets.apiKeys.map((k) => k.role)).toEqual(['website', 'customer', 'agent', 'supervisor', 'engineer', 'analyst']);
    expect(first.secrets.apiKeys.find((k) => k.role === 'analyst')).toMatchObject({ name: 'analyst_demo', secret: expect.stringMatching(/^dev_analyst_.{32}$/) });
    expect(first.secrets.databasePassword).toMatch(/^.{32}$/);
    expect(loadOrCreateDevSecrets(dataDir)).toEqual({ ...first, created: false, added: [] });
  });

  test("an earlier version's file gains the analyst key and the database password, keeping its other keys", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
    const file = join(dataDir, 'dev-credentials.json');
    const agent = { role: 'agent', name: 'agent_demo', secret: 'dev_agent_kept-from-an-earlier-version' };
    writeFileSync(file, JSON.stringify({ apiKeys: [agent], jwt: { issuer: 'i', audience: 'a', secret: 's' }, linkSecret: 'l' }));
    const loaded = loadOrCreateDevSecrets(dataDir);
    expect(loaded.added).toEqual(expect.arrayContaining(['a key for the analyst role', 'the embedded database password']));
    expect(loaded.secrets.apiKeys[0]).toEqual(agent);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(loaded.secrets);
    expect(loadOrCreateDevSecrets(dataDir).added).toEqual([]);
  });
});
