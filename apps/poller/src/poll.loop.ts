import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { BusNames, TierDrainedWakeUpV1, parseWorkItem } from '@strata/contracts';
import { systemClock } from '@strata/domain';
import { ensureStreams, subscribeWakeUps } from '@strata/messaging';
import { TOKENS } from '@strata/platform';
import { BatchCoordinator } from '@strata/poller-use-cases';
import type { EventPublisher, Logger, MetadataStore, ObjectStorage, TaskStore, VectorStore, WorkPublisher } from '@strata/ports';
import type { NatsConnection, Subscription } from 'nats';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { BatchTraces } from './batch-traces';
import type { PollerConfig } from './config';

export const POLLER_CONFIG = Symbol('PollerConfig');

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/**
 * The poller's loops: a timer and wake-ups claim batches; a heartbeat renews leases and re-checks
 * progress; JetStream's max-deliveries advisories turn messages no worker could settle into
 * recorded item failures.
 */
@Injectable()
export class PollLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly owner = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly coordinator: BatchCoordinator;
  private readonly timers: NodeJS.Timeout[] = [];
  private subscriptions: Subscription[] = [];
  private claiming: Promise<void> | null = null;
  private claimAgain = false;
  private readonly traces = new BatchTraces();

  constructor(
    @Inject(POLLER_CONFIG) private readonly config: PollerConfig,
    @Inject(TOKENS.logger) private readonly logger: Logger,
    @Inject(TOKENS.nats) private readonly nats: NatsConnection,
    @Inject(TOKENS.busNames) private readonly names: BusNames,
    @Inject(TOKENS.metadataStore) metadata: MetadataStore,
    @Inject(TOKENS.objectStorage) objects: ObjectStorage,
    @Inject(TOKENS.vectorStore) vectors: VectorStore,
    @Inject(TOKENS.taskStore) tasks: TaskStore,
    @Inject(TOKENS.publisher) publisher: WorkPublisher & EventPublisher,
  ) {
    const traced = this.traces.publisher(publisher);
    const namespaceIds = config.POLLER_NAMESPACES.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    this.coordinator = new BatchCoordinator(
      { metadata, objects, vectors, tasks, work: traced, events: traced, clock: systemClock, logger },
      {
        owner: this.owner,
        leaseMs: config.LEASE_MS,
        namespaceIds: namespaceIds.length > 0 ? namespaceIds : null,
        workChunkSize: config.WORK_CHUNK_SIZE,
        maxHeldBatches: config.MAX_HELD_BATCHES,
        publishWindow: config.PUBLISH_WINDOW,
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    await ensureStreams(jsm, this.names);
    this.subscriptions = subscribeWakeUps(
      this.nats,
      [this.names.wake.batchQueued, this.names.wake.tierDrained],
      (subject, payload, trace) => {
        if (subject === this.names.wake.batchQueued) {
          const batchId = (payload as { batch_id?: unknown } | null)?.batch_id;
          if (typeof batchId === 'string') this.traces.remember(batchId, trace);
          this.claim();
        }
        else if (payload !== null) this.coordinator.onTierDrained((payload as TierDrainedWakeUpV1).batch_id);
      },
    );
    this.subscriptions.push(
      this.nats.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.names.streams.work}.*`, {
        callback: (error, message) => {
          if (!error) void this.onMaxDeliveries(message.json<MaxDeliveriesAdvisory>());
        },
      }),
    );
    this.timers.push(setInterval(() => this.claim(), this.config.POLL_INTERVAL_MS));
    this.timers.push(
      setInterval(() => {
        this.coordinator.heartbeat().catch((err: unknown) => this.logger.error({ err: (err as Error).message }, 'heartbeat failed'));
      }, Math.max(250, Math.floor(this.config.LEASE_MS / 3))),
    );
    this.timers.push(
      setInterval(() => {
        this.coordinator
          .refreshTaskProgress()
          .catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'task progress refresh failed'));
      }, this.config.PROGRESS_INTERVAL_MS),
    );
    this.logger.info({ owner: this.owner, poll_interval_ms: this.config.POLL_INTERVAL_MS, lease_ms: this.config.LEASE_MS }, 'poller started');
    this.claim();
  }

  /** Claims now; calls that arrive while a claim runs cause exactly one more pass after it. */
  claim(): void {
    if (this.claiming !== null) {
      this.claimAgain = true;
      return;
    }
    this.claiming = (async () => {
      do {
        this.claimAgain = false;
        try {
          await this.coordinator.claimAvailable();
        } catch (error) {
          this.logger.error({ err: (error as Error).message }, 'claim failed; retrying at the next poll');
        }
      } while (this.claimAgain);
    })().finally(() => {
      this.claiming = null;
    });
  }

  private async onMaxDeliveries(advisory: MaxDeliveriesAdvisory): Promise<void> {
    try {
      const jsm = await this.nats.jetstreamManager();
      const stored = await jsm.streams.getMessage(advisory.stream, { seq: advisory.stream_seq });
      const parsed = parseWorkItem(stored.json());
      if (!parsed.ok) {
        this.logger.error({ seq: advisory.stream_seq, reason: parsed.reason }, 'undeliverable message is not a work item');
        return;
      }
      const recorded = await this.coordinator.recordExhausted(parsed.item, advisory.deliveries);
      await jsm.streams.deleteMessage(advisory.stream, advisory.stream_seq);
      this.logger.error(
        { batch_id: parsed.item.batch_id, tier: parsed.item.tier, chunk: parsed.item.chunk, items: recorded, deliveries: advisory.deliveries },
        'work message exhausted its deliveries; its items are recorded as failed',
      );
    } catch (error) {
      // Already acked and gone (the last attempt succeeded after all), or the stream is unreachable.
      this.logger.warn({ seq: advisory.stream_seq, err: (error as Error).message }, 'max-deliveries advisory not applied');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.subscriptions) s.unsubscribe();
    await this.claiming;
    await this.coordinator.stop();
    this.logger.info({ owner: this.owner }, 'poller stopped; leases released');
  }
}
