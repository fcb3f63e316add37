import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createApp } from '../../api/app';
import { findChromium } from '../../tooling/chromium';
import { encryptedDataConverter } from '../../security/data-converter';
import { parseKeyRing } from '../../security/keys';
import { caseIdFor } from '../../api/case-id';
import { TEST_KEYS, testAuthenticator } from '../support/api';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { useCaseSystem } from '../support/temporal';
import { workflowIdFor } from '../../domain/ids';
import { satisfactionLinks } from '../../notifications/links';
import { decisionUpdate } from '../../workflows/resolve-discrepancy';

/**
 * What people do in a real browser. An engineer signs in at the API's codec server, points the
 * Temporal Web UI (the dev server's own) at it with "include cross-origin credentials", and reads an
 * encrypted case in clear; a browser that has not signed in sees nothing. A customer answers the
 * satisfaction question from the e-mail's link, through its confirmation page. Needs Chromium
 * (`.ci/run` installs Debian's); elsewhere the test is skipped and says why.
 */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

const CHROMIUM = findChromium();
if (!CHROMIUM && process.env.CI === 'true') throw new Error('Chromium is required in CI for the Web UI test (.ci/run installs Debian\'s chromium)');
if (!CHROMIUM) console.warn('test/ui skipped: no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)');
const maybe = CHROMIUM ? describe : describe.skip;

const TASK_QUEUE = 'web-ui-codec';
const SCREENSHOTS = join(__dirname, 'screenshots');
const LINK_SECRET = 'ui-link-secret-0123456789abcdef0123456';
const ring = parseKeyRing(`ui-k1:${randomBytes(32).toString('base64')}`);
const ports = { ui: 0 };
let api: Server;
let apiUrl = '';
let browser: Browser;

// Before useCaseSystem's own beforeAll, which starts the dev server with its UI on this port.
beforeAll(async () => {
  ports.ui = await freePort();
});
const system = useCaseSystem('dev', TASK_QUEUE, (s) => s.ports, {
  dataConverter: encryptedDataConverter(ring),
  get uiPort() {
    return ports.ui;
  },
});

maybe('reading an encrypted case in the Temporal Web UI', () => {
  beforeAll(async () => {
    const uiOrigin = `http://localhost:${ports.ui}`;
    const app = createApp({
      client: system.env.client,
      taskQueue: TASK_QUEUE,
      policy: AGENT_ONLY_POLICY,
      processors: ['sandbox'],
      authenticate: testAuthenticator(),
      codec: { ring, allowedOrigins: [uiOrigin], namespace: 'default' },
      answerLinkSecret: LINK_SECRET,
      log: () => undefined,
    });
    api = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    apiUrl = `http://localhost:${(api.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => api?.close(r));
  });

  async function openCaseInUi(signIn: boolean, caseId: string) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const codecStatuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/codec/decode')) codecStatuses.push(r.status());
    });
    if (signIn) {
      await page.goto(`${apiUrl}/codec/session`);
      await page.fill('input[name=credential]', TEST_KEYS.engineer.secret);
      await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
      expect(await page.textContent('body')).toContain('Signed in until');
    }
    const ui = `http://localhost:${ports.ui}`;
    await page.goto(ui);
    // The UI's own Codec Server settings ("use my browser setting"), as its settings dialog stores them.
    const settings = { endpoint: `${apiUrl}/codec`, includeCredentials: true, passAccessToken: false, overrideRemoteCodecConfiguration: true };
    await page.evaluate(`for (const [k, v] of Object.entries(${JSON.stringify(settings)})) localStorage.setItem(k, JSON.stringify(v))`);
    await page.goto(`${ui}/namespaces/default/workflows/${workflowIdFor(caseId)}`);
    return { page, context, codecStatuses };
  }

  test('a signed-in engineer reads the case in clear; a browser that has not signed in does not', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const caseId = caseIdFor('sandbox', tx.id);
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id, { description: 'Charged twice — words only the codec reveals' }), AGENT_ONLY_POLICY);
    await waitForCase(handle, 'AWAITING_DECISION');

    const engineer = await openCaseInUi(true, caseId);
    await engineer.page.getByText('words only the codec reveals').first().waitFor({ timeout: 20_000 });
    expect(await engineer.page.textContent('body')).toContain('ada@example.com');
    // Its timers and activities say what they are for, decoded by the codec like every payload.
    await engineer.page.getByText('SLA: first decision due').first().waitFor({ timeout: 20_000 });
    await engineer.page.getByText(`look up transaction ${tx.id} at sandbox`).first().waitFor({ timeout: 20_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await engineer.page.setViewportSize({ width: 1400, height: 900 });
    await engineer.page.screenshot({ path: join(SCREENSHOTS, 'temporal-ui-case.png') });
    // The case's summary and what it waits for now, under User Metadata.
    await engineer.page.getByRole('link', { name: 'User Metadata' }).or(engineer.page.getByRole('tab', { name: 'User Metadata' })).first().click();
    // The UI renders the Markdown in sandboxed frames of its own: read the text of every frame.
    const shown = async () => (await Promise.all(engineer.page.frames().map((f) => f.locator('body').innerText().catch(() => '')))).join('\n');
    const deadline = Date.now() + 20_000;
    while (!((await shown()).includes(`${caseId} · duplicate charge · sandbox`) && (await shown()).includes('waiting for an agent’s decision'))) {
      if (Date.now() > deadline) throw new Error(`the User Metadata tab never showed the case's summary and current details; it showed: ${(await shown()).slice(0, 500)}`);
      await engineer.page.waitForTimeout(250);
    }
    await engineer.page.screenshot({ path: join(SCREENSHOTS, 'temporal-ui-metadata.png') });
    expect(engineer.codecStatuses.length).toBeGreaterThan(0);
    expect(engineer.codecStatuses.every((s) => s === 200)).toBe(true);
    await engineer.context.close();

    const stranger = await openCaseInUi(false, caseId);
    await stranger.page.waitForTimeout(4_000);
    expect(stranger.codecStatuses).toContain(401);
    expect(await stranger.page.textContent('body')).not.toContain('words only the codec reveals');
    expect(await stranger.page.textContent('body')).not.toContain(`${caseId} · `);
    await stranger.context.close();
  });

  test('a customer answers the satisfaction question from the e-mail link in a browser', async () => {
    const tx = system.sandbox.charge({ captureCount: 2 });
    const policy = { ...AGENT_ONLY_POLICY, followUpDelayMs: 500 };
    const handle = await startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), policy);
    await waitForCase(handle, 'AWAITING_DECISION');
    await handle.executeUpdate(decisionUpdate, { args: [{ action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' }] });
    const { caseId } = await waitForCase(handle, 'FOLLOW_UP');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(satisfactionLinks(apiUrl, LINK_SECRET, caseId).satisfied);
    expect(await page.textContent('body')).toContain('Êtes-vous satisfait');
    await page.fill('textarea[name=comment]', 'Merci, remboursement reçu');
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    expect(await page.textContent('body')).toContain('Merci : votre réponse est enregistrée.');
    const closed = await waitForCase(handle, 'CLOSED');
    expect(closed.satisfaction).toMatchObject({ satisfied: true, comment: 'Merci, remboursement reçu' });
    await context.close();
  });
});
