import type { EventPublisher, Logger, OutboxEntry, OutboxRepository } from '@strata/ports';

export interface OutboxRelayOptions {
  /** This relay's id in claims (host-pid-random). */
  owner: string;
  /** Time between runs when nothing is pending (ms). */
  intervalMs: number;
  /**
   * Head start of the writer's own publish right after the commit (ms): the relay leaves a row
   * alone until it is this old, so in normal operation each event is published once.
   */
  graceMs: number;
  /** How long a claim keeps other relays off the claimed rows (ms). */
  leaseMs: number;
  /** Rows per claim. */
  batchSize: number;
  /** Back-off after a failed publish doubles from 1 s up to this (ms). */
  maxBackoffMs: number;
  /** Sent rows are deleted after this (ms); far longer than JetStream's de-duplication window. */
  retentionMs: number;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS: Omit<OutboxRelayOptions, 'owner'> = {
  intervalMs: 1_000,
  graceMs: 2_000,
  leaseMs: 30_000,
  batchSize: 100,
  maxBackoffMs: 60_000,
  retentionMs: 3_600_000,
};

/** What one run did. */
export interface RelayRun {
  published: number;
  failed: number;
}

/**
 * Publishes the transactional outbox (docs/adr/0095-transactional-outbox.md). The process that
 * writes a state change publishes its event right after the commit and marks the row sent; this
 * relay, running in the same processes (batch-api and the poller), publishes every row still
 * unsent after `graceMs`: the events of a process that died between commit and publish, or whose
 * publish failed. Rows are claimed under a lease so two relays do not both take a row; should
 * they overlap anyway (a lease ran out mid-publish, or the writer's publish and a relay meet),
 * `Nats-Msg-Id = event_id` makes JetStream drop the second copy within its de-duplication window.
 * A failed publish is retried with back-off; rows survive restarts (they are in the metadata store).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private lastPrune = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: claims due rows, publishes each with its event id as de-duplication id, marks them sent. */
  async runOnce(): Promise<RelayRun> {
    const now = this.clock();
    const entries = await this.outbox.claim({
      owner: this.options.owner,
      now,
      leaseMs: this.options.leaseMs,
      createdBefore: now - this.options.graceMs,
      limit: this.options.batchSize,
    });
    const run: RelayRun = { published: 0, failed: 0 };
    const sent: string[] = [];
    for (const entry of entries) {
      if (await this.publish(entry)) {
        sent.push(entry.event.event_id);
        run.published += 1;
      } else {
        run.failed += 1;
      }
    }
    await this.outbox.markSent(sent, this.clock());
    if (run.published > 0) this.logger.info({ published: run.published, failed: run.failed }, 'outbox relay published events left unsent');
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.outbox.pruneSent(now - this.options.retentionMs);
    }
    return run;
  }

  private async publish(entry: OutboxEntry): Promise<boolean> {
    try {
      await this.publisher.publishEvent(entry.event, entry.correlationId ?? undefined);
      return true;
    } catch (error) {
      const delay = Math.min(1_000 * 2 ** Math.min(entry.attempts, 16), this.options.maxBackoffMs);
      this.logger.warn(
        { event_id: entry.event.event_id, event_type: entry.event.event_type, attempts: entry.attempts + 1, retry_in_ms: delay, err: (error as Error).message },
        'outbox relay could not publish; will retry',
      );
      await this.outbox.retryLater(entry.event.event_id, this.clock() + delay, (error as Error).message);
      return false;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce()
        .then((run) => this.schedule(run.published + run.failed >= this.options.batchSize ? 0 : this.options.intervalMs))
        .catch((error: unknown) => {
          this.logger.warn({ err: (error as Error).message }, 'outbox relay run failed; retrying');
          this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
