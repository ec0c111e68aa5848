import { BusNames, CONSUMER_DEFAULTS, ConsumerSettings, STREAM_DEFAULTS } from '@strata/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
  nanos,
} from 'nats';

function streamConfigs(names: BusNames): Array<Partial<StreamConfig> & { name: string; subjects: string[] }> {
  return [
    {
      name: names.streams.work,
      subjects: [`${names.prefix}.work.v1.>`],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(STREAM_DEFAULTS.duplicateWindowMs),
    },
    {
      name: names.streams.events,
      subjects: [names.allEvents],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(STREAM_DEFAULTS.eventsMaxAgeMs),
      duplicate_window: nanos(STREAM_DEFAULTS.duplicateWindowMs),
    },
    {
      name: names.streams.deadLetter,
      subjects: [`${names.prefix}.dlq.v1.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_age: nanos(STREAM_DEFAULTS.deadLetterMaxAgeMs),
    },
  ];
}

function isNotFound(error: unknown): boolean {
  const e = error as { api_error?: { err_code?: number }; code?: string; message?: string };
  return e?.api_error?.err_code === 10059 || e?.api_error?.err_code === 10014 || /not found/i.test(e?.message ?? '');
}

/** Creates the streams if missing (idempotent; safe when several processes start together). */
export async function ensureStreams(jsm: JetStreamManager, names: BusNames): Promise<void> {
  for (const config of streamConfigs(names)) {
    try {
      await jsm.streams.info(config.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (addError) {
        // Another process created it between our info and add.
        if (!/already in use|exists/i.test((addError as Error).message)) throw addError;
      }
    }
  }
}

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  settings: ConsumerSettings;
}

/** Creates or updates a durable pull consumer with explicit acks. */
export async function ensureConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const config = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(spec.settings.ackWaitMs),
    max_deliver: spec.settings.maxDeliver,
    max_ack_pending: spec.settings.maxAckPending,
    filter_subject: spec.filterSubject,
  };
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    await jsm.consumers.update(spec.stream, spec.durable, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
      max_ack_pending: config.max_ack_pending,
    });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.consumers.add(spec.stream, config);
    } catch (addError) {
      if (!/already in use|exists/i.test((addError as Error).message)) throw addError;
    }
  }
}

/** The durable consumer of one extractor in one tier (its own message group). */
export function workConsumerSpec(
  names: BusNames,
  extractor: string,
  tier: number,
  settings: ConsumerSettings = CONSUMER_DEFAULTS.work,
): DurableConsumerSpec {
  return {
    stream: names.streams.work,
    durable: names.workConsumer(extractor, tier),
    filterSubject: names.workSubject(extractor, tier),
    settings,
  };
}

/** Deletes every stream of a prefix (tests clean up after themselves with it). */
export async function deleteStreams(jsm: JetStreamManager, names: BusNames): Promise<void> {
  for (const config of streamConfigs(names)) {
    try {
      await jsm.streams.delete(config.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}
