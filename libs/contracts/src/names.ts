/**
 * Every cross-process name in Strata: JetStream streams, subjects, durable consumers, core-NATS
 * wake-up subjects and Redis key prefixes.
 *
 * These strings are a public contract for internal event subscribers and for operators.
 * Changing any produced value (for the default prefix `strata`) is a BREAKING CHANGE: bump the
 * subject version segment (`v1`) instead and keep publishing the old one until subscribers move.
 *
 * All names derive from one prefix so several Strata installations (or test runs) can share one
 * NATS and one Redis without seeing each other's messages.
 */
export const DEFAULT_PREFIX = 'strata';

const PREFIX_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export function assertPrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`prefix '${prefix}' must match ${PREFIX_PATTERN} (lowercase letters, digits and dashes)`);
  }
  return prefix;
}

/** `text_extractor@v1` -> `text_extractor_v1` (Mixpeek's feature_extractor_id form). */
export function extractorId(extractor: string): string {
  return extractor.replace('@', '_');
}

export interface BusNames {
  readonly prefix: string;
  readonly streams: {
    /** Work-queue stream of work items (retention: workqueue; each message consumed once). */
    readonly work: string;
    /** Domain events (retention: limits, 7 days); the webhook dispatcher and subscribers read it. */
    readonly events: string;
    /** Messages no handler could settle, kept for inspection (retention: limits, 30 days). */
    readonly deadLetter: string;
  };
  /** Subject of work items for one extractor in one tier: `strata.work.v1.<extractor_id>.t<tier>`. */
  workSubject(extractor: string, tier: number): string;
  /** Durable consumer of one extractor in one tier: `strata-work-<extractor_id>-t<tier>`. */
  workConsumer(extractor: string, tier: number): string;
  /** Subject of a domain event: `strata.events.v1.<event_type>`. */
  eventSubject(eventType: string): string;
  /** Wildcard matching every domain event. */
  readonly allEvents: string;
  /** Where a message goes when it cannot be settled: `strata.dlq.v1.<original subject>`. */
  deadLetterSubject(originalSubject: string): string;
  /** Durable consumer of the webhook dispatcher on all events. */
  readonly dispatcherConsumer: string;
  /** Core NATS (lossy) wake-ups: a hint to act now instead of at the next poll. */
  readonly wake: {
    readonly batchQueued: string;
    readonly tierDrained: string;
  };
  /** Redis key prefix for tasks and jobs: `strata:`. */
  readonly redisPrefix: string;
}

export function busNames(prefix: string = DEFAULT_PREFIX): BusNames {
  assertPrefix(prefix);
  const upper = prefix.toUpperCase().replace(/-/g, '_');
  return {
    prefix,
    streams: { work: `${upper}_WORK`, events: `${upper}_EVENTS`, deadLetter: `${upper}_DLQ` },
    workSubject: (extractor, tier) => `${prefix}.work.v1.${extractorId(extractor)}.t${tier}`,
    workConsumer: (extractor, tier) => `${prefix}-work-${extractorId(extractor)}-t${tier}`,
    eventSubject: (eventType) => `${prefix}.events.v1.${eventType}`,
    allEvents: `${prefix}.events.v1.>`,
    deadLetterSubject: (original) => `${prefix}.dlq.v1.${original}`,
    dispatcherConsumer: `${prefix}-webhook-dispatcher`,
    wake: { batchQueued: `${prefix}.wake.v1.batch-queued`, tierDrained: `${prefix}.wake.v1.tier-drained` },
    redisPrefix: `${prefix}:`,
  };
}

/** NATS message headers Strata sets. */
export const HEADERS = {
  /** Correlates log lines across processes for one request or batch. */
  correlationId: 'Strata-Correlation-Id',
  /** JetStream's own de-duplication header. */
  messageId: 'Nats-Msg-Id',
  /** On dead letters: why the message could not be settled. */
  deadLetterReason: 'Strata-Dead-Letter-Reason',
} as const;
