/**
 * Delivery settings of every durable consumer, in one table (house rule: per-consumer defaults
 * live in one place). Values are milliseconds unless named otherwise.
 */
export interface ConsumerSettings {
  /** How long a delivered message may stay unacknowledged before redelivery. Handlers extend it with working(). */
  ackWaitMs: number;
  /** Deliveries before a message is given up; the handler records a failure on the last one. */
  maxDeliver: number;
  /** Nak delays by attempt (attempt 1 uses the first entry; the last entry repeats). */
  nakBackoffMs: readonly number[];
  /** Messages one consumer hands out before acks come back (flow control across all workers). */
  maxAckPending: number;
}

export const CONSUMER_DEFAULTS = {
  work: {
    // Short, kept alive by working() heartbeats every third of it while a handler runs, so a killed
    // worker's messages come back in ~10 s instead of 30 (docs/reliability.md, "Work runs once when nothing fails").
    ackWaitMs: 10_000,
    maxDeliver: 5,
    nakBackoffMs: [1_000, 5_000, 15_000, 30_000],
    maxAckPending: 256,
  },
  dispatcher: {
    ackWaitMs: 30_000,
    maxDeliver: 10,
    nakBackoffMs: [1_000, 5_000, 30_000, 60_000],
    maxAckPending: 1_000,
  },
} as const satisfies Record<string, ConsumerSettings>;

/** Stream retention settings. */
export const STREAM_DEFAULTS = {
  /** Window in which JetStream drops a re-published message with the same Nats-Msg-Id. */
  duplicateWindowMs: 10 * 60_000,
  eventsMaxAgeMs: 7 * 24 * 3_600_000,
  deadLetterMaxAgeMs: 30 * 24 * 3_600_000,
} as const;

/** The nak delay for a given delivery attempt (1-based). */
export function nakDelay(settings: Pick<ConsumerSettings, 'nakBackoffMs'>, attempt: number): number {
  const list = settings.nakBackoffMs;
  return list[Math.min(Math.max(attempt, 1), list.length) - 1] ?? 1_000;
}
