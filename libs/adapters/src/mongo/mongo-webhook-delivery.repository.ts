import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from '@strata/domain';
import type { DeliveryListFilter, WebhookDeliveryRepository } from '@strata/ports';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { DeliveryDoc } from './mongo-models';

const FINAL: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['SUCCEEDED', 'FAILED', 'CANCELED']);

function toDelivery(doc: DeliveryDoc): WebhookDelivery {
  const attempts = [...((doc.attempts ?? []) as unknown as DeliveryAttempt[])];
  attempts.sort((a, b) => a.round - b.round || a.attempt - b.attempt);
  return {
    deliveryId: doc.deliveryId,
    webhookId: doc.webhookId,
    channelIndex: doc.channelIndex,
    eventId: doc.eventId,
    eventType: doc.eventType,
    namespaceId: doc.namespaceId,
    body: doc.body,
    status: doc.status as DeliveryStatus,
    attempts,
    replays: doc.replays ?? 0,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    completedAt: doc.completedAt ?? null,
  };
}

/** The webhook delivery log (organisation scoped, see webhook-store.port.ts). */
export class MongoWebhookDeliveryRepository implements WebhookDeliveryRepository {
  constructor(private readonly model: Model<DeliveryDoc>) {}

  async createIfAbsent(d: WebhookDelivery): Promise<boolean> {
    // An insert-only upsert: the server tells whether it inserted, and an existing delivery
    // (a redelivered event) is left as it is.
    const result = await this.model
      .updateOne({ deliveryId: d.deliveryId }, { $setOnInsert: { ...d, attempts: d.attempts as unknown as DeliveryDoc['attempts'] } }, { upsert: true })
      .exec();
    return result.upsertedCount > 0;
  }

  async find(deliveryId: string): Promise<WebhookDelivery | null> {
    const doc = await this.model.findOne({ deliveryId }).lean<DeliveryDoc>().exec();
    return doc === null ? null : toDelivery(doc);
  }

  async list(
    webhookId: string,
    filter: DeliveryListFilter,
    page: { limit: number; offset: number },
  ): Promise<{ results: WebhookDelivery[]; total: number }> {
    const query: Record<string, unknown> = { webhookId };
    if (filter.status !== undefined) query['status'] = filter.status;
    if (filter.since !== undefined) query['createdAt'] = { $gte: filter.since };
    const [docs, total] = await Promise.all([
      this.model.find(query).sort({ createdAt: -1, deliveryId: 1 }).skip(page.offset).limit(page.limit).lean<DeliveryDoc[]>().exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { results: docs.map(toDelivery), total };
  }

  async recordAttempt(deliveryId: string, attempt: DeliveryAttempt, status: DeliveryStatus, now: string): Promise<WebhookDelivery | null> {
    // Pull then push, in order, on the one document: the same (round, attempt) recorded twice
    // (a job redelivered after a crash) leaves one entry, and repeating the pair is harmless.
    const ops: AnyBulkWriteOperation<DeliveryDoc>[] = [
      { updateOne: { filter: { deliveryId }, update: { $pull: { attempts: { round: attempt.round, attempt: attempt.attempt } } } } },
      {
        updateOne: {
          filter: { deliveryId },
          update: {
            $push: { attempts: attempt as unknown as DeliveryDoc['attempts'][number] },
            $set: { status, updatedAt: now, completedAt: FINAL.has(status) ? now : null },
          },
        },
      },
    ];
    const result = await this.model.bulkWrite(ops, { ordered: true });
    if (result.matchedCount === 0) return null;
    return this.find(deliveryId);
  }

  async finish(deliveryId: string, status: DeliveryStatus, now: string): Promise<void> {
    await this.model.updateOne({ deliveryId }, { $set: { status, updatedAt: now, completedAt: FINAL.has(status) ? now : null } }).exec();
  }

  async reopen(deliveryId: string, now: string): Promise<WebhookDelivery | null> {
    // Conditional on a replayable status: of two concurrent replays, one reopens.
    const doc = await this.model
      .findOneAndUpdate(
        { deliveryId, status: { $in: ['FAILED', 'CANCELED'] } },
        { $set: { status: 'PENDING', updatedAt: now, completedAt: null }, $inc: { replays: 1 } },
        { returnDocument: 'after' },
      )
      .lean<DeliveryDoc>()
      .exec();
    return doc === null ? null : toDelivery(doc);
  }

  async listPendingBefore(updatedBefore: string, limit: number): Promise<WebhookDelivery[]> {
    const docs = await this.model
      .find({ status: 'PENDING', updatedAt: { $lt: updatedBefore } })
      .sort({ updatedAt: 1, deliveryId: 1 })
      .limit(limit)
      .lean<DeliveryDoc[]>()
      .exec();
    return docs.map(toDelivery);
  }
}
