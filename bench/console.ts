import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../tooling/chromium';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../tooling/console-build';
import type { Row } from './main';
import { describeStats, ms, stats } from './stats';

/**
 * The agent console's figures for `npm run bench`: the size of its JavaScript, and in Debian's
 * Chromium (headless, through playwright-core) the queue's first page over the seeded records,
 * the case page of real cases waiting for an agent, and the agent's decision through the API.
 */

const PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS ?? 20);
const COLD_LOADS = 5;
const CASE_PAGES = 20;
const DECISIONS = 50;
const WARM_UP_DECISIONS = 5;
/** Decisions sent after the back-to-back ones, each `PACE_MS` after the previous answer (the previous refund settled meanwhile). */
const PACED_DECISIONS = 20;
const PACE_MS = 1000;
const IN_FLIGHT = 10;
const VIEWPORT = { width: 1400, height: 900 };

export interface ConsoleBench {
  /** The API, serving the console at `${base}/console` (localhost: the session cookie is not Secure there). */
  base: string;
  key: (role: string) => string;
  sandboxUrl: string;
  /** The console sign-in link for an agent, as `npm start` prints it. */
  agentSignInLink: string;
  /** Starts a worker on the API's task queue (the seeded records have no workflow; these cases do). */
  startWorker: () => Promise<{ stop(): Promise<void> }>;
  log: (line: string) => void;
}

async function call(b: ConsoleBench, role: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${b.base}${path}`, { ...init, headers: { 'x-api-key': b.key(role), 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { text } };
  }
}

const answered = (what: string, r: { status: number; body: unknown }) => `${what} answered ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`;

class NotMeasured extends Error {}

/** C1: every .js the console's build ships, raw and gzipped (node:zlib, default level); kB = 1000 bytes. */
export function bundleRow(log: (line: string) => void): Row {
  const name = 'console JavaScript, gzip';
  const goal = '< 300 kB';
  try {
    const done = ensureConsoleBuilt(log);
    if (done !== 'up to date') log(`console ${done} in ${CONSOLE_DIST}`);
  } catch (err) {
    return { name, goal, value: null, unit: 'kB', verdict: 'not measured', detail: `the console did not build: ${(err as Error).message.slice(0, 300)}` };
  }
  const assets = join(CONSOLE_DIST, 'assets');
  const files = existsSync(assets) ? readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
  if (files.length === 0) return { name, goal, value: null, unit: 'kB', verdict: 'not measured', detail: `no .js under ${assets} after the build` };
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(assets, f));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const kB = (n: number) => Math.round(n / 100) / 10;
  return {
    name,
    goal,
    value: kB(gzip),
    unit: 'kB',
    verdict: gzip < 300_000 ? 'met' : 'missed',
    detail: `${files.length} .js file(s) under console/dist/assets: ${kB(raw)} kB raw, ${kB(gzip)} kB gzip (node:zlib default level; kB = 1000 bytes)`,
  };
}

/**
 * Runs in every page before the app: on each animation frame, notes the first moment (performance.now(),
 * from the navigation's start) the queue shows its first row with the tabs' counts, and the case page
 * its header and the decision form. Text, as the root tsconfig has no DOM types.
 */
const READY_MARKS = `(() => {
  const ready = {
    queue: () => {
      const link = document.querySelector('table.queue tbody th[scope=row] a');
      const tab = document.querySelector('nav.tabs button');
      return !!link && link.getClientRects().length > 0 && !!tab && !tab.disabled && !!tab.querySelector('.count') && tab.querySelector('.count').textContent !== '…';
    },
    case: () => {
      const h = document.getElementById('case-title');
      const refund = document.querySelector('form input[type=radio][value=REFUND]');
      const submit = document.querySelector('form button[type=submit]');
      return !!h && h.getClientRects().length > 0 && /DSP-/.test(h.textContent || '') && !!refund && !refund.disabled && !!submit && submit.getClientRects().length > 0;
    },
  };
  window.__bench = { marks: {} };
  const tick = () => {
    for (const k of Object.keys(ready)) if (window.__bench.marks[k] === undefined && ready[k]()) window.__bench.marks[k] = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function mark(page: Page, which: 'queue' | 'case', timeout = 20_000): Promise<number> {
  // Polled from here (the page's CSP refuses waitForFunction's eval); the moment itself was noted in the page.
  const deadline = Date.now() + timeout;
  for (;;) {
    const at = await page.evaluate<number | null>(`window.__bench && window.__bench.marks[${JSON.stringify(which)}] !== undefined ? window.__bench.marks[${JSON.stringify(which)}] : null`).catch(() => null);
    if (at !== null) return at;
    if (Date.now() > deadline) throw new NotMeasured(`the ${which} page was not ready within ${timeout / 1000} s (${page.url()})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** When the page's DOMContentLoaded ended (the bundle, a module script, has run by then), from the navigation's start. */
const contentLoaded = (page: Page) => page.evaluate<number>("performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? -1");

async function newContext(browser: Browser, storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB', timezoneId: 'Europe/Paris', ...(storageState ? { storageState } : {}) });
  await context.addInitScript(READY_MARKS);
  return context;
}

/** One fresh page in `context` opening the queue: ms from the navigation's start to the first row with the counts; checked by role after. */
async function queueLoad(context: BrowserContext, base: string): Promise<{ at: number; dcl: number }> {
  const page = await context.newPage();
  try {
    await page.goto(`${base}/console/`, { waitUntil: 'commit' });
    const at = await mark(page, 'queue');
    // What a person sees, by role: a case link in the table, the first tab with its count, enabled.
    const link = page.getByRole('table').getByRole('link', { name: /^DSP-/ }).first();
    const tab = page.getByRole('button', { name: /^Needs decision \d+$/ });
    if (!(await link.isVisible()) || !(await tab.isEnabled())) throw new NotMeasured('the queue page showed no case link or no enabled "Needs decision N" tab');
    return { at, dcl: await contentLoaded(page) };
  } finally {
    await page.close();
  }
}

/** C2: `PAGE_LOADS` fresh pages in one signed-in context (the bundle in its cache), and `COLD_LOADS` in new contexts (empty cache). */
async function queueRow(browser: Browser, b: ConsoleBench, openCases: number): Promise<Row> {
  const name = `queue first page interactive (${openCases.toLocaleString('en')} open cases)`;
  const goal = 'p99 < 1000 ms';
  const context = await newContext(browser);
  try {
    const signIn = await context.newPage();
    await signIn.goto(b.agentSignInLink);
    await signIn.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
    await signIn.close();
    const state = await context.storageState();
    await queueLoad(context, b.base); // warm-up: not counted
    const warm: number[] = [];
    const dcl: number[] = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      const load = await queueLoad(context, b.base);
      warm.push(load.at);
      dcl.push(load.dcl);
    }
    const cold: number[] = [];
    for (let i = 0; i < COLD_LOADS; i++) {
      const fresh = await newContext(browser, state);
      try {
        cold.push((await queueLoad(fresh, b.base)).at);
      } finally {
        await fresh.close();
      }
    }
    const w = stats(warm);
    const c = stats(cold);
    return {
      name,
      goal,
      value: ms(w.p99),
      unit: 'ms',
      verdict: w.p99 < 1000 ? 'met' : 'missed',
      detail: `navigation start to the first row and the tab counts shown (agent, Needs decision, sorted by due date), headless Chromium: ${describeStats(w)} over ${w.n} fresh pages in one signed-in context (bundle cached; DOMContentLoaded at p50 ${ms(stats(dcl).p50)} ms); empty cache, ${c.n} new contexts: ${describeStats(c)}. Figure: p99 of the cached loads`,
    };
  } finally {
    await context.close();
  }
}

interface OpenCase {
  id: string;
  email: string;
  recommended: { amountMinor: number; currency: string };
}

/**
 * Opens `count` real cases through the API that wait for an agent: a duplicate capture of €60 to
 * €90, above the automatic ceiling (AUTO_RESOLVE_CEILING_MINOR, €50 by default), so the workflow
 * recommends a refund and waits in AWAITING_DECISION.
 */
async function openCasesAwaitingDecision(b: ConsoleBench, count: number): Promise<OpenCase[]> {
  const opened: OpenCase[] = [];
  let next = 0;
  let unavailable = 0;
  const started = Date.now();
  const one = async (i: number) => {
    const amountMinor = 6000 + ((i * 37) % 3000);
    const res = await fetch(`${b.sandboxUrl}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amountMinor, orderTotalMinor: amountMinor, orderId: `ord_bench_console_${i}`, currency: 'EUR', captureCount: 2 }) });
    if (res.status !== 201) throw new NotMeasured(`the sandbox answered ${res.status} to a new transaction`);
    const tx = (await res.json()) as { id: string };
    const email = `bench-console-${i}@example.com`;
    const report = {
      customer: { id: `cus_bench_console_${i}`, email, locale: 'en' },
      channel: 'web',
      category: 'DUPLICATE_CHARGE',
      transaction: { processor: 'sandbox', id: tx.id },
      description: 'Charged twice for the same order.',
    };
    let r = await call(b, 'website', '/v1/disputes', { method: 'POST', body: JSON.stringify(report), headers: { 'idempotency-key': `bench-console-${i}` } });
    for (let retry = 0; r.status === 503 && retry < 5; retry++) {
      await new Promise((done) => setTimeout(done, 1000));
      r = await call(b, 'website', '/v1/disputes', { method: 'POST', body: JSON.stringify(report), headers: { 'idempotency-key': `bench-console-${i}` } });
    }
    if (r.status !== 202 && r.status !== 200) throw new NotMeasured(answered('POST /v1/disputes', r));
    const id = r.body.disputeId as string;
    const deadline = Date.now() + 120_000;
    for (;;) {
      await new Promise((done) => setTimeout(done, 200));
      const seen = await call(b, 'agent', `/v1/disputes/${id}`);
      // A read past the API's deadline answers 503 (the worker busy starting ten cases): retried, as a client does.
      if (seen.status !== 200) {
        if (seen.status === 503) unavailable++;
        else throw new NotMeasured(answered(`GET /v1/disputes/${id}`, seen));
        if (Date.now() > deadline) throw new NotMeasured(`case ${id} not AWAITING_DECISION within 2 minutes (${answered('the last read', seen)})`);
        continue;
      }
      const status = seen.body.status as string | undefined;
      if (status === 'AWAITING_DECISION') {
        const recommended = (seen.body.assessment as { recommendedAmount?: OpenCase['recommended'] } | undefined)?.recommendedAmount;
        if (!recommended) throw new NotMeasured(`case ${id} waits for a decision with no recommended amount: ${JSON.stringify(seen.body.assessment).slice(0, 200)}`);
        opened.push({ id, email, recommended });
        if (opened.length % 10 === 0) b.log(`${opened.length} of ${count} cases awaiting a decision (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return;
      }
      if (status && !['RECEIVED', 'INVESTIGATING'].includes(status)) throw new NotMeasured(`case ${id} went to ${status}, not AWAITING_DECISION`);
      if (Date.now() > deadline) throw new NotMeasured(`case ${id} not AWAITING_DECISION within 2 minutes (status ${status ?? seen.status})`);
    }
  };
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await one(next++);
    }),
  );
  if (unavailable) b.log(`${unavailable} read(s) of a new case answered 503 (the API's read deadline) and were retried`);
  return opened;
}

/**
 * C3: for each case, a fresh page navigating to /console/cases/<id> (the figure: navigation start to
 * the header and the decision form shown), then from the queue (searched by the customer's e-mail)
 * a click on the case's link to the same moment.
 */
async function casePageRow(browser: Browser, b: ConsoleBench, cases: OpenCase[]): Promise<Row> {
  const name = 'case page opened';
  const goal = 'p99 < 500 ms';
  const context = await newContext(browser);
  try {
    const signIn = await context.newPage();
    await signIn.goto(b.agentSignInLink);
    await signIn.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
    await signIn.close();
    const loads: number[] = [];
    const dcl: number[] = [];
    const clicks: number[] = [];
    for (const [i, c] of [undefined, ...cases].entries()) {
      const kase = c ?? cases[0]!; // the first round is a warm-up
      const page = await context.newPage();
      try {
        await page.goto(`${b.base}/console/cases/${encodeURIComponent(kase.id)}`, { waitUntil: 'commit' });
        const loaded = await mark(page, 'case');
        const contentAt = await contentLoaded(page);
        if (!(await page.getByRole('heading', { name: `Case ${kase.id}`, level: 1 }).isVisible()) || !(await page.getByRole('radio', { name: 'Refund' }).isEnabled()) || !(await page.getByRole('button', { name: 'Send decision' }).isVisible())) {
          throw new NotMeasured(`the case page of ${kase.id} showed no "Case ${kase.id}" heading, no enabled Refund choice or no Send decision button`);
        }
        await page.goto(`${b.base}/console/`);
        await page.getByRole('searchbox', { name: 'Search' }).fill(kase.email);
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        await page.getByRole('link', { name: kase.id, exact: true }).waitFor({ timeout: 20_000 });
        await page.evaluate(`(() => {
          const a = [...document.querySelectorAll('table.queue a')].find((x) => x.textContent === ${JSON.stringify(kase.id)});
          window.__bench.marks.case = undefined;
          window.__bench.clickAt = performance.now();
          a.click();
        })()`);
        await mark(page, 'case');
        const clicked = await page.evaluate<number>('window.__bench.marks.case - window.__bench.clickAt');
        if (i > 0) {
          loads.push(loaded);
          dcl.push(contentAt);
          clicks.push(clicked);
        }
      } finally {
        await page.close();
      }
    }
    const l = stats(loads);
    const k = stats(clicks);
    return {
      name,
      goal,
      value: ms(l.p99),
      unit: 'ms',
      verdict: l.p99 < 500 ? 'met' : 'missed',
      detail: `to the "Case DSP-…" header and the decision form shown, ${l.n} real cases awaiting a decision, headless Chromium: fresh page navigating to /console/cases/<id> (bundle cached; DOMContentLoaded at p50 ${ms(stats(dcl).p50)} ms) ${describeStats(l)}; click on the case's link in the queue ${describeStats(k)}. Figure: p99 of the navigations`,
    };
  } finally {
    await context.close();
  }
}

/** C4: the agent's decision (a refund of the recommended amount) through the API, one at a time, until the workflow accepted it. */
async function decisionRow(b: ConsoleBench, cases: OpenCase[]): Promise<Row> {
  const name = 'decision round trip';
  const goal = 'p99 < 300 ms';
  const times: number[] = [];
  const paced: number[] = [];
  const statuses = new Map<string, number>();
  for (const [i, c] of cases.entries()) {
    const isPaced = i >= WARM_UP_DECISIONS + DECISIONS;
    if (isPaced) await new Promise((r) => setTimeout(r, PACE_MS));
    const body = JSON.stringify({ action: 'REFUND', amount: c.recommended, reason: 'Captured twice for one order (bench)' });
    const started = performance.now();
    const r = await call(b, 'agent', `/v1/disputes/${c.id}/decision`, { method: 'POST', body });
    const elapsed = performance.now() - started;
    if (r.status !== 200) throw new NotMeasured(answered(`POST /v1/disputes/${c.id}/decision`, r));
    const status = String(r.body.status);
    if (status === 'AWAITING_DECISION') throw new NotMeasured(`the decision on ${c.id} answered 200 but the case still waits for a decision`);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (isPaced) paced.push(elapsed);
    else if (i >= WARM_UP_DECISIONS) times.push(elapsed);
  }
  const s = stats(times);
  const p = paced.length ? stats(paced) : undefined;
  return {
    name,
    goal,
    value: ms(s.p99),
    unit: 'ms',
    verdict: s.p99 < 300 ? 'met' : 'missed',
    detail: `POST /v1/disputes/:id/decision (agent key, REFUND of the recommended amount) to its 200 with the workflow's accepted state, back to back (each refund's activities and webhook still running on the worker as the next decision goes): ${describeStats(s)} over ${s.n} cases after ${WARM_UP_DECISIONS} warm-up decisions${p ? `; ${PACE_MS / 1000} s apart: ${describeStats(p)} over ${p.n} cases` : ''}. Figure: p99 back to back (answered ${[...statuses].map(([k, v]) => `${k} x${v}`).join(', ')})`,
  };
}

const notMeasured = (name: string, goal: string, unit: string, detail: string): Row => ({ name, goal, value: null, unit, verdict: 'not measured', detail });

const rowOf = async (name: string, goal: string, unit: string, run: () => Promise<Row>): Promise<Row> => {
  try {
    return await run();
  } catch (err) {
    return notMeasured(name, goal, unit, (err as Error).message.split('\n')[0]!.slice(0, 400));
  }
};

/** The four console rows, C1 to C4, in order; each says why when it could not be measured. */
export async function consoleRows(b: ConsoleBench, openCases: number): Promise<Row[]> {
  const rows: Row[] = [];
  const said = (r: Row) => {
    rows.push(r);
    b.log(`${r.name}: ${r.verdict === 'not measured' ? `not measured: ${r.detail}` : r.detail}`);
  };
  said(bundleRow(b.log));
  const bundleMissing = rows[0]!.verdict === 'not measured';

  const queueName = `queue first page interactive (${openCases.toLocaleString('en')} open cases)`;
  const executablePath = findChromium();
  const noBrowser = !executablePath ? 'no Chromium on this machine (apt-get install chromium, or set CHROMIUM_PATH)' : bundleMissing ? 'the console is not built (see the row above)' : undefined;
  let browser: Browser | undefined;
  if (!noBrowser) {
    try {
      browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
    } catch (err) {
      b.log(`Chromium did not start: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const why = noBrowser ?? (browser ? undefined : `Chromium at ${executablePath} did not start under playwright-core`);
  try {
    b.log('console: queue page loads in Chromium...');
    said(why ? notMeasured(queueName, 'p99 < 1000 ms', 'ms', why) : await rowOf(queueName, 'p99 < 1000 ms', 'ms', () => queueRow(browser!, b, openCases)));

    b.log(`console: opening ${WARM_UP_DECISIONS + DECISIONS + PACED_DECISIONS} real cases awaiting a decision (a worker on the API's task queue)...`);
    const worker = await b.startWorker();
    try {
      let cases: OpenCase[] = [];
      let opening: string | undefined;
      try {
        cases = await openCasesAwaitingDecision(b, WARM_UP_DECISIONS + DECISIONS + PACED_DECISIONS);
      } catch (err) {
        opening = `no case awaiting a decision to open: ${(err as Error).message.split('\n')[0]}`;
      }
      said(why || opening ? notMeasured('case page opened', 'p99 < 500 ms', 'ms', (why ?? opening)!) : await rowOf('case page opened', 'p99 < 500 ms', 'ms', () => casePageRow(browser!, b, cases.slice(0, CASE_PAGES))));
      // The browser is done: closed before the decisions, which it would otherwise share two CPUs with.
      await browser?.close();
      browser = undefined;
      b.log('console: decisions through the API...');
      said(opening ? notMeasured('decision round trip', 'p99 < 300 ms', 'ms', opening) : await rowOf('decision round trip', 'p99 < 300 ms', 'ms', () => decisionRow(b, cases)));
    } finally {
      await worker.stop();
    }
  } finally {
    await browser?.close();
  }
  return rows;
}
