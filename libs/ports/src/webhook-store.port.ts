import type { DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery } from '@strata/domain';

/*
 * Webhook subscriptions and their delivery log, part of the MetadataStore (docs/adr/0020-webhook-delivery-pipeline.md).
 * Adapter notes (SQLite today, MongoDB at merge): two collections/tables, `webhooks` keyed by
 * webhook_id and `webhook_deliveries` keyed by delivery_id with an index on
 * (webhook_id, created_at) and one on (webhook_id, status, updated_at). Both are organization
 * scoped: no namespace filter. createIfAbsent must be atomic (insert-if-not-exists).
 */

export interface WebhookListFilter {
  eventType?: string;
  isActive?: boolean;
}

export interface WebhookRepository {
  create(webhook: Webhook): Promise<void>;
  find(webhookId: string): Promise<Webhook | null>;
  /** Newest first. `eventType` matches subscriptions listing it or "*". */
  list(filter: WebhookListFilter, page: { limit: number; offset: number }): Promise<{ results: Webhook[]; total: number }>;
  /** Active subscriptions whose event types contain `eventType` or "*". */
  listActiveFor(eventType: string): Promise<Webhook[]>;
  /** Replaces every field but webhookId and createdAt. False when it does not exist. */
  update(webhook: Webhook): Promise<boolean>;
  /** False when it did not exist (deleting twice is fine). Its deliveries are kept. */
  delete(webhookId: string): Promise<boolean>;
  /** Deactivates with a reason (e.g. 410 Gone) and records it as the last error. */
  disable(webhookId: string, reason: string, now: string): Promise<void>;
  /** Records the last delivery error (null clears it) without touching anything else. */
  setLastError(webhookId: string, error: string | null, now: string): Promise<void>;
}

export interface DeliveryListFilter {
  status?: DeliveryStatus;
  /** Only deliveries created at or after this ISO time. */
  since?: string;
}

export interface WebhookDeliveryRepository {
  /** Inserts unless a delivery with this id exists. True when inserted. Atomic. */
  createIfAbsent(delivery: WebhookDelivery): Promise<boolean>;
  find(deliveryId: string): Promise<WebhookDelivery | null>;
  /** A webhook's deliveries, newest first. */
  list(webhookId: string, filter: DeliveryListFilter, page: { limit: number; offset: number }): Promise<{ results: WebhookDelivery[]; total: number }>;
  /**
   * Appends an attempt and sets the status (completedAt is set when the status is final).
   * Appending the same (round, attempt) twice (a job redelivered after a crash) keeps one entry.
   */
  recordAttempt(deliveryId: string, attempt: DeliveryAttempt, status: DeliveryStatus, now: string): Promise<WebhookDelivery | null>;
  /** Sets a final status without an attempt (e.g. CANCELED: the webhook was deleted). */
  finish(deliveryId: string, status: DeliveryStatus, now: string): Promise<void>;
  /**
   * Puts a FAILED (or CANCELED) delivery back to PENDING for a replay and increments `replays`.
   * Returns the updated delivery, or null when it is not in a replayable state.
   */
  reopen(deliveryId: string, now: string): Promise<WebhookDelivery | null>;
  /**
   * PENDING deliveries not updated since `updatedBefore` (oldest first, at most `limit`): their
   * job may have been lost with Redis; the dispatcher's sweeper re-enqueues them.
   */
  listPendingBefore(updatedBefore: string, limit: number): Promise<WebhookDelivery[]>;
}
