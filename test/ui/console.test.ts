import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { reportBody } from '../support/api';
import { findChromium, useConsoleSystem } from '../support/console-system';

/**
 * The agent console in a real browser (Debian's Chromium) on a running system: Temporal dev
 * server, worker, sandbox, records database and the API serving the built console. People sign in
 * with the link `npm start` prints, and the tests check what they see. Screenshots of each page go
 * to test/ui/screenshots/ (ignored) for a person to look at. Without Chromium the file is skipped
 * and says why; under CI it fails instead.
 */
const CHROMIUM = findChromium();
if (!CHROMIUM && process.env.CI === 'true') throw new Error("Chromium is required in CI for the console's browser tests (.ci/run installs Debian's chromium)");
if (!CHROMIUM) console.warn('test/ui/console.test.ts skipped: no Chromium here (apt-get install chromium, or set CHROMIUM_PATH)');
const maybe = CHROMIUM ? describe : describe.skip;

const SCREENSHOTS = join(__dirname, 'screenshots');
const VIEWPORT = { width: 1400, height: 900 };

maybe('the agent console in a browser', () => {
  const sys = useConsoleSystem('console-e2e');
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox'] });
  });
  afterAll(() => browser?.close());
  afterEach(() => {
    // No request of the console may end in a 500.
    expect(sys.logged).toEqual([]);
  });

  let seq = 0;
  /** A case waiting for an agent (a duplicate capture of €49.99: €49.99 recommended, €99.98 refundable), listed in the queues. */
  async function caseAwaitingDecision(): Promise<{ id: string; email: string; txId: string }> {
    const email = `shopper${++seq}.${Date.now() % 100_000}@example.com`;
    const tx = sys.cases.sandbox.charge({ captureCount: 2 });
    const opened = await sys.call('website', 'POST', '/v1/disputes', reportBody(tx.id, { customer: { id: `cus_${seq}`, email, locale: 'en' } }));
    expect(opened.status).toBe(202);
    const id = opened.body.disputeId as string;
    await until(async () => (await sys.db.pool.query("SELECT 1 FROM case_records WHERE case_id = $1 AND status = 'AWAITING_DECISION'", [id])).rowCount === 1, `${id} listed as awaiting a decision`);
    return { id, email, txId: tx.id };
  }

  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`${what}: never happened`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** A new browser (own cookies and storage) at 1400×900, in Paris, in `locale`. */
  async function newPage(locale = 'en-GB', more: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT, locale, timezoneId: 'Europe/Paris', ...more });
    return context.newPage();
  }

  /** Follows the sign-in link `npm start` prints for this person, and waits for the first page. */
  async function signedIn(role: string, subject: string, locale = 'en-GB'): Promise<Page> {
    const page = await newPage(locale);
    await page.goto(await sys.signInLink(role, subject));
    await page.getByRole('button', { name: locale.startsWith('fr') ? 'Se déconnecter' : 'Sign out' }).waitFor();
    return page;
  }

  /** The transaction as the sandbox's own API answers it (what the processor holds). */
  async function sandboxTransaction(id: string): Promise<{ refunds: { amount_minor: number }[] }> {
    const res = await fetch(`${sys.cases.sandbox.url}/v1/transactions/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { refunds: { amount_minor: number }[] };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  const done = (page: Page) => page.context().close();

  /** The queue's tab count as shown: "Needs decision 3" → 3. */
  async function tabCount(page: Page, tab: string): Promise<number> {
    const text = await page.getByRole('button', { name: new RegExp(`^${tab} \\d+$`) }).innerText();
    return Number(/(\d+)\s*$/.exec(text)![1]);
  }

  async function findCaseByEmail(page: Page, email: string) {
    await page.getByRole('searchbox', { name: 'Search' }).fill(email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: /^DSP-/ }).first().waitFor();
  }

  const caseStatus = (page: Page) => page.getByRole('definition').filter({ has: page.locator('.status') });

  test('a person who has not signed in sees the sign-in page, saying how to sign in', async () => {
    const page = await newPage();
    await page.goto(`${sys.url}/console/`);
    await expectVisible(page.getByRole('heading', { name: 'Sign in to the agent console' }));
    await expectVisible(page.getByText('npm start prints a sign-in link for each person'));
    await expectVisible(page.getByLabel('Or paste a sign-in link or token'));
    await shot(page, 'sign-in');
    await done(page);
  });

  test('an agent finds a case by the customer\'s e-mail, opens it, refunds the recommended amount after confirming, and sees it RESOLVED', async () => {
    const { id, email, txId } = await caseAwaitingDecision();
    const page = await signedIn('agent', 'agent_ada');
    await expectVisible(page.getByText('Signed in as agent_ada (agent)'));
    await findCaseByEmail(page, email);
    await expectVisible(page.getByRole('cell', { name: email }));
    await page.getByRole('link', { name: id }).click();
    await expectVisible(page.getByRole('heading', { name: `Case ${id}`, level: 1 }));
    await expectVisible(page.getByRole('heading', { name: 'Assessment' }));

    await page.getByRole('radio', { name: 'Refund' }).check();
    // The recommended amount is filled in; the agent only writes why.
    expect(await page.getByLabel('Amount (EUR)').inputValue()).toBe('49.99');
    await page.getByLabel('Reason (internal)').fill('Captured twice for one order');
    await page.getByRole('button', { name: 'Send decision' }).click();

    const dialog = page.getByRole('dialog', { name: 'Confirm the payment' });
    await expectVisible(dialog.getByText(`Refund of €49.99 for ${email}. Money moves as soon as you confirm.`));
    await shot(page, 'decision-confirmation');
    await dialog.getByRole('button', { name: 'Confirm and pay' }).click();

    await expectVisible(page.getByText(/^Decision recorded: the case is now/));
    await expectVisible(caseStatus(page).getByText('Resolved', { exact: true }), 20_000);
    expect((await sandboxTransaction(txId)).refunds).toEqual([expect.objectContaining({ amount_minor: 4999 })]);
    await done(page);
  });

  test('a search looks through every case whatever tab is open, and the rows say where each case stands', async () => {
    const { id, email } = await caseAwaitingDecision();
    const decided = await sys.call('agent', 'POST', `/v1/disputes/${id}/decision`, { action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'Captured twice' });
    expect(decided.status).toBe(200);
    await until(async () => (await sys.db.pool.query("SELECT 1 FROM case_records WHERE case_id = $1 AND status IN ('RESOLVED', 'FOLLOW_UP', 'CLOSED')", [id])).rowCount === 1, `${id} resolved in the records`);
    const page = await signedIn('agent', 'agent_ada');
    // On the Needs decision tab, a resolved case is still found by its customer's e-mail.
    expect(await page.getByRole('button', { name: /^Needs decision \d+$/ }).getAttribute('aria-pressed')).toBe('true');
    await findCaseByEmail(page, email);
    await expectVisible(page.getByText(`Search results for “${email}” across every case, open or closed`));
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: id }) });
    await expectVisible(row.getByRole('cell', { name: 'Resolved', exact: true }));
    // Decided: the row says when, not a countdown.
    await expectVisible(row.getByText(/^first decision /));
    await done(page);
  });

  test("while a case waits for the processor, the agent records the processor's answer, and the case comes back for a decision", async () => {
    const { id } = await caseAwaitingDecision();
    const raised = await sys.call('agent', 'POST', `/v1/disputes/${id}/decision`, { action: 'RAISE_WITH_PROCESSOR', reason: 'Second capture looks like a processor retry' });
    expect([raised.status, raised.body.status]).toEqual([200, 'AWAITING_PROCESSOR']);
    const page = await signedIn('agent', 'agent_ada');
    await page.goto(`${sys.url}/console/cases/${id}`);
    const panel = page.getByRole('region', { name: "The processor's answer" });
    await expectVisible(panel.getByText('Why it was raised (internal): Second capture looks like a processor retry'));
    await panel.getByRole('radio', { name: 'It confirms an error on its side' }).check();
    await panel.getByLabel('Its answer, as it gave it (internal)').fill('Sandbox support: the second capture was a retry on their side');
    await panel.getByRole('button', { name: 'Record the answer' }).click();
    await expectVisible(page.getByRole('radio', { name: 'Refund' }));
    const after = (await sys.call('agent', 'GET', `/v1/disputes/${id}`)).body as { status: string; processorInquiry: { answer: { outcome: string; recordedBy: string } } };
    expect([after.status, after.processorInquiry.answer.outcome, after.processorInquiry.answer.recordedBy]).toEqual(['AWAITING_DECISION', 'PROCESSOR_ERROR_CONFIRMED', 'agent_ada']);
    await done(page);
  });

  test('an amount above what is still refundable shows the reason beside the field and moves no money', async () => {
    const { id, txId } = await caseAwaitingDecision();
    const page = await signedIn('agent', 'agent_ada');
    await page.goto(`${sys.url}/console/cases/${id}`);
    await page.getByRole('radio', { name: 'Refund' }).check();
    const amount = page.getByLabel('Amount (EUR)');
    await amount.fill('150.00');
    await expectVisible(page.getByText('More than is still refundable (€99.98).'));
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    // The reason is the field's description, so a screen reader reads it with the field.
    expect(await amount.evaluate((el) => el.getAttribute('aria-describedby'))).toContain('decision-amount-error');
    await page.getByLabel('Reason (internal)').fill('Customer asks for more');
    await page.getByRole('button', { name: 'Send decision' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expectVisible(page.getByText('More than is still refundable (€99.98).'));

    expect((await sandboxTransaction(txId)).refunds).toEqual([]);
    expect((await sys.call('agent', 'GET', `/v1/disputes/${id}`)).body.status).toBe('AWAITING_DECISION');
    await done(page);
  });

  test('an agent escalates a case; the agent\'s page then says why they cannot decide it, and a supervisor decides it', async () => {
    const { id, email } = await caseAwaitingDecision();
    const agent = await signedIn('agent', 'agent_ada');
    await agent.goto(`${sys.url}/console/cases/${id}`);
    await agent.getByRole('radio', { name: 'Escalate to a supervisor' }).check();
    await agent.getByLabel('Why it needs a supervisor').fill('Customer threatens legal action');
    await agent.getByRole('button', { name: 'Send decision' }).click();
    await expectVisible(agent.getByText('This case was escalated to a supervisor (agent_ada: Customer threatens legal action): only a supervisor decides it now.'));
    expect(await agent.getByRole('radio').count()).toBe(0);
    await done(agent);

    const supervisor = await signedIn('supervisor', 'sup_lea');
    // Supervisors see the escalations first.
    expect(await supervisor.getByRole('button', { name: /^Escalated \d+$/ }).getAttribute('aria-pressed')).toBe('true');
    await supervisor.getByRole('link', { name: id }).click();
    await expectVisible(supervisor.getByText('Escalated to you: agent_ada: Customer threatens legal action.'));
    await supervisor.getByRole('radio', { name: 'Refund' }).check();
    await supervisor.getByLabel('Reason (internal)').fill('Goodwill: refund the duplicate');
    await supervisor.getByRole('button', { name: 'Send decision' }).click();
    await supervisor.getByRole('dialog', { name: 'Confirm the payment' }).getByText(email).waitFor();
    await supervisor.getByRole('button', { name: 'Confirm and pay' }).click();
    await expectVisible(caseStatus(supervisor).getByText('Resolved', { exact: true }), 20_000);
    await done(supervisor);
  });

  test('"Next case" assigns the most urgent waiting case to the agent and opens it', async () => {
    await caseAwaitingDecision();
    const page = await signedIn('agent', 'agent_noe');
    await page.getByRole('button', { name: 'Next case' }).click();
    await expectVisible(page.getByRole('heading', { name: /^Case DSP-/, level: 1 }));
    const id = /cases\/([^/]+)$/.exec(page.url())![1]!;
    await expectVisible(page.getByRole('region', { name: 'Assignment' }).getByText('agent_noe', { exact: true }));
    expect((await sys.call('agent', 'GET', `/v1/disputes/${decodeURIComponent(id)}`)).body.assignee).toBe('agent_noe');
    await done(page);
  });

  test('an internal note appears on the case, and is still there after a reload', async () => {
    const { id } = await caseAwaitingDecision();
    const page = await signedIn('agent', 'agent_ada');
    await page.goto(`${sys.url}/console/cases/${id}`);
    const notes = page.getByRole('region', { name: 'Internal notes' });
    await expectVisible(notes.getByText('No notes yet.'));
    await notes.getByLabel('New note').fill('Called the customer: they confirm two debits');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await expectVisible(notes.getByText('Note added.'));
    await expectVisible(notes.getByText('Called the customer: they confirm two debits'));
    await page.reload();
    await expectVisible(page.getByRole('region', { name: 'Internal notes' }).getByText('Called the customer: they confirm two debits'));
    await done(page);
  });

  test('the queue counts change as cases move, refreshed in place every 15 s', async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(await sys.signInLink('agent', 'agent_ada'));
    await page.getByRole('heading', { name: 'Queue', level: 1 }).waitFor();
    await page.getByText(/^Updated at/).waitFor();
    const before = await tabCount(page, 'Needs decision');
    const { id } = await caseAwaitingDecision();
    await page.clock.runFor(16_000);
    await until(async () => (await tabCount(page, 'Needs decision')) === before + 1, 'the count went up');
    await shot(page, 'queue');

    const decided = await sys.call('agent', 'POST', `/v1/disputes/${id}/decision`, { action: 'REFUND', amount: { amountMinor: 4999, currency: 'EUR' }, reason: 'duplicate' });
    expect(decided.status).toBe(200);
    await until(async () => (await sys.db.pool.query("SELECT 1 FROM case_records WHERE case_id = $1 AND status <> 'AWAITING_DECISION'", [id])).rowCount === 1, 'the record moved');
    await page.clock.runFor(16_000);
    await until(async () => (await tabCount(page, 'Needs decision')) === before, 'the count went down');
    await done(page);
  });

  test('the language switch shows the console in French, and a French browser starts in French', async () => {
    const page = await signedIn('agent', 'agent_ada');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await expectVisible(page.getByRole('heading', { name: 'File', level: 1 }));
    await expectVisible(page.getByRole('button', { name: /^À décider \d+$/ }));
    await expectVisible(page.getByRole('button', { name: 'Se déconnecter' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await shot(page, 'queue-fr');
    await done(page);

    const french = await signedIn('agent', 'agent_ada', 'fr-FR');
    await expectVisible(french.getByRole('heading', { name: 'File', level: 1 }));
    await done(french);
  });

  test.each([
    ['a customer', 'customer'],
    ['a website (service)', 'website'],
    ['an engineer', 'engineer'],
  ])('%s signing in gets a page saying who the console is for, with a way out, not a blank page', async (_who, role) => {
    const page = await newPage();
    await page.goto(await sys.signInLink(role, `${role}_1`));
    await expectVisible(page.getByRole('heading', { name: 'This console is for support agents, supervisors and analysts' }));
    await expectVisible(page.getByText(`You are signed in as ${role}.`));
    await expectVisible(page.getByText("Customers follow their case from the links in Loop's e-mails"));
    await expectVisible(page.getByRole('button', { name: 'Sign out' }));
    expect((await page.request.get(`${sys.url}/v1/session`)).status()).toBe(401);
    if (role === 'customer') await shot(page, 'refused');
    await done(page);
  });

  test('an expired session returns to sign-in without losing a half-written decision, which is sent once signed in again', async () => {
    const { id } = await caseAwaitingDecision();
    const page = await signedIn('agent', 'agent_ada');
    await page.goto(`${sys.url}/console/cases/${id}`);
    await page.getByRole('radio', { name: 'Deny' }).check();
    await page.getByLabel('Why the claim is denied (internal)').fill('Second capture was voided the same day');
    const endSessions = () => sys.db.pool.query("DELETE FROM console_sessions WHERE subject = 'agent_ada'");

    // The session ends (idle, or signed out elsewhere); the next load of the page asks to sign in.
    await endSessions();
    await page.reload();
    await expectVisible(page.getByRole('heading', { name: 'Sign in to the agent console' }));
    await page.getByLabel('Or paste a sign-in link or token').fill(await sys.signInLink('agent', 'agent_ada'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByRole('heading', { name: `Case ${id}`, level: 1 }));
    await expectVisible(page.getByText('Your unsent draft was restored.'));
    expect(await page.getByLabel('Why the claim is denied (internal)').inputValue()).toBe('Second capture was voided the same day');

    // It ends again while the page is open: sending opens the sign-in dialog over the form, then sends.
    await endSessions();
    await page.getByRole('button', { name: 'Send decision' }).click();
    // Denying closes the case with a letter to the customer: confirmed first, as a payment is.
    await page.getByRole('dialog', { name: 'Confirm the decision' }).getByRole('button', { name: 'Confirm and send' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.getByLabel('Or paste a sign-in link or token').fill(await sys.signInLink('agent', 'agent_ada'));
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByText(/^Decision recorded: the case is now/));
    const after = (await sys.call('agent', 'GET', `/v1/disputes/${id}`)).body;
    expect(after.decisions).toEqual([expect.objectContaining({ action: 'DENY', reason: 'Second capture was voided the same day' })]);
    await done(page);
  });

  test('signing out ends the session: the console shows the sign-in page, and the cookie no longer works', async () => {
    const page = await signedIn('agent', 'agent_ada');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Sign in to the agent console' }));
    await page.goto(`${sys.url}/console/`);
    await expectVisible(page.getByRole('heading', { name: 'Sign in to the agent console' }));
    expect((await page.request.get(`${sys.url}/v1/session`)).status()).toBe(401);
    await done(page);
  });

  describe('accessibility', () => {
    /** Axe's violations of impact serious or critical; moderate and minor ones are printed for the record. */
    async function axeCheck(page: Page, name: string) {
      // Through the debugger protocol, so the page's CSP (no inline script) stays as it is in production.
      await page.evaluate(axe.source);
      // The root tsconfig has no DOM types (nor should it): page-side code goes as text.
      const { violations, passes } = await page.evaluate<axe.AxeResults>("axe.run(document, { resultTypes: ['violations'] })");
      // Axe did look: the page's landmarks, names and contrast were checked, not an empty page.
      expect(passes.length).toBeGreaterThan(10);
      const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
      if (minor.length) console.log(`axe on the ${name} page, ${minor.length} moderate or minor:\n${minor.map((v) => `  ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`).join('\n')}`);
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
      expect(serious).toEqual([]);
    }

    /**
     * Tabs through the page from the top and answers the interactive controls Tab never reached
     * (a radio group counts once, as Tab enters it once and the arrows move inside), and whether
     * focus stayed stuck on one control.
     */
    async function unreachedByTab(page: Page): Promise<{ unreached: string[]; stuck: boolean }> {
      const controls = await page.evaluate<string[]>(`(() => {
        const visible = (el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        };
        const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter((el) => !el.disabled && visible(el) && !el.closest('[inert]'));
        return all.map((el, i) => {
          const key = el.type === 'radio' ? 'radio:' + el.name : 'c' + i;
          el.setAttribute('data-kb', key);
          return key + ' ' + el.tagName.toLowerCase() + ' "' + (el.textContent || el.name || el.id).trim().slice(0, 40) + '"';
        });
      })()`);
      const keys = new Map(controls.map((c) => [c.split(' ')[0]!, c]));
      await page.evaluate('document.activeElement?.blur()');
      await page.locator('body').focus();
      const reached = new Set<string>();
      let previous = '';
      let stuck = false;
      for (let i = 0; i < keys.size + controls.length + 5; i++) {
        await page.keyboard.press('Tab');
        const at = await page.evaluate<string>("document.activeElement?.getAttribute('data-kb') ?? document.activeElement?.tagName ?? ''");
        if (at && at === previous && at !== 'BODY') stuck = true;
        previous = at;
        reached.add(at);
      }
      return { unreached: [...keys.keys()].filter((k) => !reached.has(k)).map((k) => keys.get(k)!), stuck };
    }

    let caseId = '';
    beforeAll(async () => {
      caseId = (await caseAwaitingDecision()).id;
    });

    test('the queue page has no serious accessibility violation, and Tab reaches every control on it', async () => {
      const page = await signedIn('agent', 'agent_ada');
      await page.getByText(/^Updated at/).waitFor();
      await axeCheck(page, 'queue');
      expect(await unreachedByTab(page)).toEqual({ unreached: [], stuck: false });
      await done(page);
    });

    test('the case page has no serious accessibility violation, and Tab reaches every control on it', async () => {
      const page = await signedIn('agent', 'agent_ada');
      await page.goto(`${sys.url}/console/cases/${caseId}`);
      await page.getByRole('heading', { name: 'Assessment' }).waitFor();
      await shot(page, 'case');
      await axeCheck(page, 'case');
      // With a refund chosen, the amount and reason fields are there too.
      await page.getByRole('radio', { name: 'Refund' }).check();
      await axeCheck(page, 'case (refund chosen)');
      expect(await unreachedByTab(page)).toEqual({ unreached: [], stuck: false });

      // The confirmation by keyboard: it opens on Cancel, Tab reaches "Confirm and pay", Escape closes it, pays nothing, and focus returns to the form.
      await page.getByLabel('Reason (internal)').fill('Keyboard only');
      await page.getByRole('button', { name: 'Send decision' }).press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Confirm the payment' });
      await expectVisible(dialog);
      await axeCheck(page, 'decision confirmation');
      const focused = () => page.evaluate<string>('document.activeElement?.textContent ?? ""');
      expect(await focused()).toBe('Cancel');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('Confirm and pay');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      // Back where the agent was, not at the top of the page.
      expect(await focused()).toBe('Send decision');
      expect((await sys.call('agent', 'GET', `/v1/disputes/${caseId}`)).body.status).toBe('AWAITING_DECISION');
      await done(page);
    });

    test('the reports page has no serious accessibility violation', async () => {
      const page = await signedIn('analyst', 'analyst_ines');
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await page.getByRole('img').first().waitFor();
      await shot(page, 'reports');
      await axeCheck(page, 'reports');
      await done(page);
    });
  });
});

async function expectVisible(locator: import('playwright-core').Locator, timeout = 10_000) {
  await locator.waitFor({ state: 'visible', timeout });
}
