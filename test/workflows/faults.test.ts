import type { FaultCounters } from '../../sandbox/faults';
import { decisionUpdate } from '../../workflows/resolve-discrepancy';
import { AGENT_ONLY_POLICY, reportFor, startCase, waitForCase } from '../support/cases';
import { useCaseSystem } from '../support/temporal';

const TASK_QUEUE = 'faults';
const CASES = 30;
const system = useCaseSystem('dev', TASK_QUEUE);

async function setFaults(faults: Record<string, number | boolean>) {
  const res = await fetch(new URL('/v1/faults', system.sandbox.url), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  return (await res.json()) as { counters: FaultCounters };
}

describe('a misbehaving processor, on the real workflow (dev server)', () => {
  test(`${CASES} cases refunded under injected errors, rate limits, timeouts, lost responses and forgotten idempotency keys: every refund issued once, none twice`, async () => {
    // Seeded, so a failure here can be replayed with the same faults.
    // The processor also forgets idempotency keys: a retry after a lost answer must find the first refund by its key.
    // Rates are per call; every refund attempt makes two (the lookup by key, then the refund). Temporal's
    // backoff grows with the attempt number whatever the fault, so much higher rates only lengthen the tail.
    await setFaults({ errorRate: 0.1, rateLimitRate: 0.05, timeoutRate: 0.01, lostResponseRate: 0.3, latencyMs: 20, retryAfterSeconds: 1, forgetIdempotencyKeys: true, seed: 42 });
    const charges = Array.from({ length: CASES }, () => system.sandbox.charge({ amountMinor: 7000, captureCount: 2 }));
    const handles = await Promise.all(charges.map((tx) => startCase(system.env.client, TASK_QUEUE, reportFor(tx.id), AGENT_ONLY_POLICY)));
    await Promise.all(handles.map((h) => waitForCase(h, 'AWAITING_DECISION', 120_000)));
    await Promise.all(
      handles.map((h) =>
        h.executeUpdate(decisionUpdate, { args: [{ action: 'REFUND', amount: { amountMinor: 7000, currency: 'EUR' }, reason: 'duplicate capture', agentId: 'agent_7' }] }),
      ),
    );
    const resolved = await Promise.all(handles.map((h) => waitForCase(h, 'RESOLVED', 240_000)));

    const { counters } = (await (await fetch(new URL('/v1/faults', system.sandbox.url))).json()) as { counters: FaultCounters };
    const refundsPerCharge = charges.map((tx) => system.sandbox.store.getTransaction(tx.id)!.refunds.length);
    const issued = refundsPerCharge.reduce((a, b) => a + b, 0);
    const duplicates = refundsPerCharge.filter((n) => n > 1).length;
    console.log(
      `fault run: ${CASES} cases, ${issued} refunds issued, ${duplicates} charges refunded twice; injected over ${counters.requests} processor calls: ` +
        `${counters.errors} 503s, ${counters.rateLimited} 429s, ${counters.timeouts} timeouts, ${counters.lostResponses} lost responses`,
    );
    await setFaults({});

    expect(duplicates).toBe(0);
    expect(issued).toBe(CASES);
    expect(counters.lostResponses).toBeGreaterThan(0);
    expect(counters.errors + counters.rateLimited).toBeGreaterThan(0);
    resolved.forEach((s, i) => expect(s.resolution?.reference).toBe(system.sandbox.store.getTransaction(charges[i]!.id)!.refunds[0]!.id));
  }, 420_000);
});
