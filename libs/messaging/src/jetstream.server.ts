import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { BusNames, HEADERS, nakDelay } from '@strata/contracts';
import type { Logger } from '@strata/ports';
import { ConsumerMessages, JsMsg, NatsConnection, headers as natsHeaders } from 'nats';
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
}

class Semaphore {
  private waiting: Array<() => void> = [];
  constructor(private available: number) {}
  async acquire(): Promise<void> {
    if (this.available > 0) {
      this.available -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available += 1;
  }
}

/**
 * A NestJS transport over JetStream durable pull consumers, so handlers are declared with
 * `@EventPattern` like any Nest transport but get at-least-once delivery with explicit acks:
 * - the message is acked when the handler returns without settling it itself;
 * - `working()` is sent while the handler runs, every third of ack_wait, so long items are not
 *   redelivered to another worker mid-way;
 * - a throwing handler's message is nak'ed with the consumer's backoff;
 * - on the last allowed delivery a throwing handler's message is copied to the dead-letter stream
 *   with the reason, then terminated: never dropped silently.
 */
export class JetStreamServer extends Server implements CustomTransportStrategy {
  private readonly streams: ConsumerMessages[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly semaphore: Semaphore;
  private closing = false;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.semaphore = new Semaphore(options.concurrency);
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
        const messages = await consumer.consume({ max_messages: subscription.consumer.settings.pullBatch });
        this.streams.push(messages);
        void this.pump(subscription, messages);
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  private async pump(subscription: JetStreamSubscription, messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        if (this.closing) {
          // Hand it back at once so another worker picks it up instead of waiting for ack_wait.
          message.nak();
          continue;
        }
        await this.semaphore.acquire();
        const task = this.handle(subscription, message).finally(() => {
          this.semaphore.release();
          this.inFlight.delete(task);
        });
        this.inFlight.add(task);
      }
    } catch (error) {
      if (!this.closing) {
        this.options.logger.error({ err: error, consumer: subscription.consumer.durable }, 'consumer loop failed');
      }
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
    for (const messages of this.streams) messages.stop();
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
