import type { DomainEventV1 } from '@strata/contracts';
import type { EventPublisher } from './bus.port';
import type { Logger } from './logger.port';

/**
 * A domain event written into the transactional outbox together with the state change it
 * reports (docs/adr/0095-transactional-outbox.md). `correlationId` travels with it to the bus.
 */
export interface OutboxMessage {
  event: DomainEventV1;
  correlationId?: string | null;
}

/** An outbox row a relay claimed. */
export interface OutboxEntry {
  event: DomainEventV1;
  correlationId: string | null;
  /** Publish attempts made by relays so far (0 for a row nobody tried yet). */
  attempts: number;
  /** Epoch ms at which the row was written. */
  createdAtMs: number;
}

export interface OutboxClaim {
  /** The relay's owner id (host-pid-random). */
  owner: string;
  /** Epoch ms. */
  now: number;
  /** How long the claim keeps other relays off the rows. */
  leaseMs: number;
  /** Only rows written before this epoch ms: the writer's own publish right after the commit gets a head start. */
  createdBefore: number;
  limit: number;
}

/**
 * The transactional outbox. Rows are added only by the state-changing writes of the repositories
 * (same transaction: submit, claimNext, changeStatus, completeTier, reopenForRetry) or by `add`;
 * a relay claims unsent rows under a lease, publishes them with `Nats-Msg-Id = event_id` and marks
 * them sent. Insert is by event id and ignores an id already present (sent or not).
 */
export interface OutboxRepository {
  /** Adds events outside a state change (insert-if-absent by event id). */
  add(messages: readonly OutboxMessage[], nowMs: number): Promise<void>;
  /** Claims unsent rows whose next attempt is due and that no live claim holds, oldest first. */
  claim(request: OutboxClaim): Promise<OutboxEntry[]>;
  /** Marks rows sent (by a relay or by the writer's own publish); idempotent. */
  markSent(eventIds: readonly string[], nowMs: number): Promise<void>;
  /** A publish failed: drops the claim, counts the attempt and sets when to try again. */
  retryLater(eventId: string, nextAttemptAtMs: number, error: string): Promise<void>;
  /** Deletes rows sent before `beforeMs`; returns how many. */
  pruneSent(beforeMs: number): Promise<number>;
  /** Rows not sent yet (a gauge for operators and tests). */
  pendingCount(): Promise<number>;
}

/**
 * The writer's own publish of events it just committed to the outbox: publishes each and marks
 * it sent. A failure is logged and left to the relay (the row stays unsent), never thrown: the
 * state change is committed.
 */
export async function publishCommitted(
  deps: { events: EventPublisher; outbox: OutboxRepository; logger: Logger },
  messages: readonly OutboxMessage[],
): Promise<void> {
  const sent: string[] = [];
  for (const m of messages) {
    try {
      await deps.events.publishEvent(m.event, m.correlationId ?? undefined);
      sent.push(m.event.event_id);
    } catch (error) {
      deps.logger.warn({ event_id: m.event.event_id, event_type: m.event.event_type, err: (error as Error).message }, 'could not publish event; the outbox relay will');
    }
  }
  try {
    await deps.outbox.markSent(sent, Date.now());
  } catch (error) {
    // The relay re-publishes them after its grace; JetStream drops the copies (same msg id).
    deps.logger.warn({ err: (error as Error).message, events: sent.length }, 'could not mark events sent');
  }
}
