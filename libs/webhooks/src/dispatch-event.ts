import { createHash } from 'node:crypto';
import type { DomainEventV1 } from '@strata/contracts';
import { WebhookDelivery, isoNow } from '@strata/domain';
import type { WebhookDeps } from './deps';

/**
 * Deterministic delivery id of (event, webhook, channel): `dlv_` + 24 hex of a SHA-256. It is
 * also the BullMQ job id and the `webhook-id` header, so a redelivered event maps to the same
 * delivery, the same job, and receivers can de-duplicate on it.
 */
export function deliveryId(eventId: string, webhookId: string, channelIndex: number): string {
  return `dlv_${createHash('sha256').update(`${eventId}\u001f${webhookId}\u001f${channelIndex}`).digest('hex').slice(0, 24)}`;
}

/** BullMQ job id of a delivery's round (0 = original, n = n-th replay). */
export function deliveryJobId(id: string, round: number): string {
  return round === 0 ? id : `${id}-r${round}`;
}

/**
 * Turns one domain event into one delivery per (matching active webhook, HTTP channel): writes
 * the delivery row (insert-if-absent) and enqueues its job under a deterministic id. Safe to run
 * again for the same event (JetStream redelivery): an existing row that is no longer PENDING is
 * not enqueued again, and a PENDING one re-enqueues under the same job id, which BullMQ ignores.
 */
export class DispatchEvent {
  constructor(private readonly deps: WebhookDeps) {}

  async execute(event: DomainEventV1): Promise<{ deliveries: number; enqueued: number }> {
    const webhooks = await this.deps.metadata.webhooks.listActiveFor(event.event_type);
    const body = JSON.stringify(event);
    const now = isoNow(this.deps.clock);
    let deliveries = 0;
    let enqueued = 0;
    for (const webhook of webhooks) {
      for (const [channelIndex, channel] of webhook.channels.entries()) {
        if (channel.channel !== 'webhook') continue;
        deliveries += 1;
        const id = deliveryId(event.event_id, webhook.webhookId, channelIndex);
        const delivery: WebhookDelivery = {
          deliveryId: id,
          webhookId: webhook.webhookId,
          channelIndex,
          eventId: event.event_id,
          eventType: event.event_type,
          namespaceId: event.namespace_id,
          body,
          status: 'PENDING',
          attempts: [],
          replays: 0,
          createdAt: now,
          updatedAt: now,
          completedAt: null,
        };
        const inserted = await this.deps.metadata.webhookDeliveries.createIfAbsent(delivery);
        if (!inserted) {
          const existing = await this.deps.metadata.webhookDeliveries.find(id);
          if (existing === null || existing.status !== 'PENDING' || existing.replays > 0) continue;
        }
        await this.deps.queue.enqueue({ version: 1, delivery_id: id, webhook_id: webhook.webhookId }, deliveryJobId(id, 0));
        enqueued += 1;
      }
    }
    return { deliveries, enqueued };
  }
}
