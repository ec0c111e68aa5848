import type { WebhookDeliveryJobV1 } from '@strata/contracts';

/** The queue of delivery jobs (BullMQ on Redis). */
export interface DeliveryQueue {
  /**
   * Adds a job under `jobId`. Adding an id that is still in the queue (waiting, delayed, active,
   * or kept as completed/failed) is a no-op: this is what makes a redelivered event enqueue once.
   */
  enqueue(job: WebhookDeliveryJobV1, jobId: string): Promise<void>;
  /** True while a job with this id is in the queue (in any state). */
  has(jobId: string): Promise<boolean>;
}

/** The outcome of one HTTP POST. */
export type WebhookPostResult =
  | { kind: 'response'; statusCode: number; latencyMs: number }
  /** No response: timeout, connection refused, DNS failure. Retryable. */
  | { kind: 'error'; error: string; latencyMs: number }
  /** The SSRF guard refused the target (private, loopback, link-local, not allowlisted). Not retried. */
  | { kind: 'blocked'; error: string; latencyMs: number };

/** Posts a webhook body to a URL, guarding against requests into the private network. */
export interface WebhookSender {
  post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookPostResult>;
}

/**
 * Decides, when a subscription is created or changed, whether its URL may be a webhook target: a
 * URL whose host is, or resolves to, a private, loopback or link-local address (not allowlisted)
 * is refused then, with the reason. Delivery checks again (DNS can change in between).
 */
export interface WebhookTargetPolicy {
  /** null when the URL may be a target, else why not. */
  refusal(url: string): Promise<string | null>;
}
