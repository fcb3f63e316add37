import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isTimeZone } from '../domain/business-days';
import { parseDuration } from '../domain/duration';
import { PROCESSORS, type CasePolicy } from '../domain/vocabulary';
import { parseApiKeys, type ApiKeyEntry, type JwtSettings } from './credentials';
import { parseKeyRing } from '../security/keys';
import { profileConnection, type TemporalConnectionOptions } from './temporal-profile';

/** Processors the worker has an adapter for (adapters/index.ts); intake accepts no others. */
export const PROCESSORS_WITH_ADAPTERS = PROCESSORS;

/** The variables each processor needs when it is listed in PROCESSORS. */
const REQUIRED_BY_PROCESSOR: Record<(typeof PROCESSORS)[number], string[]> = {
  sandbox: [],
  stripe: ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET'],
  adyen: ['ADYEN_API_KEY', 'ADYEN_MERCHANT_ACCOUNT', 'ADYEN_HMAC_KEY'],
  paypal: ['PAYPAL_CLIENT_ID', 'PAYPAL_CLIENT_SECRET', 'PAYPAL_WEBHOOK_ID'],
};

const port = z.coerce.number().int().min(0).max(65535);
const duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 7d, 36h, 90m or 30s` });
    return z.NEVER;
  }
  return ms;
});

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ConfigSchema = z.object({
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT_FILE: z.string().optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().optional(),
  TEMPORAL_TLS_CA_FILE: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_PROFILE: z.string().min(1).optional(),
  TEMPORAL_CONFIG_FILE: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('disputes'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  PORT: port.default(3000),
  /** The interface the API and the sandbox listen on: loopback unless told otherwise (a container sets 0.0.0.0). */
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().optional(),
  API_KEYS: z.string().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PUBLIC_KEY_FILE: z.string().optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ROLE_CLAIM: z.string().min(1).default('role'),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SERVICE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  SERVICE_RATE_LIMITS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.@-]{1,64}=\d+$/, 'must be key-name=requests-per-minute, comma-separated')))
    .transform((entries) => Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), Number(e.slice(e.indexOf('=') + 1))]))),
  CUSTOMER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  FAILED_CREDENTIALS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TRUST_PROXY: z.string().optional(),
  PAYLOAD_ENCRYPTION_KEYS: z.string().optional(),
  CODEC_ALLOWED_ORIGINS: z.string().optional(),
  CODEC_SESSION_TTL: duration.prefault('8h'),
  CONSOLE_SESSION_IDLE: duration.prefault('8h'),
  CONSOLE_SESSION_MAX: duration.prefault('12h'),
  CONSOLE_DIR: z.string().min(1).default('console/dist'),
  SANDBOX_PORT: port.default(4010),
  SANDBOX_URL: z.url().optional(),
  SANDBOX_WEBHOOK_URL: z.url().optional(),
  PROCESSORS: z
    .string()
    .default('sandbox')
    .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
    .pipe(z.array(z.enum(PROCESSORS_WITH_ADAPTERS, `is not a processor this system knows: ${PROCESSORS_WITH_ADAPTERS.join(', ')}`)).min(1)),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT: duration.prefault('5s'),
  EMBEDDED_DATABASE_PORT: port.default(5433),
  DOCUMENT_STORE: z.enum(['database', 'folder']).default('database'),
  CASE_RECORDS: z.enum(['on', 'off']).default('on'),
  DOCUMENTS_DIR: z.string().min(1).optional(),
  MAIL_CLAIM_LEASE: duration.prefault('2m'),
  NOTIFICATIONS: z.enum(['smtp', 'outbox']).default('smtp'),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Loop support <support@loop.tech>'),
  MAIL_REPLY_TO: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  NOTIFICATION_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  MAIL_CATCHER_PORT: port.default(1025),
  MAIL_CATCHER_WEB_PORT: port.default(8025),
  FOLLOW_UP_DELAY: duration.prefault('7d'),
  SATISFACTION_ANSWER_WINDOW: duration.prefault('14d'),
  MAX_REOPENINGS: z.coerce.number().int().min(0).default(2),
  INFORMATION_ANSWER_WINDOW: duration.prefault('14d'),
  SLA_BUSINESS_DAYS: z.coerce.number().int().min(1).default(2),
  RESOLUTION_DEADLINE_BUSINESS_DAYS: z.coerce.number().int().min(1).default(30),
  AUTO_RESOLVE_CEILING_MINOR: z.coerce.number().int().min(0).default(5000),
  SETTLEMENT_POLL_MAX_INTERVAL: duration.prefault('6h'),
  REPORTING_WINDOW_DAYS: z.coerce.number().int().min(1).default(60),
  LOOP_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris').default('Europe/Paris'),
  PROCESSOR_INQUIRY_BUSINESS_DAYS: z.coerce.number().int().min(1).default(10),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('warn'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_API_BASE: z.url().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).default(300),
  ADYEN_API_KEY: z.string().optional(),
  ADYEN_MERCHANT_ACCOUNT: z.string().optional(),
  ADYEN_ENVIRONMENT: z.enum(['TEST', 'LIVE']).default('TEST'),
  ADYEN_LIVE_URL_PREFIX: z.string().optional(),
  ADYEN_CHECKOUT_BASE_URL: z.url().optional(),
  ADYEN_HMAC_KEY: z.string().regex(/^[0-9A-Fa-f]+$/, 'must be the hex HMAC key from the Customer Area').optional(),
  PAYPAL_CLIENT_ID: z.string().optional(),
  PAYPAL_CLIENT_SECRET: z.string().optional(),
  PAYPAL_ENVIRONMENT: z.enum(['sandbox', 'live']).default('sandbox'),
  PAYPAL_BASE_URL: z.url().optional(),
  PAYPAL_WEBHOOK_ID: z.string().optional(),
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: port.default(9464),
  TEMPORAL_METRICS_PORT: port.default(9465),
}).superRefine((e, ctx) => {
  // The sandbox's webhook is unsigned: anyone who reaches it could settle a refund or open a chargeback.
  if (e.NODE_ENV === 'production' && e.PROCESSORS.includes('sandbox')) {
    ctx.addIssue({ code: 'custom', path: ['PROCESSORS'], message: 'includes sandbox, whose webhook is unsigned: a production configuration (NODE_ENV=production) names only real processors, e.g. PROCESSORS=stripe' });
  }
  for (const problem of parseApiKeys(e.API_KEYS ?? '').problems) ctx.addIssue({ code: 'custom', path: ['API_KEYS'], message: problem });
  if (e.PAYLOAD_ENCRYPTION_KEYS) {
    try {
      parseKeyRing(e.PAYLOAD_ENCRYPTION_KEYS);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_ENCRYPTION_KEYS'], message: (err as Error).message });
    }
  }
  const jwtSources = [e.JWT_SECRET, e.JWT_PUBLIC_KEY_FILE, e.JWT_JWKS_URL].filter(Boolean).length;
  if (e.JWT_ISSUER || e.JWT_AUDIENCE || jwtSources > 0) {
    if (!e.JWT_ISSUER) ctx.addIssue({ code: 'custom', path: ['JWT_ISSUER'], message: 'is required to accept bearer tokens' });
    if (!e.JWT_AUDIENCE) ctx.addIssue({ code: 'custom', path: ['JWT_AUDIENCE'], message: 'is required to accept bearer tokens' });
    if (jwtSources !== 1) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'exactly one of JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_JWKS_URL is needed to accept bearer tokens' });
  }
  if (Boolean(e.TEMPORAL_TLS_CERT_FILE) !== Boolean(e.TEMPORAL_TLS_KEY_FILE)) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_KEY_FILE'], message: 'mTLS needs both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE' });
  }
  for (const processor of e.PROCESSORS) {
    for (const variable of REQUIRED_BY_PROCESSOR[processor]) {
      if (!e[variable as keyof typeof e]) ctx.addIssue({ code: 'custom', path: [variable], message: `is required when PROCESSORS lists ${processor}` });
    }
  }
  if (e.PROCESSORS.includes('adyen') && e.ADYEN_ENVIRONMENT === 'LIVE' && !e.ADYEN_LIVE_URL_PREFIX) {
    ctx.addIssue({ code: 'custom', path: ['ADYEN_LIVE_URL_PREFIX'], message: 'is required for the LIVE Adyen environment' });
  }
});

/** Every variable the configuration reads (all listed in `.env.example`). */
export const CONFIG_VARIABLES = Object.keys(ConfigSchema.shape);

/** The project's configuration, parsed once per process from the environment. */
export interface Config {
  temporal: {
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    port: number;
    uiPort: number;
    /** TLS to a production cluster or Temporal Cloud: on with `TEMPORAL_TLS`, a client certificate, or an API key. */
    tls?: { certFile?: string; keyFile?: string; caFile?: string; serverName?: string };
    apiKey?: string;
    /** A Temporal client profile (TOML, as the Temporal CLI uses), read once here: how to connect instead of the TEMPORAL_* settings above. */
    profile?: { name: string; connection: TemporalConnectionOptions };
  };
  api: { port: number; host: string; apiKeys: ApiKeyEntry[]; jwt?: JwtSettings; rateLimitPerMinute: number; serviceRateLimitPerMinute: number; serviceRateLimits: Record<string, number>; customerRateLimitPerMinute: number; failedCredentialsPerMinute: number; trustProxy: boolean | number | string };
  /**
   * Payload encryption: the configured key ring text (first key current), or none, meaning the
   * development key file `<dataDir>/payload-keys` (generated on first use). `codec`: who may call the codec server.
   */
  payloadKeys: string | undefined;
  codec: { allowedOrigins: string[]; sessionTtlMs: number };
  /**
   * The agent console: a sign-in ends after `sessionIdleMs` unused or `sessionMaxMs` after it began,
   * whichever first; `dir` is the built app the API serves at `/console`.
   */
  console: { sessionIdleMs: number; sessionMaxMs: number; dir: string };
  /** `webhookUrl`: where the sandbox posts its chargeback and refund events (the API's sandbox webhook). */
  sandbox: { port: number; host: string; url: string; webhookUrl: string };
  processors: (typeof PROCESSORS)[number][];
  dataDir: string;
  /**
   * The records database (PostgreSQL 15+). `url` unset: `npm start` runs the embedded server (data in
   * `<dataDir>/postgres`, on `embeddedPort`) and passes its URL on; the worker and the API need one.
   */
  database: { url?: string; poolMax: number; statementTimeoutMs: number; embeddedPort: number };
  /** Whether the cases the API opens write their case record (CASE_RECORDS; `off` only for benchmarks). */
  caseRecords: boolean;
  /**
   * Where resolution documents are kept (they outlive the workflows): the records database
   * (`database`, the default), or the folder `documentsDir`, which every worker and API must then mount (`folder`).
   */
  documentStore: 'database' | 'folder';
  documentsDir: string;
  /** The API's address as customers reach it (links in e-mails). */
  publicUrl: string;
  /**
   * Customer e-mail. `smtp`: through `smtpUrl`, or, when SMTP_URL is unset, the local mail catcher
   * `npm start` runs (`catcher`). `outbox`: the sandbox's outbox. `linkSecret` signs the answer links.
   */
  mail: {
    transport: 'smtp' | 'outbox';
    smtpUrl: string;
    from: string;
    replyTo?: string;
    linkSecret?: string;
    /** How long a worker's claim on an e-mail holds before another may send it (longer than a send can take). */
    claimLeaseMs: number;
    catcher: { smtpPort: number; webPort: number } | null;
  };
  policy: CasePolicy;
  /** How much of the Temporal SDK's own logging `npm start` shows. */
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Keys and endpoints of the real processors; present only for those listed in PROCESSORS. */
  stripe?: { secretKey: string; apiBase?: string; webhookSecret: string; toleranceSeconds: number };
  adyen?: { apiKey: string; merchantAccount: string; environment: 'TEST' | 'LIVE'; liveEndpointUrlPrefix?: string; checkoutBaseUrl?: string; hmacKeyHex: string };
  paypal?: { clientId: string; clientSecret: string; environment: 'sandbox' | 'live'; baseUrl?: string; webhookId: string };
  /**
   * Prometheus metrics: the API's `GET /metrics` and the worker's server on `host:port` (port 0: none).
   * Without `token` only loopback peers may scrape; with it, a bearer token from anywhere.
   * `temporalPort`: the Temporal SDK's own exporter, on 127.0.0.1 only, merged into the worker's (0: none).
   */
  metrics: { token?: string; host: string; port: number; temporalPort: number };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and checks every variable (see `.env.example`); throws a ConfigError naming each bad one.
 * Call once in a process's entry point and pass the result down; nothing reads `process.env` elsewhere.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (as in a copied .env.example) means "use the default".
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let profile: ReturnType<typeof profileConnection> | undefined;
  if (e.TEMPORAL_PROFILE) {
    try {
      profile = profileConnection({ name: e.TEMPORAL_PROFILE, ...(e.TEMPORAL_CONFIG_FILE ? { configFile: e.TEMPORAL_CONFIG_FILE } : {}) });
    } catch (err) {
      throw new ConfigError(`invalid configuration:\n  TEMPORAL_PROFILE: ${(err as Error).message}`);
    }
  }
  return {
    temporal: {
      // A profile names the cluster and usually the namespace; an explicit variable still wins.
      address: e.TEMPORAL_ADDRESS ?? profile?.options.address,
      namespace: set.TEMPORAL_NAMESPACE ? e.TEMPORAL_NAMESPACE : (profile?.namespace ?? e.TEMPORAL_NAMESPACE),
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      // Any TLS setting turns TLS on: a CA or server name given without TEMPORAL_TLS must not mean plaintext.
      ...(e.TEMPORAL_TLS || e.TEMPORAL_TLS_CERT_FILE || e.TEMPORAL_TLS_CA_FILE || e.TEMPORAL_TLS_SERVER_NAME || e.TEMPORAL_API_KEY
        ? {
            tls: {
              ...(e.TEMPORAL_TLS_CERT_FILE ? { certFile: e.TEMPORAL_TLS_CERT_FILE, keyFile: e.TEMPORAL_TLS_KEY_FILE! } : {}),
              ...(e.TEMPORAL_TLS_CA_FILE ? { caFile: e.TEMPORAL_TLS_CA_FILE } : {}),
              ...(e.TEMPORAL_TLS_SERVER_NAME ? { serverName: e.TEMPORAL_TLS_SERVER_NAME } : {}),
            },
          }
        : {}),
      ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
      ...(e.TEMPORAL_PROFILE && profile ? { profile: { name: e.TEMPORAL_PROFILE, connection: profile.options } } : {}),
    },
    api: {
      port: e.PORT,
      host: e.HOST,
      apiKeys: parseApiKeys(e.API_KEYS ?? '').keys,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      serviceRateLimitPerMinute: e.SERVICE_RATE_LIMIT_PER_MINUTE,
      serviceRateLimits: e.SERVICE_RATE_LIMITS,
      customerRateLimitPerMinute: e.CUSTOMER_RATE_LIMIT_PER_MINUTE,
      failedCredentialsPerMinute: e.FAILED_CREDENTIALS_PER_MINUTE,
      trustProxy: e.TRUST_PROXY === undefined || e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY === 'true' ? true : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
      ...(e.JWT_ISSUER && e.JWT_AUDIENCE
        ? {
            jwt: {
              issuer: e.JWT_ISSUER,
              audience: e.JWT_AUDIENCE,
              roleClaim: e.JWT_ROLE_CLAIM,
              clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS,
              ...(e.JWT_SECRET ? { secret: e.JWT_SECRET } : {}),
              ...(e.JWT_PUBLIC_KEY_FILE ? { publicKeyPem: readFileSync(e.JWT_PUBLIC_KEY_FILE, 'utf8') } : {}),
              ...(e.JWT_JWKS_URL ? { jwksUrl: e.JWT_JWKS_URL } : {}),
            },
          }
        : {}),
    },
    sandbox: {
      port: e.SANDBOX_PORT,
      host: e.HOST,
      url: e.SANDBOX_URL ?? `http://localhost:${e.SANDBOX_PORT}`,
      webhookUrl: e.SANDBOX_WEBHOOK_URL ?? `http://localhost:${e.PORT}/v1/webhooks/sandbox`,
    },
    processors: e.PROCESSORS,
    dataDir: e.DATA_DIR,
    database: { ...(e.DATABASE_URL ? { url: e.DATABASE_URL } : {}), poolMax: e.DATABASE_POOL_MAX, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT, embeddedPort: e.EMBEDDED_DATABASE_PORT },
    payloadKeys: e.PAYLOAD_ENCRYPTION_KEYS,
    codec: {
      allowedOrigins: (e.CODEC_ALLOWED_ORIGINS ?? `http://localhost:${e.TEMPORAL_UI_PORT},http://127.0.0.1:${e.TEMPORAL_UI_PORT}`)
        .split(',')
        .map((o) => o.trim().replace(/\/$/, ''))
        .filter(Boolean),
      sessionTtlMs: e.CODEC_SESSION_TTL,
    },
    console: { sessionIdleMs: e.CONSOLE_SESSION_IDLE, sessionMaxMs: e.CONSOLE_SESSION_MAX, dir: e.CONSOLE_DIR },
    documentStore: e.DOCUMENT_STORE,
    documentsDir: e.DOCUMENTS_DIR ?? `${e.DATA_DIR}/documents`,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    mail: {
      transport: e.NOTIFICATIONS,
      smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.MAIL_CATCHER_PORT}`,
      from: e.MAIL_FROM,
      ...(e.MAIL_REPLY_TO ? { replyTo: e.MAIL_REPLY_TO } : {}),
      ...(e.NOTIFICATION_LINK_SECRET ? { linkSecret: e.NOTIFICATION_LINK_SECRET } : {}),
      claimLeaseMs: e.MAIL_CLAIM_LEASE,
      catcher: e.SMTP_URL || e.NOTIFICATIONS === 'outbox' ? null : { smtpPort: e.MAIL_CATCHER_PORT, webPort: e.MAIL_CATCHER_WEB_PORT },
    },
    logLevel: e.LOG_LEVEL,
    metrics: { ...(e.METRICS_TOKEN ? { token: e.METRICS_TOKEN } : {}), host: e.METRICS_HOST, port: e.METRICS_PORT, temporalPort: e.TEMPORAL_METRICS_PORT },
    caseRecords: e.CASE_RECORDS === 'on',
    ...(e.PROCESSORS.includes('stripe')
      ? { stripe: { secretKey: e.STRIPE_SECRET_KEY!, webhookSecret: e.STRIPE_WEBHOOK_SECRET!, toleranceSeconds: e.STRIPE_WEBHOOK_TOLERANCE_SECONDS, ...(e.STRIPE_API_BASE ? { apiBase: e.STRIPE_API_BASE } : {}) } }
      : {}),
    ...(e.PROCESSORS.includes('adyen')
      ? {
          adyen: {
            apiKey: e.ADYEN_API_KEY!,
            merchantAccount: e.ADYEN_MERCHANT_ACCOUNT!,
            environment: e.ADYEN_ENVIRONMENT,
            hmacKeyHex: e.ADYEN_HMAC_KEY!,
            ...(e.ADYEN_LIVE_URL_PREFIX ? { liveEndpointUrlPrefix: e.ADYEN_LIVE_URL_PREFIX } : {}),
            ...(e.ADYEN_CHECKOUT_BASE_URL ? { checkoutBaseUrl: e.ADYEN_CHECKOUT_BASE_URL } : {}),
          },
        }
      : {}),
    ...(e.PROCESSORS.includes('paypal')
      ? { paypal: { clientId: e.PAYPAL_CLIENT_ID!, clientSecret: e.PAYPAL_CLIENT_SECRET!, environment: e.PAYPAL_ENVIRONMENT, webhookId: e.PAYPAL_WEBHOOK_ID!, ...(e.PAYPAL_BASE_URL ? { baseUrl: e.PAYPAL_BASE_URL } : {}) } }
      : {}),
    policy: {
      followUpDelayMs: e.FOLLOW_UP_DELAY,
      satisfactionAnswerWindowMs: e.SATISFACTION_ANSWER_WINDOW,
      maxReopenings: e.MAX_REOPENINGS,
      reportingWindowDays: e.REPORTING_WINDOW_DAYS,
      informationAnswerWindowMs: e.INFORMATION_ANSWER_WINDOW,
      slaBusinessDays: e.SLA_BUSINESS_DAYS,
      resolutionDeadlineBusinessDays: e.RESOLUTION_DEADLINE_BUSINESS_DAYS,
      autoResolveCeilingMinor: e.AUTO_RESOLVE_CEILING_MINOR,
      settlementPollMaxIntervalMs: e.SETTLEMENT_POLL_MAX_INTERVAL,
      timeZone: e.LOOP_TIME_ZONE,
      processorInquiryBusinessDays: e.PROCESSOR_INQUIRY_BUSINESS_DAYS,
    },
  };
}

/** The Temporal frontend to connect to: the configured one, or the local dev server `npm start` runs. */
export function temporalAddress(config: Config): string {
  return config.temporal.address ?? `localhost:${config.temporal.port}`;
}
