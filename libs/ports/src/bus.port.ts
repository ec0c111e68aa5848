import type {
  BatchQueuedWakeUpV1,
  DomainEventV1,
  TierDrainedWakeUpV1,
  WorkItemV1,
} from '@strata/contracts';

/** Durable publishing (JetStream): resolves once the server has stored the message. */
export interface WorkPublisher {
  /** Publishes a work item; republishing the same chunk is de-duplicated by the bus. */
  publishWork(item: WorkItemV1, correlationId?: string): Promise<void>;
}

export interface EventPublisher {
  /** Publishes a domain event; `event_id` is the de-duplication key. */
  publishEvent(event: DomainEventV1, correlationId?: string): Promise<void>;
}

/** Lossy, immediate hints (core NATS). Callers must not rely on delivery. */
export interface WakeUps {
  batchQueued(payload: BatchQueuedWakeUpV1): void;
  tierDrained(payload: TierDrainedWakeUpV1): void;
}

/** Request/reply over the bus (core NATS): used to call out-of-process extractors. */
export interface RequestReply {
  /** @throws when nobody answers within `timeoutMs` or no responder is subscribed. */
  request(subject: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
}
