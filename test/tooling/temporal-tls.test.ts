import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { startDevServer } from '../support/temporal';

/**
 * The production connection settings against a real peer: a TLS front that demands a client
 * certificate signed by our CA (as a self-hosted cluster with mTLS does), relaying gRPC to a dev
 * server. Certificates are made with openssl for the test.
 */
let dir = '';
let front: Server;
let env: Awaited<ReturnType<typeof startDevServer>>;
let frontAddress = '';

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loop-tls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Loop Test CA');
  for (const [name, cn, ext] of [['server', 'temporal.loop.test', 'subjectAltName=DNS:temporal.loop.test'], ['client', 'loop-worker', 'extendedKeyUsage=clientAuth']] as const) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    await writeFile(join(dir, `${name}.ext`), `${ext}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`);
  }
  env = await startDevServer();
  const [host, port] = env.address.split(':') as [string, string];
  const file = (f: string) => readFile(join(dir, f));
  front = createServer({ key: await file('server.key'), cert: await file('server.pem'), ca: await file('ca.pem'), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] }, (socket) => {
    const upstream = connect(Number(port), host);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontAddress = `127.0.0.1:${(front.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => front?.close(r));
  await env?.teardown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const withMtls = () =>
  loadConfig({
    TEMPORAL_ADDRESS: frontAddress,
    TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal.loop.test',
    TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem'),
    TEMPORAL_TLS_KEY_FILE: join(dir, 'client.key'),
  });

test('the API\'s client and the worker\'s connection reach Temporal over mutual TLS with the configured files', async () => {
  const client = await Connection.connect(temporalConnectionOptions(withMtls()));
  await expect(client.workflowService.getSystemInfo({})).resolves.toBeDefined();
  await client.close();
  const native = await NativeConnection.connect(temporalConnectionOptions(withMtls()));
  await expect(native.workflowService.getSystemInfo({})).resolves.toBeDefined();
  await native.close();
});

test('without the client certificate the TLS front refuses the connection', async () => {
  const config = loadConfig({ TEMPORAL_ADDRESS: frontAddress, TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.loop.test' });
  const attempt = Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: '3s' }).then((c) => c.workflowService.getSystemInfo({}));
  await expect(attempt).rejects.toThrow();
});

test('a Temporal client profile (TOML, as the Temporal CLI reads) gives the address, namespace and mutual-TLS files', async () => {
  const file = join(dir, 'temporal.toml');
  await writeFile(
    file,
    [
      '[profile.loop-prod]',
      `address = "${frontAddress}"`,
      'namespace = "default"',
      '[profile.loop-prod.tls]',
      `server_ca_cert_path = "${join(dir, 'ca.pem')}"`,
      'server_name = "temporal.loop.test"',
      `client_cert_path = "${join(dir, 'client.pem')}"`,
      `client_key_path = "${join(dir, 'client.key')}"`,
      '',
    ].join('\n'),
  );
  const config = loadConfig({ TEMPORAL_PROFILE: 'loop-prod', TEMPORAL_CONFIG_FILE: file });
  expect(config.temporal).toMatchObject({ address: frontAddress, namespace: 'default' });
  const client = await Connection.connect(temporalConnectionOptions(config));
  await expect(client.workflowService.getSystemInfo({})).resolves.toBeDefined();
  await client.close();
  expect(() => loadConfig({ TEMPORAL_PROFILE: 'nope', TEMPORAL_CONFIG_FILE: file })).toThrow(/TEMPORAL_PROFILE: .*nope/);
});

test('a missing certificate file is named in the error', () => {
  const config = loadConfig({ TEMPORAL_ADDRESS: frontAddress, TEMPORAL_TLS_CERT_FILE: join(dir, 'nope.pem'), TEMPORAL_TLS_KEY_FILE: join(dir, 'client.key') });
  expect(() => temporalConnectionOptions(config)).toThrow(/client certificate \(TEMPORAL_TLS_CERT_FILE\) at .*nope\.pem/);
});
