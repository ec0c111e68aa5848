import type { DomainEventV1 } from '@strata/contracts';
import type { OutboxClaim, OutboxEntry, OutboxMessage, OutboxRepository } from '@strata/ports';
import type { ClientSession, Model } from 'mongoose';
import type { OutboxDoc } from './mongo-models';
import type { MongoTransactions } from './mongo-transactions';

/** Session option of a write: inside the caller's transaction, or none. */
export const inSession = (session: ClientSession | null): { session?: ClientSession } => (session === null ? {} : { session });

/**
 * Writes outbox rows (insert-if-absent by event id) within `session` when there is one. The
 * batch repository calls it right after a state change applied: in its transaction when the
 * server has them, else as the next ordered write (docs/adr/0095-transactional-outbox.md).
 */
export async function insertOutbox(
  model: Model<OutboxDoc>,
  messages: readonly OutboxMessage[] | undefined,
  nowMs: number,
  session: ClientSession | null,
): Promise<void> {
  if (messages === undefined || messages.length === 0) return;
  await model.bulkWrite(
    messages.map((m) => ({
      updateOne: {
        filter: { eventId: m.event.event_id },
        update: {
          $setOnInsert: {
            event: m.event,
            correlationId: m.correlationId ?? null,
            createdAtMs: nowMs,
            attempts: 0,
            nextAttemptAtMs: 0,
            claimedBy: null,
            claimExpiresAtMs: null,
            lastError: null,
            sentAtMs: null,
          },
        },
        upsert: true,
      },
    })),
    { ordered: true, ...inSession(session) },
  );
}

/**
 * Runs `write` with its lifecycle events: the events are written when `applied(result)` says the
 * change took effect, in one transaction when there are events and the server has them, else as
 * the next ordered write (docs/adr/0095-transactional-outbox.md).
 */
export async function writeWithEvents<T>(
  tx: MongoTransactions,
  outboxModel: Model<OutboxDoc> | null,
  outbox: readonly OutboxMessage[] | undefined,
  applied: (result: T) => boolean,
  write: (session: ClientSession | null) => Promise<T>,
): Promise<T> {
  const run = async (session: ClientSession | null): Promise<T> => {
    const result = await write(session);
    if (applied(result) && outboxModel !== null) await insertOutbox(outboxModel, outbox, Date.now(), session);
    return result;
  };
  return outbox === undefined || outbox.length === 0 ? run(null) : tx.run(run);
}

/** The outbox collection of the MongoDB metadata store; each claim is a conditional single-document write. */
export class MongoOutboxRepository implements OutboxRepository {
  constructor(private readonly model: Model<OutboxDoc>) {}

  async add(messages: readonly OutboxMessage[], nowMs: number): Promise<void> {
    await insertOutbox(this.model, messages, nowMs, null);
  }

  async claim(r: OutboxClaim): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    while (out.length < r.limit) {
      const doc = await this.model
        .findOneAndUpdate(
          {
            sentAtMs: null,
            createdAtMs: { $lt: r.createdBefore },
            nextAttemptAtMs: { $lte: r.now },
            $or: [{ claimExpiresAtMs: null }, { claimExpiresAtMs: { $lt: r.now } }],
          },
          { $set: { claimedBy: r.owner, claimExpiresAtMs: r.now + r.leaseMs } },
          { sort: { createdAtMs: 1, _id: 1 }, returnDocument: 'after' },
        )
        .lean<OutboxDoc>()
        .exec();
      if (doc === null) break;
      out.push({ event: doc.event as DomainEventV1, correlationId: doc.correlationId ?? null, attempts: doc.attempts ?? 0, createdAtMs: doc.createdAtMs });
    }
    return out;
  }

  async markSent(eventIds: readonly string[], nowMs: number): Promise<void> {
    if (eventIds.length === 0) return;
    await this.model
      .updateMany({ eventId: { $in: [...eventIds] }, sentAtMs: null }, { $set: { sentAtMs: nowMs, claimedBy: null, claimExpiresAtMs: null } })
      .exec();
  }

  async retryLater(eventId: string, nextAttemptAtMs: number, error: string): Promise<void> {
    await this.model
      .updateOne(
        { eventId, sentAtMs: null },
        { $set: { nextAttemptAtMs, lastError: error.slice(0, 1000), claimedBy: null, claimExpiresAtMs: null }, $inc: { attempts: 1 } },
      )
      .exec();
  }

  async pruneSent(beforeMs: number): Promise<number> {
    const result = await this.model.deleteMany({ sentAtMs: { $ne: null, $lt: beforeMs } }).exec();
    return result.deletedCount;
  }

  async pendingCount(): Promise<number> {
    return this.model.countDocuments({ sentAtMs: null }).exec();
  }
}
