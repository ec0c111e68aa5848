import type { DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery } from '@strata/domain';
import type {
  DeliveryListFilter,
  WebhookDeliveryRepository,
  WebhookListFilter,
  WebhookRepository,
} from '@strata/ports';
import { copy } from './copy';

/* In-memory webhooks and deliveries with the semantics of the SQLite repositories. */

const FINAL: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['SUCCEEDED', 'FAILED', 'CANCELED']);
const matches = (w: Webhook, eventType: string): boolean => w.eventTypes.includes(eventType) || w.eventTypes.includes('*');
const newestFirst = <T extends { createdAt: string }>(idOf: (v: T) => string) => (a: T, b: T): number =>
  a.createdAt === b.createdAt ? idOf(a).localeCompare(idOf(b)) : a.createdAt < b.createdAt ? 1 : -1;

export class InMemoryWebhooks implements WebhookRepository {
  readonly rows = new Map<string, Webhook>();

  async create(webhook: Webhook): Promise<void> {
    if (this.rows.has(webhook.webhookId)) throw new Error(`constraint failed: webhook ${webhook.webhookId} exists`);
    this.rows.set(webhook.webhookId, copy(webhook));
  }

  async find(webhookId: string): Promise<Webhook | null> {
    const w = this.rows.get(webhookId);
    return w === undefined ? null : copy(w);
  }

  async list(filter: WebhookListFilter, page: { limit: number; offset: number }): Promise<{ results: Webhook[]; total: number }> {
    const all = [...this.rows.values()]
      .filter((w) => (filter.eventType === undefined || matches(w, filter.eventType)) && (filter.isActive === undefined || w.isActive === filter.isActive))
      .sort(newestFirst((w) => w.webhookId));
    return { results: copy(all.slice(page.offset, page.offset + page.limit)), total: all.length };
  }

  async listActiveFor(eventType: string): Promise<Webhook[]> {
    return copy([...this.rows.values()].filter((w) => w.isActive && matches(w, eventType)).sort((a, b) => a.webhookId.localeCompare(b.webhookId)));
  }

  async update(webhook: Webhook): Promise<boolean> {
    const current = this.rows.get(webhook.webhookId);
    if (current === undefined) return false;
    this.rows.set(webhook.webhookId, copy({ ...webhook, createdAt: current.createdAt }));
    return true;
  }

  async delete(webhookId: string): Promise<boolean> {
    return this.rows.delete(webhookId);
  }

  async disable(webhookId: string, reason: string, now: string): Promise<void> {
    const w = this.rows.get(webhookId);
    if (w) this.rows.set(webhookId, { ...w, isActive: false, disabledReason: reason, lastError: reason, updatedAt: now });
  }

  async setLastError(webhookId: string, error: string | null, now: string): Promise<void> {
    const w = this.rows.get(webhookId);
    if (w) this.rows.set(webhookId, { ...w, lastError: error, updatedAt: now });
  }
}

export class InMemoryWebhookDeliveries implements WebhookDeliveryRepository {
  readonly rows = new Map<string, WebhookDelivery>();

  async createIfAbsent(delivery: WebhookDelivery): Promise<boolean> {
    if (this.rows.has(delivery.deliveryId)) return false;
    this.rows.set(delivery.deliveryId, copy(delivery));
    return true;
  }

  async find(deliveryId: string): Promise<WebhookDelivery | null> {
    const d = this.rows.get(deliveryId);
    return d === undefined ? null : copy(d);
  }

  async list(webhookId: string, filter: DeliveryListFilter, page: { limit: number; offset: number }): Promise<{ results: WebhookDelivery[]; total: number }> {
    const all = [...this.rows.values()]
      .filter(
        (d) =>
          d.webhookId === webhookId &&
          (filter.status === undefined || d.status === filter.status) &&
          (filter.since === undefined || d.createdAt >= filter.since),
      )
      .sort(newestFirst((d) => d.deliveryId));
    return { results: copy(all.slice(page.offset, page.offset + page.limit)), total: all.length };
  }

  async recordAttempt(deliveryId: string, attempt: DeliveryAttempt, status: DeliveryStatus, now: string): Promise<WebhookDelivery | null> {
    const d = this.rows.get(deliveryId);
    if (d === undefined) return null;
    const attempts = [...d.attempts.filter((a) => a.attempt !== attempt.attempt || a.round !== attempt.round), copy(attempt)].sort((a, b) => a.round - b.round || a.attempt - b.attempt);
    const next: WebhookDelivery = { ...d, attempts, status, updatedAt: now, completedAt: FINAL.has(status) ? now : null };
    this.rows.set(deliveryId, next);
    return copy(next);
  }

  async finish(deliveryId: string, status: DeliveryStatus, now: string): Promise<void> {
    const d = this.rows.get(deliveryId);
    if (d) this.rows.set(deliveryId, { ...d, status, updatedAt: now, completedAt: FINAL.has(status) ? now : null });
  }

  async listPendingBefore(updatedBefore: string, limit: number): Promise<WebhookDelivery[]> {
    return copy(
      [...this.rows.values()]
        .filter((d) => d.status === 'PENDING' && d.updatedAt < updatedBefore)
        .sort((a, b) => (a.updatedAt === b.updatedAt ? a.deliveryId.localeCompare(b.deliveryId) : a.updatedAt < b.updatedAt ? -1 : 1))
        .slice(0, limit),
    );
  }

  async reopen(deliveryId: string, now: string): Promise<WebhookDelivery | null> {
    const d = this.rows.get(deliveryId);
    if (d === undefined || (d.status !== 'FAILED' && d.status !== 'CANCELED')) return null;
    const next: WebhookDelivery = { ...d, status: 'PENDING', replays: d.replays + 1, updatedAt: now, completedAt: null };
    this.rows.set(deliveryId, next);
    return copy(next);
  }
}
