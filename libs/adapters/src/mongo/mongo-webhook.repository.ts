import type { Webhook, WebhookChannel, WebhookSecret } from '@strata/domain';
import type { WebhookListFilter, WebhookRepository } from '@strata/ports';
import type { Model } from 'mongoose';
import type { WebhookDoc } from './mongo-models';

function toWebhook(doc: WebhookDoc): Webhook {
  return {
    webhookId: doc.webhookId,
    webhookName: doc.webhookName,
    eventTypes: doc.eventTypes ?? [],
    channels: (doc.channels ?? []) as WebhookChannel[],
    isActive: doc.isActive === true,
    secrets: (doc.secrets ?? []) as WebhookSecret[],
    disabledReason: doc.disabledReason ?? null,
    lastError: doc.lastError ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** Webhook subscriptions (organisation scoped: no namespace filter, see webhook-store.port.ts). */
export class MongoWebhookRepository implements WebhookRepository {
  constructor(private readonly model: Model<WebhookDoc>) {}

  async create(w: Webhook): Promise<void> {
    await this.model.create({ ...w });
  }

  async find(webhookId: string): Promise<Webhook | null> {
    const doc = await this.model.findOne({ webhookId }).lean<WebhookDoc>().exec();
    return doc === null ? null : toWebhook(doc);
  }

  async list(filter: WebhookListFilter, page: { limit: number; offset: number }): Promise<{ results: Webhook[]; total: number }> {
    const query: Record<string, unknown> = {};
    // An array field matches `$in` when any element does: the event type itself or the wildcard.
    if (filter.eventType !== undefined) query['eventTypes'] = { $in: [filter.eventType, '*'] };
    if (filter.isActive !== undefined) query['isActive'] = filter.isActive;
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ createdAt: -1, webhookId: 1 }).skip(page.offset).limit(page.limit).lean<WebhookDoc[]>().exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { results: docs.map(toWebhook), total };
  }

  async listActiveFor(eventType: string): Promise<Webhook[]> {
    const docs = await this.model
      .find({ isActive: true, eventTypes: { $in: [eventType, '*'] } })
      .sort({ webhookId: 1 })
      .lean<WebhookDoc[]>()
      .exec();
    return docs.map(toWebhook);
  }

  async update(w: Webhook): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { webhookId: w.webhookId },
        {
          $set: {
            webhookName: w.webhookName,
            eventTypes: w.eventTypes,
            channels: w.channels,
            isActive: w.isActive,
            secrets: w.secrets,
            disabledReason: w.disabledReason,
            lastError: w.lastError,
            updatedAt: w.updatedAt,
          },
        },
      )
      .exec();
    return result.matchedCount > 0;
  }

  async delete(webhookId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ webhookId }).exec();
    return result.deletedCount > 0;
  }

  async disable(webhookId: string, reason: string, now: string): Promise<void> {
    await this.model
      .updateOne({ webhookId }, { $set: { isActive: false, disabledReason: reason, lastError: reason, updatedAt: now } })
      .exec();
  }

  async setLastError(webhookId: string, error: string | null, now: string): Promise<void> {
    await this.model.updateOne({ webhookId }, { $set: { lastError: error, updatedAt: now } }).exec();
  }
}
