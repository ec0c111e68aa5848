import { baseEnvSchema, envInt, loadConfig } from '@strata/platform';
import { z } from 'zod';

export const pollerEnvSchema = baseEnvSchema.extend({
  /** Port of `/health/*` and `/metrics`. */
  HEALTH_PORT: envInt(3011, 1, 65535),
  /** How often QUEUED batches are looked for when no wake-up arrives. */
  POLL_INTERVAL_MS: envInt(5_000, 100),
  /** How long a claim lasts without renewal; another poller takes over after that. */
  LEASE_MS: envInt(30_000, 1_000),
  /** Comma-separated namespace ids this poller serves; empty = all. */
  POLLER_NAMESPACES: z.string().default(''),
  /**
   * Most items per work message of the tiers this poller counts (later tiers, retry rounds); fewer
   * when a tier is small (ADR 0105). A tier's recorded size wins, so it need not match batch-api's.
   */
  WORK_CHUNK_SIZE: envInt(256, 1, 1000),
  /** Batches one poller drives at once. */
  MAX_HELD_BATCHES: envInt(32, 1, 10_000),
  /** Work messages in flight to JetStream per batch while publishing. */
  PUBLISH_WINDOW: envInt(64, 1, 10_000),
  /** How often held batches' progress is written into their tasks (GET /v1/tasks/{id}). */
  PROGRESS_INTERVAL_MS: envInt(1_000, 100),
});

export type PollerConfig = z.infer<typeof pollerEnvSchema>;

/** The only place the poller reads the environment. */
export function loadPollerConfig(env: Record<string, string | undefined> = process.env): PollerConfig {
  return loadConfig(pollerEnvSchema, env);
}
