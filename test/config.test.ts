import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../config';

describe('configuration', () => {
  test('has production defaults: API on 3000, Temporal on 7233 with its UI on 8233, a 7-day follow-up', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      api: { port: 3000 },
      temporal: { address: undefined, namespace: 'default', port: 7233, uiPort: 8233 },
      sandbox: { url: 'http://localhost:4010' },
      processors: ['sandbox'],
      policy: { followUpDelayMs: 7 * 86_400_000, satisfactionAnswerWindowMs: 14 * 86_400_000, reportingWindowDays: 60 },
    });
  });

  test('reads durations such as 36h and treats an empty variable as unset', () => {
    const config = loadConfig({ FOLLOW_UP_DELAY: '36h', TEMPORAL_ADDRESS: '', PORT: '8080' });
    expect(config.policy.followUpDelayMs).toBe(36 * 3_600_000);
    expect(config.temporal.address).toBeUndefined();
    expect(config.api.port).toBe(8080);
  });

  test('a console sign-in ends after 8 hours unused or 12 hours in all unless configured; the console is served from console/dist', () => {
    expect(loadConfig({}).console).toEqual({ sessionIdleMs: 8 * 3_600_000, sessionMaxMs: 12 * 3_600_000, dir: 'console/dist' });
    expect(loadConfig({ CONSOLE_SESSION_IDLE: '30m', CONSOLE_SESSION_MAX: '9h', CONSOLE_DIR: '/srv/console' }).console).toEqual({ sessionIdleMs: 30 * 60_000, sessionMaxMs: 9 * 3_600_000, dir: '/srv/console' });
    expect(() => loadConfig({ CONSOLE_SESSION_IDLE: 'a while' })).toThrow(/CONSOLE_SESSION_IDLE: "a while" is not a duration/);
  });

  test('Loop\'s time zone is Europe/Paris and a processor has 10 business days unless configured; an unknown zone stops the start', () => {
    expect(loadConfig({}).policy).toMatchObject({ timeZone: 'Europe/Paris', processorInquiryBusinessDays: 10 });
    expect(loadConfig({ LOOP_TIME_ZONE: 'America/Montreal', PROCESSOR_INQUIRY_BUSINESS_DAYS: '5' }).policy).toMatchObject({ timeZone: 'America/Montreal', processorInquiryBusinessDays: 5 });
    expect(() => loadConfig({ LOOP_TIME_ZONE: 'Paris' })).toThrow(/LOOP_TIME_ZONE: must be an IANA time zone/);
  });

  test('cases write their records unless CASE_RECORDS=off (for benchmarks); anything else stops the start', () => {
    expect(loadConfig({}).caseRecords).toBe(true);
    expect(loadConfig({ CASE_RECORDS: 'off' }).caseRecords).toBe(false);
    expect(() => loadConfig({ CASE_RECORDS: 'no' })).toThrow(/CASE_RECORDS/);
  });

  test('the API and the sandbox listen on loopback unless HOST says otherwise', () => {
    expect([loadConfig({}).api.host, loadConfig({}).sandbox.host]).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(loadConfig({ HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
  });

  test('a production configuration refuses the sandbox processor, whose webhook is unsigned', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PROCESSORS: includes sandbox, whose webhook is unsigned/);
    expect(() => loadConfig({ NODE_ENV: 'production', PROCESSORS: 'stripe,sandbox', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' })).toThrow(/PROCESSORS: includes sandbox/);
    expect(loadConfig({ NODE_ENV: 'development' }).processors).toEqual(['sandbox']);
  });

  test('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', FOLLOW_UP_DELAY: 'a week', PROCESSORS: 'sandbox,visa' })).toThrow(
      /PORT:[\s\S]*PROCESSORS[\s\S]*FOLLOW_UP_DELAY: "a week" is not a duration/,
    );
  });

  test('lists every variable it reads in .env.example, including where to find the Temporal binaries', () => {
    const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...CONFIG_VARIABLES, 'TEMPORAL_CLI_PATH', 'TEMPORAL_TEST_SERVER_PATH'].filter((v) => !listed.has(v))).toEqual([]);
  });

  test('a processor listed without its keys stops the start, naming each missing variable', () => {
    expect(() => loadConfig({ PROCESSORS: 'sandbox,stripe,paypal' })).toThrow(
      /STRIPE_SECRET_KEY: is required when PROCESSORS lists stripe[\s\S]*STRIPE_WEBHOOK_SECRET[\s\S]*PAYPAL_CLIENT_ID[\s\S]*PAYPAL_WEBHOOK_ID/,
    );
  });

  test('a processor with its keys is configured, the others stay absent', () => {
    const config = loadConfig({ PROCESSORS: 'sandbox,stripe', STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect(config.processors).toEqual(['sandbox', 'stripe']);
    expect(config.stripe).toEqual({ secretKey: 'sk_test_x', webhookSecret: 'whsec_x', toleranceSeconds: 300 });
    expect(config.adyen).toBeUndefined();
  });
});

describe('security configuration', () => {
  const key = (role: string, name: string) => `${role}:${name}:${'s'.repeat(24)}${name}`;

  test('reads API keys as role:name:secret, and bearer-token settings when an issuer is configured', () => {
    const config = loadConfig({ API_KEYS: `${key('website', 'loop-website')}, ${key('agent', 'alice')}`, JWT_ISSUER: 'https://id.loop.tech/', JWT_AUDIENCE: 'disputes', JWT_SECRET: 'x'.repeat(32) });
    expect(config.api.apiKeys.map((k) => [k.role, k.name])).toEqual([['website', 'loop-website'], ['agent', 'alice']]);
    expect(config.api.jwt).toMatchObject({ issuer: 'https://id.loop.tech/', audience: 'disputes', roleClaim: 'role', clockToleranceSeconds: 30 });
    expect(loadConfig({}).api).toMatchObject({ apiKeys: [], rateLimitPerMinute: 120 });
    expect(loadConfig({}).api.jwt).toBeUndefined();
  });

  test('names a bad API key by position and never prints its secret', () => {
    const secret = 'short-secret';
    let message = '';
    try {
      loadConfig({ API_KEYS: `admin:bob:${'s'.repeat(30)},agent:alice:${secret},agent:alice:${'t'.repeat(30)}` });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/entry 1: the role must be one of/);
    expect(message).toMatch(/entry 2 \(alice\): the secret must be at least 24 characters/);
    expect(message).not.toContain(secret);
  });

  test('bearer tokens need an issuer, an audience and exactly one key source', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32) })).toThrow(/JWT_ISSUER: is required[\s\S]*JWT_AUDIENCE: is required/);
    expect(() => loadConfig({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://id.example/jwks' })).toThrow(/exactly one of JWT_SECRET/);
    expect(() => loadConfig({ JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_SECRET: 'too short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  test('Temporal TLS: off by default, on with an API key (Temporal Cloud), mutual TLS only with both files', () => {
    expect(loadConfig({}).temporal.tls).toBeUndefined();
    expect(loadConfig({ TEMPORAL_API_KEY: 'cloud-key' }).temporal).toMatchObject({ apiKey: 'cloud-key', tls: {} });
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_FILE: 'client.pem' })).toThrow(/TEMPORAL_TLS_KEY_FILE: mTLS needs both/);
    // A CA or a server name alone still means TLS, never plaintext.
    expect(loadConfig({ TEMPORAL_TLS_CA_FILE: 'ca.pem' }).temporal.tls).toEqual({ caFile: 'ca.pem' });
    expect(loadConfig({ TEMPORAL_TLS_SERVER_NAME: 'temporal.loop.tech' }).temporal.tls).toEqual({ serverName: 'temporal.loop.tech' });
  });

  test('mail: the local catcher by default, none when SMTP_URL is set or mail goes to the outbox', () => {
    expect(loadConfig({}).mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:1025', catcher: { smtpPort: 1025, webPort: 8025 } });
    expect(loadConfig({ SMTP_URL: 'smtps://user:pw@mail.loop.tech:465' }).mail.catcher).toBeNull();
    expect(loadConfig({ NOTIFICATIONS: 'outbox' }).mail.catcher).toBeNull();
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/);
  });
});
