import { DeliveryStatus, NotFoundError, WebhookDelivery } from '@strata/domain';
import { isoNow } from '@strata/domain';
import type { WebhookDeps } from './deps';
import { deliveryJobId } from './dispatch-event';
import { GetWebhook } from './webhooks';

export class ListDeliveries {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata'>) {}

  async execute(
    webhookId: string,
    filter: { status?: DeliveryStatus; since?: string },
    page: { limit: number; offset: number },
  ): Promise<{ results: WebhookDelivery[]; total: number }> {
    await new GetWebhook(this.deps).execute(webhookId);
    return this.deps.metadata.webhookDeliveries.list(webhookId, filter, page);
  }
}

export class GetDelivery {
  constructor(private readonly deps: Pick<WebhookDeps, 'metadata'>) {}

  async execute(webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    const found = await this.deps.metadata.webhookDeliveries.find(deliveryId);
    if (found === null || found.webhookId !== webhookId) throw new NotFoundError('delivery', deliveryId);
    return found;
  }
}

/**
 * Sends a FAILED or CANCELED delivery again (same body, same webhook-id, new round of attempts).
 * A delivery that is PENDING or SUCCEEDED is left alone and reported as not replayed.
 */
export class ReplayDelivery {
  constructor(private readonly deps: WebhookDeps) {}

  async execute(webhookId: string, deliveryId: string): Promise<{ delivery: WebhookDelivery; replayed: boolean }> {
    const delivery = await new GetDelivery(this.deps).execute(webhookId, deliveryId);
    const reopened = await this.deps.metadata.webhookDeliveries.reopen(delivery.deliveryId, isoNow(this.deps.clock));
    if (reopened === null) return { delivery, replayed: false };
    await this.deps.queue.enqueue(
      { version: 1, delivery_id: reopened.deliveryId, webhook_id: reopened.webhookId },
      deliveryJobId(reopened.deliveryId, reopened.replays),
    );
    return { delivery: reopened, replayed: true };
  }
}

/**
 * Re-enqueues PENDING deliveries whose job is gone (Redis lost its data, or a crash between the
 * row and the job): rows not updated for `staleAfterMs` (longer than the longest backoff) and
 * with no job under their id. A job that still exists is left alone, so nothing is sent twice.
 * The requeued job starts a fresh attempt budget for the current round.
 */
export class RequeueStaleDeliveries {
  constructor(private readonly deps: WebhookDeps) {}

  async execute(staleAfterMs: number, limit = 500): Promise<{ requeued: string[] }> {
    const cutoff = new Date(this.deps.clock.now() - staleAfterMs).toISOString();
    const stale = await this.deps.metadata.webhookDeliveries.listPendingBefore(cutoff, limit);
    const requeued: string[] = [];
    for (const d of stale) {
      const jobId = deliveryJobId(d.deliveryId, d.replays);
      if (await this.deps.queue.has(jobId)) continue;
      await this.deps.queue.enqueue({ version: 1, delivery_id: d.deliveryId, webhook_id: d.webhookId }, jobId);
      requeued.push(d.deliveryId);
    }
    if (requeued.length > 0) this.deps.logger.warn({ count: requeued.length }, 're-enqueued webhook deliveries whose job was missing');
    return { requeued };
  }
}

/** Replays every FAILED delivery of a webhook created at or after `since` (at most `limit`). */
export class ReplayFailedDeliveries {
  constructor(private readonly deps: WebhookDeps) {}

  async execute(webhookId: string, since: string, limit = 10_000): Promise<{ replayed: string[] }> {
    await new GetWebhook(this.deps).execute(webhookId);
    const replay = new ReplayDelivery(this.deps);
    const replayed: string[] = [];
    // Replaying moves rows out of FAILED, so always read the first page again.
    for (;;) {
      const page = await this.deps.metadata.webhookDeliveries.list(webhookId, { status: 'FAILED', since }, { limit: 100, offset: 0 });
      if (page.results.length === 0) break;
      let progressed = false;
      for (const d of page.results) {
        if (replayed.length >= limit) return { replayed };
        const { replayed: ok } = await replay.execute(webhookId, d.deliveryId);
        if (ok) {
          replayed.push(d.deliveryId);
          progressed = true;
        }
      }
      if (!progressed) break;
    }
    return { replayed };
  }
}
