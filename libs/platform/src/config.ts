import { DEFAULT_PREFIX } from '@strata/contracts';
import { z } from 'zod';

/** Environment shared by every app. Apps extend it with their own keys. */
export const baseEnvSchema = z.object({
  /** NATS server(s) with JetStream enabled (comma-separated for a cluster). */
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** Redis for tasks, delivery jobs and schedules; must run with `maxmemory-policy noeviction` (and AOF in production). */
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Where the embedded stores keep their files. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Prefix of every stream, subject and Redis key; lets installations share NATS and Redis. */
  STRATA_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes, starting with a letter')
    .default(DEFAULT_PREFIX),
  /**
   * A dependency must fail its readiness check for this long without a break before /health/ready
   * answers 503, so a brief blip does not take every replica out at once (docs/operations.md#health).
   */
  READINESS_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  /** Lowest level written to the JSON log. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Production adapters (docs/adr/0030): each store is embedded unless its variable is set.
  /** MongoDB connection string; set = metadata on MongoDB instead of SQLite in DATA_DIR. */
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URL').optional(),
  /** Database name when the URL has none. */
  MONGO_DB: z.string().min(1).default('strata'),
  /** S3-compatible endpoint (MinIO, ...); unset with S3_BUCKET set = AWS S3. */
  S3_ENDPOINT: z.string().url().optional(),
  /** Bucket of blobs and manifests; set (or S3_ENDPOINT set) = object storage on S3 instead of DATA_DIR. */
  S3_BUCKET: z.string().min(3).optional(),
  /** Region used to sign S3 requests. */
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Static S3 credentials (with S3_SECRET_ACCESS_KEY); unset = the AWS default chain (environment, web identity, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret of S3_ACCESS_KEY_ID; keep it in a Secret, never in a ConfigMap. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (`endpoint/bucket/key`); MinIO needs them. Default: on when S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  /** Qdrant REST URL; set = vectors in Qdrant instead of sqlite-vec in DATA_DIR. */
  QDRANT_URL: z.string().url().optional(),
  /** Qdrant API key, when the server requires one. */
  QDRANT_API_KEY: z.string().min(1).optional(),
  /** Request timeout of the production stores (ms). */
  STORE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // OpenTelemetry traces (docs/adr/0091-tracing.md): off unless an OTLP endpoint is set. The SDK
  // reads these and the other standard OTEL_* variables itself; they are listed to be validated and documented.
  /** OTLP/HTTP collector base URL (`/v1/traces` is appended); set = traces on. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** Full OTLP/HTTP traces URL; overrides OTEL_EXPORTER_OTLP_ENDPOINT for traces. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  /** Service name on the spans; default: the app's name. */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** `true` turns tracing off whatever else is set. */
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).optional(),
  /** `none` turns tracing off; `otlp` (the only other value supported) is the default. */
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  /**
   * Fault-injection knob for the reliability suite only (docs/reliability.md): every vector write
   * waits this long first, as a slow vector database would. 0 (the default) = off.
   */
  FAULT_VECTOR_WRITE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /**
   * Fault-injection knob for the reliability suite only (docs/reliability.md): the process kills
   * itself (SIGKILL) right before it publishes a domain event of this type, i.e. after the state
   * change and its outbox row committed. Unset (the default) = off.
   */
  FAULT_KILL_BEFORE_EVENT_PUBLISH: z.string().min(1).optional(),
  /**
   * Outbox relay of batch-api and the poller (docs/adr/0095-transactional-outbox.md): how often it
   * looks for events left unsent (ms).
   */
  OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  /**
   * The relay publishes only events older than this (ms): the writer publishes its own events
   * right after the commit, so in normal operation each is published once.
   */
  OUTBOX_RELAY_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

export interface AdapterSelection {
  metadata: 'mongodb' | 'sqlite';
  objectStorage: 's3' | 'local';
  vectors: 'qdrant' | 'sqlite-vec';
}

/** Which adapter serves each port: the production one when its variable is set, else the embedded one. */
export function selectAdapters(env: BaseEnv): AdapterSelection {
  return {
    metadata: env.MONGO_URL !== undefined ? 'mongodb' : 'sqlite',
    objectStorage: env.S3_ENDPOINT !== undefined || env.S3_BUCKET !== undefined ? 's3' : 'local',
    vectors: env.QDRANT_URL !== undefined ? 'qdrant' : 'sqlite-vec',
  };
}

/** Store names (Mongo collections, Qdrant collections, S3 key prefix) derive from STRATA_PREFIX. */
export function storePrefix(env: BaseEnv): string {
  return env.STRATA_PREFIX.replace(/-/g, '_');
}

/** An integer from the environment. */
/**
 * WEBHOOK_ALLOWLIST: comma-separated addresses or CIDRs webhooks may reach although they are
 * private, loopback or link-local (SSRF guard). Empty by default: only public addresses. Read by
 * batch-api (checks targets when a webhook is saved) and the dispatcher (checks every delivery).
 */
export const webhookAllowlist = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

export const envInt = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Parses and validates the environment once at boot. A bad value stops the process with a message
 * naming every wrong variable, instead of failing later somewhere else.
 */
export function loadConfig<S extends z.ZodTypeAny>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i: z.core.$ZodIssue) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
