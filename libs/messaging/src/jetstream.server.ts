import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { BusNames, HEADERS, nakDelay } from '@strata/contracts';
import type { Logger, Metrics } from '@strata/ports';
import { Consumer, JsMsg, NatsConnection, headers as natsHeaders } from 'nats';
import { lastValueFrom } from 'rxjs';
import { JetStreamContext } from './jetstream.context';
import { DurableConsumerSpec, ensureConsumer, ensureStreams } from './jetstream-topology';
import { extractTraceHeaders, inConsumerSpan } from './trace-context';

export interface JetStreamSubscription {
  /** The `@EventPattern` whose handler receives this consumer's messages. */
  pattern: string;
  consumer: DurableConsumerSpec;
}

export interface JetStreamServerOptions {
  connection: NatsConnection;
  names: BusNames;
  subscriptions: readonly JetStreamSubscription[];
  /** Handlers running at once in this process, across all subscriptions. */
  concurrency: number;
  logger: Logger;
  /** How long close() waits for running handlers before giving up on them. */
  shutdownTimeoutMs?: number;
  /** Where to count deliveries (served on the app's health); a fresh object when absent. */
  counters?: DeliveryCounters;
  /** Where redeliveries are exported (strata_message_redeliveries_total). */
  metrics?: Pick<Metrics, 'messageRedelivered'>;
}

class Semaphore {
  private waiting: Array<() => void> = [];
  private freed: Array<() => void> = [];
  constructor(private available: number) {}
  get free(): number {
    return this.available;
  }
  /** Resolves once a slot is free, without taking it. */
  async whenFree(): Promise<void> {
    if (this.available > 0) return;
    await new Promise<void>((resolve) => this.freed.push(resolve));
  }
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) {
      next();
      return;
    }
    this.available += 1;
    for (const wake of this.freed.splice(0)) wake();
  }
}

/** How long one pull waits for a message (NATS' minimum is 1 s); a closing server waits at most this long for it. */
const PULL_EXPIRES_MS = 5_000;

export function newDeliveryCounters(): DeliveryCounters {
  return { delivered: 0, redelivered: 0, redeliveredWithoutNak: 0 };
}

/** Counts of this process, served on the worker's health (docs/reliability.md "Work runs once"). */
export interface DeliveryCounters {
  /** Messages handled. */
  delivered: number;
  /** Messages that came with a delivery count above 1. */
  redelivered: number;
  /** Of those, the ones this process had not nak'ed itself: redelivered because an ack wait ran out (a fault or a stall). */
  redeliveredWithoutNak: number;
}

/**
 * A NestJS transport over JetStream durable pull consumers, so handlers are declared with
 * `@EventPattern` like any Nest transport but get at-least-once delivery with explicit acks:
 * - a message is pulled only while a handler slot is free (one at a time per consumer), so
 *   messages do not queue inside the process where their ack wait would run out
 *   (docs/reliability.md "Work runs once");
 * - the message is acked when the handler returns without settling it itself;
 * - `working()` is sent while the handler runs (and while a message waits for a slot), every
 *   third of ack_wait, so long items are not redelivered to another worker mid-way;
 * - a throwing handler's message is nak'ed with the consumer's backoff;
 * - on the last allowed delivery a throwing handler's message is copied to the dead-letter stream
 *   with the reason, then terminated: never dropped silently;
 * - redeliveries are counted (counters()); one this process did not nak is logged as a warning.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly semaphore: Semaphore;
  private closing = false;
  private readonly stats: DeliveryCounters;
  /** Stream sequences this process nak'ed: their redelivery is expected, not a lost ack wait. */
  private readonly naked = new Set<number>();

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.semaphore = new Semaphore(options.concurrency);
    this.stats = options.counters ?? newDeliveryCounters();
  }

  on(): never {
    throw new Error('JetStreamServer does not emit events');
  }

  unwrap<T>(): T {
    return this.options.connection as T;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const jsm = await this.options.connection.jetstreamManager();
      await ensureStreams(jsm, this.options.names);
      const js = this.options.connection.jetstream();
      for (const subscription of this.options.subscriptions) {
        if (this.getHandlerByPattern(subscription.pattern) === null) {
          throw new Error(`no @EventPattern handler for ${subscription.pattern}`);
        }
        await ensureConsumer(jsm, subscription.consumer);
        const consumer = await js.consumers.get(subscription.consumer.stream, subscription.consumer.durable);
        void this.pump(subscription, consumer);
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** This process's delivery counts (health and logs). */
  counters(): DeliveryCounters {
    return { ...this.stats };
  }

  /**
   * Pulls one message at a time, only while a handler slot is free. Several consumers may pull at
   * once for the last free slot; a message that then waits for a slot is kept alive with working()
   * so its ack wait never runs out inside this process.
   */
  private async pump(subscription: JetStreamSubscription, consumer: Consumer): Promise<void> {
    const settings = subscription.consumer.settings;
    let failures = 0;
    while (!this.closing) {
      await this.semaphore.whenFree();
      if (this.closing) break;
      let message: JsMsg | null;
      try {
        message = await consumer.next({ expires: Math.max(1_000, Math.min(PULL_EXPIRES_MS, settings.ackWaitMs)) });
        failures = 0;
      } catch (error) {
        if (this.closing) break;
        failures += 1;
        this.options.logger.error({ err: error, consumer: subscription.consumer.durable }, 'pull failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** failures, 5_000)).unref());
        continue;
      }
      if (message === null) continue;
      if (this.closing) {
        // Hand it back at once so another worker picks it up instead of waiting for ack_wait.
        message.nak();
        break;
      }
      const waiting = this.semaphore.free > 0 ? null : setInterval(() => message?.working(), Math.max(1_000, Math.floor(settings.ackWaitMs / 3)));
      await this.semaphore.acquire();
      if (waiting !== null) clearInterval(waiting);
      const task = this.handle(subscription, message).finally(() => {
        this.semaphore.release();
        this.inFlight.delete(task);
      });
      this.inFlight.add(task);
    }
  }

  private async handle(subscription: JetStreamSubscription, message: JsMsg): Promise<void> {
    const settings = subscription.consumer.settings;
    const context = new JetStreamContext(message, settings.maxDeliver, (reason) => this.deadLetter(message, reason));
    const heartbeat = setInterval(() => context.working(), Math.max(1_000, Math.floor(settings.ackWaitMs / 3)));
    const log = this.options.logger.child({
      consumer: subscription.consumer.durable,
      subject: message.subject,
      seq: message.seq,
      delivery: context.deliveryCount,
      correlation_id: context.correlationId,
    });
    this.stats.delivered += 1;
    if (context.deliveryCount > 1) {
      this.stats.redelivered += 1;
      const afterNak = this.naked.delete(message.seq);
      this.options.metrics?.messageRedelivered(subscription.consumer.durable, message.subject, afterNak ? 'nak' : 'ack_wait');
      if (!afterNak) {
        this.stats.redeliveredWithoutNak += 1;
        log.warn({ redelivered_without_nak: this.stats.redeliveredWithoutNak }, 'message redelivered after its ack wait ran out (a dead worker, or a stall)');
      }
    }
    try {
      let payload: unknown;
      try {
        payload = message.json();
      } catch (error) {
        await context.deadLetter(`payload is not JSON: ${(error as Error).message}`);
        log.error({}, 'undecodable message dead-lettered');
        return;
      }
      const handler = this.getHandlerByPattern(subscription.pattern);
      if (handler === null) throw new Error(`no handler for ${subscription.pattern}`);
      // The handler runs in a span continuing the publisher's trace (W3C headers on the message).
      await inConsumerSpan(
        `process ${subscription.consumer.durable}`,
        extractTraceHeaders(message.headers),
        { 'messaging.system': 'nats', 'messaging.destination.name': message.subject, 'messaging.consumer.group.name': subscription.consumer.durable, 'messaging.message.delivery_count': context.deliveryCount },
        async () => lastValueFrom(this.transformToObservable(await handler(payload, context)), { defaultValue: undefined }),
      );
      context.ack();
    } catch (error) {
      if (context.settled !== null) {
        log.error({ err: describe(error) }, 'handler failed after settling its message');
        return;
      }
      if (context.isLastDelivery) {
        await context.deadLetter(`deliveries exhausted: ${describe(error).message}`);
        log.error({ err: describe(error) }, 'handler failed on the last delivery; message dead-lettered');
      } else {
        const delay = nakDelay(settings, context.deliveryCount);
        if (this.naked.size > 10_000) this.naked.clear();
        this.naked.add(message.seq);
        context.nak(delay);
        log.warn({ err: describe(error), retry_in_ms: delay }, 'handler failed; message will be redelivered');
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async deadLetter(message: JsMsg, reason: string): Promise<void> {
    const h = natsHeaders();
    if (message.headers) for (const [k, v] of message.headers) for (const value of v) h.append(k, value);
    h.set(HEADERS.deadLetterReason, reason.slice(0, 1_000));
    h.delete(HEADERS.messageId);
    await this.options.connection
      .jetstream()
      .publish(this.options.names.deadLetterSubject(message.subject), message.data, { headers: h });
  }

  /** Stops pulling, lets running handlers finish (bounded), hands buffered messages back. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const timeout = this.options.shutdownTimeoutMs ?? 20_000;
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, timeout).unref()),
    ]);
  }
}

function describe(error: unknown): { message: string; name?: string; stack?: string } {
  if (error instanceof Error) return { message: error.message, name: error.name, stack: error.stack };
  if (typeof error === 'object' && error !== null && 'message' in error) return { message: String((error as { message: unknown }).message) };
  return { message: String(error) };
}
