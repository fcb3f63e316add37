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
