import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { DomainEventV1 } from '@strata/contracts';
import { DEFAULT_OUTBOX_RELAY_OPTIONS, OutboxRelay } from '@strata/messaging';
import type { EventPublisher, Logger, MetadataStore, WorkPublisher } from '@strata/ports';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { TOKENS } from './tokens';

/** Options of the relay a CoreModule app runs (from OUTBOX_RELAY_* in BaseEnv). */
export const OUTBOX_RELAY_OPTIONS = Symbol('OutboxRelayOptions');

/**
 * Runs the outbox relay (docs/adr/0095-transactional-outbox.md) in the processes that write domain
 * events into the outbox: batch-api and the poller. Stops before the stores close.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(TOKENS.metadataStore) metadata: MetadataStore,
    @Inject(TOKENS.publisher) publisher: EventPublisher,
    @Inject(TOKENS.logger) logger: Logger,
    @Inject(OUTBOX_RELAY_OPTIONS) options: { intervalMs: number; graceMs: number },
  ) {
    this.relay = new OutboxRelay(metadata.outbox, publisher, logger.child({ component: 'outbox-relay' }), {
      ...DEFAULT_OUTBOX_RELAY_OPTIONS,
      ...options,
      owner: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    });
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/**
 * Test-only fault knob FAULT_KILL_BEFORE_EVENT_PUBLISH (docs/reliability.md): kills this process
 * with SIGKILL right before it publishes an event of `eventType`. Every domain event the poller and
 * batch-api publish has committed to the outbox by then, so this is a crash between commit and
 * publish. Production code on purpose: the suite drives the built apps that ship.
 */
export class KillBeforePublish implements WorkPublisher, EventPublisher {
  constructor(
    private readonly inner: WorkPublisher & EventPublisher,
    private readonly eventType: string,
    private readonly logger: Logger,
  ) {}

  publishWork(...args: Parameters<WorkPublisher['publishWork']>): Promise<void> {
    return this.inner.publishWork(...args);
  }

  async publishEvent(event: DomainEventV1, correlationId?: string): Promise<void> {
    if (event.event_type === this.eventType) {
      this.logger.warn({ event_id: event.event_id, event_type: event.event_type }, 'fault injection: killing this process before publishing (FAULT_KILL_BEFORE_EVENT_PUBLISH)');
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    }
    await this.inner.publishEvent(event, correlationId);
  }
}
