import type { DeliveryAttempt, DeliveryStatus, Webhook, WebhookDelivery } from '@strata/domain';
import type {
  DeliveryListFilter,
  WebhookDeliveryRepository,
  WebhookListFilter,
  WebhookRepository,
} from '@strata/ports';
import { SqliteDb, json, parseJson } from './sqlite-database';

type Row = Record<string, unknown>;
const FINAL: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['SUCCEEDED', 'FAILED', 'CANCELED']);

function toWebhook(row: Row): Webhook {
  return {
    webhookId: row['webhook_id'] as string,
    webhookName: row['webhook_name'] as string,
    eventTypes: parseJson(row['event_types'] as string, []),
    channels: parseJson(row['channels'] as string, []),
    isActive: row['is_active'] === 1,
    secrets: parseJson(row['secrets'] as string, []),
    disabledReason: (row['disabled_reason'] as string | null) ?? null,
    lastError: (row['last_error'] as string | null) ?? null,
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
  };
}

/** `event_types` holds a JSON array; match an exact element or "*". */
const MATCHES_EVENT = `EXISTS (SELECT 1 FROM json_each(webhooks.event_types) e WHERE e.value = ? OR e.value = '*')`;

export class SqliteWebhooks implements WebhookRepository {
  constructor(private readonly db: SqliteDb) {}

  async create(w: Webhook): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO webhooks (webhook_id, webhook_name, event_types, channels, is_active, secrets, disabled_reason, last_error, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(w.webhookId, w.webhookName, json(w.eventTypes), json(w.channels), w.isActive ? 1 : 0, json(w.secrets), w.disabledReason, w.lastError, w.createdAt, w.updatedAt);
  }

  async find(webhookId: string): Promise<Webhook | null> {
    const row = this.db.prepare('SELECT * FROM webhooks WHERE webhook_id = ?').get(webhookId) as Row | undefined;
    return row === undefined ? null : toWebhook(row);
  }

  async list(filter: WebhookListFilter, page: { limit: number; offset: number }): Promise<{ results: Webhook[]; total: number }> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.eventType !== undefined) {
      where.push(MATCHES_EVENT);
      args.push(filter.eventType);
    }
    if (filter.isActive !== undefined) {
      where.push('is_active = ?');
      args.push(filter.isActive ? 1 : 0);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const rows = this.db
      .prepare(`SELECT * FROM webhooks ${clause} ORDER BY created_at DESC, webhook_id LIMIT ? OFFSET ?`)
      .all(...args, page.limit, page.offset) as Row[];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM webhooks ${clause}`).get(...args) as { n: number }).n;
    return { results: rows.map(toWebhook), total };
  }

  async listActiveFor(eventType: string): Promise<Webhook[]> {
    const rows = this.db
      .prepare(`SELECT * FROM webhooks WHERE is_active = 1 AND ${MATCHES_EVENT} ORDER BY webhook_id`)
      .all(eventType) as Row[];
    return rows.map(toWebhook);
  }

  async update(w: Webhook): Promise<boolean> {
    const info = this.db
      .prepare(
        `UPDATE webhooks SET webhook_name = ?, event_types = ?, channels = ?, is_active = ?, secrets = ?, disabled_reason = ?,
           last_error = ?, updated_at = ? WHERE webhook_id = ?`,
      )
      .run(w.webhookName, json(w.eventTypes), json(w.channels), w.isActive ? 1 : 0, json(w.secrets), w.disabledReason, w.lastError, w.updatedAt, w.webhookId);
    return info.changes > 0;
  }

  async delete(webhookId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM webhooks WHERE webhook_id = ?').run(webhookId).changes > 0;
  }

  async disable(webhookId: string, reason: string, now: string): Promise<void> {
    this.db
      .prepare('UPDATE webhooks SET is_active = 0, disabled_reason = ?, last_error = ?, updated_at = ? WHERE webhook_id = ?')
      .run(reason, reason, now, webhookId);
  }

  async setLastError(webhookId: string, error: string | null, now: string): Promise<void> {
    this.db.prepare('UPDATE webhooks SET last_error = ?, updated_at = ? WHERE webhook_id = ?').run(error, now, webhookId);
  }
}

function toDelivery(row: Row): WebhookDelivery {
  return {
    deliveryId: row['delivery_id'] as string,
    webhookId: row['webhook_id'] as string,
    channelIndex: row['channel_index'] as number,
    eventId: row['event_id'] as string,
    eventType: row['event_type'] as string,
    namespaceId: row['namespace_id'] as string,
    body: row['body'] as string,
    status: row['status'] as DeliveryStatus,
    attempts: parseJson(row['attempts'] as string, []),
    replays: row['replays'] as number,
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
    completedAt: (row['completed_at'] as string | null) ?? null,
  };
}

export class SqliteWebhookDeliveries implements WebhookDeliveryRepository {
  constructor(private readonly db: SqliteDb) {}

  async createIfAbsent(d: WebhookDelivery): Promise<boolean> {
    const info = this.db
      .prepare(
        `INSERT INTO webhook_deliveries (delivery_id, webhook_id, channel_index, event_id, event_type, namespace_id, body, status, attempts,
           replays, created_at, updated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (delivery_id) DO NOTHING`,
      )
      .run(d.deliveryId, d.webhookId, d.channelIndex, d.eventId, d.eventType, d.namespaceId, d.body, d.status, json(d.attempts), d.replays, d.createdAt, d.updatedAt, d.completedAt);
    return info.changes > 0;
  }

  async find(deliveryId: string): Promise<WebhookDelivery | null> {
    const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE delivery_id = ?').get(deliveryId) as Row | undefined;
    return row === undefined ? null : toDelivery(row);
  }

  async list(
    webhookId: string,
    filter: DeliveryListFilter,
    page: { limit: number; offset: number },
  ): Promise<{ results: WebhookDelivery[]; total: number }> {
    const where = ['webhook_id = ?'];
    const args: unknown[] = [webhookId];
    if (filter.status !== undefined) {
      where.push('status = ?');
      args.push(filter.status);
    }
    if (filter.since !== undefined) {
      where.push('created_at >= ?');
      args.push(filter.since);
    }
    const clause = where.join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM webhook_deliveries WHERE ${clause} ORDER BY created_at DESC, delivery_id LIMIT ? OFFSET ?`)
      .all(...args, page.limit, page.offset) as Row[];
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM webhook_deliveries WHERE ${clause}`).get(...args) as { n: number }).n;
    return { results: rows.map(toDelivery), total };
  }

  async recordAttempt(deliveryId: string, attempt: DeliveryAttempt, status: DeliveryStatus, now: string): Promise<WebhookDelivery | null> {
    return this.db
      .transaction((): WebhookDelivery | null => {
        const row = this.db.prepare('SELECT * FROM webhook_deliveries WHERE delivery_id = ?').get(deliveryId) as Row | undefined;
        if (row === undefined) return null;
        const current = toDelivery(row);
        const attempts = current.attempts.filter((a) => a.attempt !== attempt.attempt || a.round !== attempt.round);
        attempts.push(attempt);
        attempts.sort((a, b) => a.round - b.round || a.attempt - b.attempt);
        const completedAt = FINAL.has(status) ? now : null;
        this.db
          .prepare('UPDATE webhook_deliveries SET attempts = ?, status = ?, updated_at = ?, completed_at = ? WHERE delivery_id = ?')
          .run(json(attempts), status, now, completedAt, deliveryId);
        return { ...current, attempts, status, updatedAt: now, completedAt };
      })
      .immediate();
  }

  async finish(deliveryId: string, status: DeliveryStatus, now: string): Promise<void> {
    this.db
      .prepare('UPDATE webhook_deliveries SET status = ?, updated_at = ?, completed_at = ? WHERE delivery_id = ?')
      .run(status, now, FINAL.has(status) ? now : null, deliveryId);
  }

  async listPendingBefore(updatedBefore: string, limit: number): Promise<WebhookDelivery[]> {
    const rows = this.db
      .prepare(`SELECT * FROM webhook_deliveries WHERE status = 'PENDING' AND updated_at < ? ORDER BY updated_at, delivery_id LIMIT ?`)
      .all(updatedBefore, limit) as Row[];
    return rows.map(toDelivery);
  }

  async reopen(deliveryId: string, now: string): Promise<WebhookDelivery | null> {
    return this.db
      .transaction((): WebhookDelivery | null => {
        const info = this.db
          .prepare(
            `UPDATE webhook_deliveries SET status = 'PENDING', replays = replays + 1, updated_at = ?, completed_at = NULL
             WHERE delivery_id = ? AND status IN ('FAILED', 'CANCELED')`,
          )
          .run(now, deliveryId);
        if (info.changes === 0) return null;
        return toDelivery(this.db.prepare('SELECT * FROM webhook_deliveries WHERE delivery_id = ?').get(deliveryId) as Row);
      })
      .immediate();
  }
}
