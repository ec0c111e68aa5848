import { baseEnvSchema, envInt, loadConfig, webhookAllowlist } from '@strata/platform';
import { z } from 'zod';

export const batchApiEnvSchema = baseEnvSchema.extend({
  /** JSON file declaring out-of-process extractors served over NATS (docs/extractors.md); empty = none. */
  REMOTE_EXTRACTORS_FILE: z.string().default(''),
  /** HTTP port of the API, `/health/*` and `/metrics`. */
  PORT: envInt(3000, 1, 65535),
  /** Bind address. */
  HOST: z.string().default('0.0.0.0'),
  /**
   * API processes this app forks (node:cluster, sharing PORT; JSON, validation and the framework
   * are CPU-bound); 0 = one per core. Kubernetes sets 1 and scales with replicas.
   */
  API_PROCESSES: envInt(0, 0, 256),
  /** Largest JSON body accepted. */
  MAX_JSON_BYTES: envInt(10 * 1024 * 1024, 1024),
  /** Largest file accepted by a multipart object upload. */
  MAX_UPLOAD_BYTES: envInt(100 * 1024 * 1024, 1024),
  /** Most items per work message of a submitted batch's first tier; fewer when the batch is small (ADR 0105). */
  WORK_CHUNK_SIZE: envInt(256, 1, 1000),
  /** A PROCESSING batch with no finished item for this long is reported as stalled. */
  STALL_SECONDS: envInt(300, 1),
  /**
   * A QUEUED batch no poller has claimed for this long reads `degraded` with reason `unclaimed`
   * (no poller running, none serving its namespace, or all full).
   */
  UNCLAIMED_SECONDS: envInt(60, 1),
  /** Failed/processed ratio above which a batch's health is `degraded`. */
  ERROR_RATIO_DEGRADED: z.coerce.number().min(0).max(1).default(0.05),
  /** Failed/processed ratio above which a batch's health is `unhealthy`. */
  ERROR_RATIO_UNHEALTHY: z.coerce.number().min(0).max(1).default(0.5),
  /**
   * `api_key`: every request needs `Authorization: Bearer sk_...`. `none`: no authentication, for
   * local development only (npm start sets it explicitly and says so).
   */
  AUTH_MODE: z.enum(['api_key', 'none']).default('api_key'),
  /** A key created at boot with access to every namespace, so a fresh install can be used. */
  STRATA_BOOTSTRAP_API_KEY: z.string().regex(/^sk_[a-z0-9]{20,128}$/, 'sk_ followed by 20-128 lowercase letters or digits').optional(),
  /**
   * Run schedule ticks in this process (a BullMQ worker; each tick runs on one replica). Turn off
   * on replicas that should only serve HTTP; at least one replica must keep it on.
   */
  SCHEDULE_RUNNER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * How long a running request holds its Idempotency-Key (renewed while it runs): after a crash,
   * the retry runs once this has passed.
   */
  IDEMPOTENCY_LEASE_MS: envInt(30_000, 100),
  /**
   * How long an idle keep-alive connection stays open. Longer than a load balancer's idle timeout
   * (60 s on most), so the proxy, not Strata, closes idle connections: a client never reuses a
   * socket the server is closing.
   */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: envInt(65_000, 1_000),
  /**
   * How long one request may take to arrive whole (Node's `requestTimeout`, 5 minutes by default).
   * A bulk ingest stream of a million objects (POST .../objects/bulk) or a large upload can take
   * longer; headers still have to arrive within the keep-alive timeout + 1 s. 0 = no limit.
   */
  HTTP_REQUEST_TIMEOUT_MS: envInt(3_600_000, 0),
  /** How often the live event stream (SSE) re-reads a batch. */
  SSE_INTERVAL_MS: envInt(500, 50),
  /**
   * Directory of local models for the onnx embedding provider, as the extractor-worker sees it:
   * collection creation checks the model is there and reads its width; search embeds queries with it.
   */
  EMBEDDING_MODELS_DIR: z.string().default(''),
  /**
   * API compatibility mode of this installation (ADR 0070): `strata` reports Strata's own statuses
   * and event types (QUEUED, `*`, batch.*); `mixpeek` keeps them within Mixpeek 0.81's enums.
   * A request may choose with the X-Strata-Compat header.
   */
  API_COMPAT_MODE: z.enum(['strata', 'mixpeek']).default('strata'),
  /** Private addresses webhooks may target (SSRF guard; same value as the dispatcher's). */
  WEBHOOK_ALLOWLIST: webhookAllowlist,
});

export type BatchApiConfig = z.infer<typeof batchApiEnvSchema>;

/** The only place batch-api reads the environment. */
export function loadBatchApiConfig(env: Record<string, string | undefined> = process.env): BatchApiConfig {
  return loadConfig(batchApiEnvSchema, env);
}
