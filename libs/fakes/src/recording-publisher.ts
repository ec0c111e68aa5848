import type { DomainEventType, DomainEventV1, WorkItemV1 } from '@strata/contracts';
import type { EventPublisher, WorkPublisher } from '@strata/ports';
import { copy } from './copy';

export type PublishKind = 'work' | 'event';

/**
 * WorkPublisher and EventPublisher that record what was published (every successful call, in
 * order, without the bus's de-duplication so tests can see re-publishing). It can be told to fail
 * the next N publishes, and to hold work publishes until released (a slow bus, or a shutdown
 * that lands mid-publish).
 */
export class RecordingPublisher implements WorkPublisher, EventPublisher {
  readonly work: Array<{ item: WorkItemV1; correlationId: string | undefined }> = [];
  readonly events: Array<{ event: DomainEventV1; correlationId: string | undefined }> = [];
  /** Publishes that were refused because of failNext. */
  failedAttempts = 0;
  private readonly failures: Record<PublishKind | 'any', number> = { work: 0, event: 0, any: 0 };
  private failure: Error = new Error('publish failed (RecordingPublisher.failNext)');
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  private held = 0;

  /** Makes the next `count` publishes (of `kind`, or of any kind) reject with `error`. */
  failNext(count: number, options: { kind?: PublishKind | 'any'; error?: Error } = {}): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError('failNext(count) needs an integer >= 0');
    this.failures[options.kind ?? 'any'] += count;
    if (options.error !== undefined) this.failure = options.error;
  }

  /** Holds every publishWork from now on until resumeWork(). */
  pauseWork(): void {
    if (this.gate !== null) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => {
      open = resolve;
    });
    this.gate = { promise, open };
  }

  resumeWork(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.open();
  }

  /** publishWork calls waiting at the gate right now. */
  get heldWork(): number {
    return this.held;
  }

  async publishWork(item: WorkItemV1, correlationId?: string): Promise<void> {
    // A call waits for the gate that was closed when it arrived: resumeWork() then pauseWork()
    // lets the held calls through and holds the next ones.
    const gate = this.gate;
    if (gate !== null) {
      this.held += 1;
      try {
        await gate.promise;
      } finally {
        this.held -= 1;
      }
    }
    this.maybeFail('work');
    this.work.push({ item: copy(item), correlationId });
  }

  async publishEvent(event: DomainEventV1, correlationId?: string): Promise<void> {
    this.maybeFail('event');
    this.events.push({ event: copy(event), correlationId });
  }

  /** Work items published, in order. */
  workItems(): WorkItemV1[] {
    return this.work.map((w) => w.item);
  }

  /** Event types published, in order. */
  eventTypes(): DomainEventType[] {
    return this.events.map((e) => e.event.event_type);
  }

  eventsOf(type: DomainEventType): DomainEventV1[] {
    return this.events.filter((e) => e.event.event_type === type).map((e) => e.event);
  }

  private maybeFail(kind: PublishKind): void {
    const bucket = this.failures[kind] > 0 ? kind : this.failures.any > 0 ? 'any' : null;
    if (bucket === null) return;
    this.failures[bucket] -= 1;
    this.failedAttempts += 1;
    throw this.failure;
  }
}
