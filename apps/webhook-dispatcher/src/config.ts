import { QUEUE_DEFAULTS } from '@strata/contracts';
import { baseEnvSchema, envInt, loadConfig, webhookAllowlist } from '@strata/platform';
import { z } from 'zod';

const d = QUEUE_DEFAULTS.webhookDelivery;

export const dispatcherEnvSchema = baseEnvSchema.extend({
  /** Port of `/health/*` and `/metrics`. */
  HEALTH_PORT: envInt(3013, 1, 65535),
  /** Domain events handled at once (each one enqueues its deliveries). */
  DISPATCHER_CONCURRENCY: envInt(8, 1, 256),
  /** HTTP deliveries in flight at once in this process. */
  WEBHOOK_CONCURRENCY: envInt(d.concurrency, 1, 512),
  /** Attempts per delivery (first try included) before it is kept as FAILED. */
  WEBHOOK_MAX_ATTEMPTS: envInt(d.attempts, 1, 100),
  /** First retry delay; doubles each retry up to WEBHOOK_BACKOFF_MAX_MS, with +-20 % jitter. */
  WEBHOOK_BACKOFF_BASE_MS: envInt(d.backoffBaseMs, 1),
  /** Longest retry delay (before jitter). */
  WEBHOOK_BACKOFF_MAX_MS: envInt(d.backoffMaxMs, 1),
  /** How often PENDING deliveries whose job is missing (Redis data lost) are looked for. */
  WEBHOOK_SWEEP_INTERVAL_MS: envInt(10 * 60_000, 1_000),
  /** A PENDING delivery untouched this long has lost its job; must exceed the longest backoff. */
  WEBHOOK_STALE_PENDING_MS: envInt(8 * 3_600_000, 1_000),
  /** Private addresses webhooks may reach (SSRF guard); see webhookAllowlist. */
  WEBHOOK_ALLOWLIST: webhookAllowlist,
}).refine((c) => c.WEBHOOK_STALE_PENDING_MS > c.WEBHOOK_BACKOFF_MAX_MS * 1.2 + 60_000, {
  message: 'WEBHOOK_STALE_PENDING_MS must exceed the longest retry delay (WEBHOOK_BACKOFF_MAX_MS + 20 % jitter + 60 s)',
  path: ['WEBHOOK_STALE_PENDING_MS'],
});

export type DispatcherConfig = z.infer<typeof dispatcherEnvSchema>;

/** The only place the dispatcher reads the environment. */
export function loadDispatcherConfig(env: Record<string, string | undefined> = process.env): DispatcherConfig {
  return loadConfig(dispatcherEnvSchema, env);
}
