import { Controller, INestMicroservice } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { BusNames, HEADERS, busNames } from '@strata/contracts';
import { silentLogger } from '@strata/ports';
import { NATS_URL, cleanupPrefix, uniquePrefix, waitFor } from '@strata/testing';
import { NatsConnection, connect } from 'nats';
import { JetStreamContext } from './jetstream.context';
import { ensureStreams } from './jetstream-topology';
import { JetStreamServer } from './jetstream.server';
import { JetStreamErrorFilter } from './jetstream-error.filter';

const PATTERN = 'test.work';
const received: Array<{ payload: unknown; delivery: number; last: boolean }> = [];
let behaviour: (payload: { id: string }, ctx: JetStreamContext) => Promise<void> = async () => undefined;

@Controller()
class TestHandler {
  @EventPattern(PATTERN)
  async handle(@Payload() payload: { id: string }, @Ctx() ctx: JetStreamContext): Promise<void> {
    received.push({ payload, delivery: ctx.deliveryCount, last: ctx.isLastDelivery });
    await behaviour(payload, ctx);
  }
}

describe('JetStreamServer (real NATS JetStream)', () => {
  let prefix: string;
  let names: BusNames;
  let nc: NatsConnection;
  let app: INestMicroservice;
  let server: JetStreamServer;
  const extractor = 'probe@v1';
  /** What the server exported as strata_message_redeliveries_total. */
  const redeliveries: Array<{ consumer: string; subject: string; cause: string }> = [];

  beforeEach(async () => {
    prefix = uniquePrefix('js');
    names = busNames(prefix);
    received.length = 0;
    redeliveries.length = 0;
    nc = await connect({ servers: NATS_URL });
    await ensureStreams(await nc.jetstreamManager(), names);
    const moduleRef = await Test.createTestingModule({ controllers: [TestHandler] }).compile();
    server = new JetStreamServer({
        connection: nc,
        names,
        logger: silentLogger,
        concurrency: 4,
        metrics: { messageRedelivered: (consumer, subject, cause) => redeliveries.push({ consumer, subject, cause }) },
        subscriptions: [
          {
            pattern: PATTERN,
            consumer: {
              stream: names.streams.work,
              durable: names.workConsumer(extractor, 0),
              filterSubject: names.workSubject(extractor, 0),
              settings: { ackWaitMs: 2_000, maxDeliver: 3, nakBackoffMs: [100, 200], maxAckPending: 64 },
            },
          },
        ],
      });
    app = moduleRef.createNestMicroservice({ strategy: server });
    app.useGlobalFilters(new JetStreamErrorFilter());
    await app.listen();
  });

  afterEach(async () => {
    await app.close();
    await nc.drain();
    await cleanupPrefix(prefix);
  });

  async function publish(id: string): Promise<void> {
    await nc.jetstream().publish(names.workSubject(extractor, 0), new TextEncoder().encode(JSON.stringify({ id })), { msgID: id });
  }

  async function pending(): Promise<number> {
    const info = await (await nc.jetstreamManager()).consumers.info(names.streams.work, names.workConsumer(extractor, 0));
    return info.num_pending + info.num_ack_pending;
  }

  it('delivers to the @EventPattern handler and acks on return', async () => {
    behaviour = async () => undefined;
    await publish('a');
    await publish('b');
    await publish('a'); // same Nats-Msg-Id: de-duplicated by the stream
    await waitFor(() => received.length >= 2, { description: 'two deliveries' });
    await waitFor(async () => (await pending()) === 0, { description: 'acks' });
    expect(received.map((r) => r.payload).sort()).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('naks a throwing handler with backoff and redelivers until it succeeds', async () => {
    behaviour = async (_p, ctx) => {
      if (ctx.deliveryCount < 2) throw new Error('transient');
    };
    await publish('retry-me');
    await waitFor(() => received.length >= 2, { description: 'redelivery' });
    await waitFor(async () => (await pending()) === 0, { description: 'ack after retry' });
    expect(received.map((r) => r.delivery)).toEqual([1, 2]);
  });

  it('dead-letters a message whose handler fails on every delivery, with the reason', async () => {
    behaviour = async () => {
      throw new Error('always broken');
    };
    await publish('poison');
    await waitFor(() => received.length >= 3, { description: 'three deliveries', timeoutMs: 10_000 });
    expect(received.map((r) => r.last)).toEqual([false, false, true]);
    const jsm = await nc.jetstreamManager();
    const dead = await waitFor(async () => {
      try {
        return await jsm.streams.getMessage(names.streams.deadLetter, { last_by_subj: names.deadLetterSubject(names.workSubject(extractor, 0)) });
      } catch {
        return undefined;
      }
    }, { description: 'dead letter' });
    expect(dead.json()).toEqual({ id: 'poison' });
    expect(dead.header.get(HEADERS.deadLetterReason)).toContain('always broken');
    await waitFor(async () => (await pending()) === 0, { description: 'poison settled' });
  });

  it('keeps a long-running item with working() heartbeats instead of redelivering it', async () => {
    behaviour = async () => {
      // Longer than ack_wait (2 s): without heartbeats the message would be redelivered.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
    };
    await publish('slow');
    await waitFor(async () => received.length === 1 && (await pending()) === 0, { timeoutMs: 10_000, description: 'slow ack' });
    expect(received).toHaveLength(1);
  });

  it('pulls only what it can start: a queue of slow items longer than ack_wait runs once, none redelivered', async () => {
    let running = 0;
    let most = 0;
    behaviour = async () => {
      running += 1;
      most = Math.max(most, running);
      // Each item takes 1.5 s; the queue of 12 takes 4.5 s at concurrency 4, over twice ack_wait (2 s).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      running -= 1;
    };
    const ids = Array.from({ length: 12 }, (_, i) => `q${i}`);
    for (const id of ids) await publish(id);
    await waitFor(async () => received.length >= 12 && (await pending()) === 0, { timeoutMs: 20_000, description: 'queue drained' });
    expect(received.map((r) => r.delivery)).toEqual(ids.map(() => 1));
    expect(most).toBeLessThanOrEqual(4);
    expect(server.counters()).toEqual({ delivered: 12, redelivered: 0, redeliveredWithoutNak: 0 });
    expect(redeliveries).toEqual([]);
  }, 30_000);

  it('counts a redelivery it nak’ed itself apart from one whose ack wait ran out', async () => {
    behaviour = async (_p, ctx) => {
      if (ctx.deliveryCount < 2) throw new Error('transient');
    };
    await publish('nak-me');
    await waitFor(async () => received.length >= 2 && (await pending()) === 0, { description: 'retried' });
    expect(server.counters()).toEqual({ delivered: 2, redelivered: 1, redeliveredWithoutNak: 0 });
    expect(redeliveries).toEqual([{ consumer: names.workConsumer(extractor, 0), subject: names.workSubject(extractor, 0), cause: 'nak' }]);
  });
});
