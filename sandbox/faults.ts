import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/**
 * Faults the sandbox processor can inject, so the system's handling of a misbehaving processor is
 * tested on the real workflow: errors (503 or 429 with Retry-After), latency, timeouts (no answer
 * within the caller's deadline), and lost responses (the request is carried out, the answer never
 * arrives). Rates are probabilities in [0, 1]; a seed makes a run repeatable.
 */
export const FaultsSchema = z.strictObject({
  errorRate: z.number().min(0).max(1).default(0),
  rateLimitRate: z.number().min(0).max(1).default(0),
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  timeoutRate: z.number().min(0).max(1).default(0),
  lostResponseRate: z.number().min(0).max(1).default(0),
  retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
  /** Refunds ignore the Idempotency-Key, as a processor does once it has expired its keys: only a lookup by key then prevents a second refund. */
  forgetIdempotencyKeys: z.boolean().default(false),
  seed: z.number().int().default(1),
});
export type Faults = z.infer<typeof FaultsSchema>;

export interface FaultCounters {
  requests: number;
  errors: number;
  rateLimited: number;
  timeouts: number;
  lostResponses: number;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same faults. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault injector: configure with `set`, apply to processor routes with `middleware`. */
export class FaultInjector {
  private faults: Faults = FaultsSchema.parse({});
  private random = prng(1);
  readonly counters: FaultCounters = { requests: 0, errors: 0, rateLimited: 0, timeouts: 0, lostResponses: 0 };

  set(faults: Faults): void {
    this.faults = faults;
    this.random = prng(faults.seed);
    Object.assign(this.counters, { requests: 0, errors: 0, rateLimited: 0, timeouts: 0, lostResponses: 0 });
  }

  get current(): Faults {
    return this.faults;
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const f = this.faults;
      this.counters.requests += 1;
      const run = () => {
        if (this.random() < f.errorRate) {
          this.counters.errors += 1;
          res.status(503).set('Retry-After', String(f.retryAfterSeconds)).json({ error: { code: 'service_unavailable', message: 'injected fault' } });
        } else if (this.random() < f.rateLimitRate) {
          this.counters.rateLimited += 1;
          res.status(429).set('Retry-After', String(f.retryAfterSeconds)).json({ error: { code: 'rate_limited', message: 'injected fault' } });
        } else if (this.random() < f.timeoutRate) {
          // Never answer: the caller's own deadline turns this into a timeout.
          this.counters.timeouts += 1;
          req.socket.setTimeout(0);
        } else if (req.method === 'POST' && this.random() < f.lostResponseRate) {
          // Do the work, then drop the connection before the answer leaves.
          this.counters.lostResponses += 1;
          res.on('finish', () => undefined);
          const end = res.json.bind(res);
          res.json = ((body: unknown) => {
            req.socket.destroy();
            return end(body);
          }) as typeof res.json;
          next();
        } else {
          next();
        }
      };
      if (f.latencyMs > 0) setTimeout(run, f.latencyMs);
      else run();
    };
  }
}
