import type { DomainEventV1 } from '@strata/contracts';
import { InMemoryOutboxRepository, RecordingPublisher } from '@strata/fakes';
import { publishCommitted, silentLogger } from '@strata/ports';
import { DEFAULT_OUTBOX_RELAY_OPTIONS, OutboxRelay } from './outbox-relay';

function event(id: string): DomainEventV1 {
  return { event_id: id, event_type: 'batch.completed', occurred_at: '2026-12-07T00:00:00.000Z', namespace_id: 'ns', subject: { type: 'batch', id: 'b' }, metadata: { status: 'COMPLETED' }, version: 1 };
}

describe('OutboxRelay', () => {
  let now: number;
  let outbox: InMemoryOutboxRepository;
  let publisher: RecordingPublisher;
  const relay = (owner = 'relay-1') =>
    new OutboxRelay(outbox, publisher, silentLogger, { ...DEFAULT_OUTBOX_RELAY_OPTIONS, owner, graceMs: 2_000, leaseMs: 10_000 }, () => now);

  beforeEach(() => {
    now = Date.now();
    outbox = new InMemoryOutboxRepository();
    publisher = new RecordingPublisher();
  });

  it('leaves rows to the writer for the grace, then publishes what is unsent, once, with its correlation id', async () => {
    outbox.insert([{ event: event('evt_1'), correlationId: 'c1' }, { event: event('evt_2') }], now);
    // The writer published evt_2 itself after its commit.
    await publishCommitted({ events: publisher, outbox, logger: silentLogger }, [{ event: event('evt_2') }]);
    expect(await relay().runOnce()).toEqual({ published: 0, failed: 0 });
    now += 2_001;
    expect(await relay().runOnce()).toEqual({ published: 1, failed: 0 });
    expect(publisher.events.map((e) => [e.event.event_id, e.correlationId])).toEqual([
      ['evt_2', undefined],
      ['evt_1', 'c1'],
    ]);
    expect(await outbox.pendingCount()).toBe(0);
    expect(await relay().runOnce()).toEqual({ published: 0, failed: 0 });
  });

  it('retries a failed publish with back-off, and a second relay does not take a claimed row', async () => {
    outbox.insert([{ event: event('evt_1') }], now);
    now += 5_000;
    publisher.failNext(1, { kind: 'event' });
    expect(await relay().runOnce()).toEqual({ published: 0, failed: 1 });
    expect(await relay('relay-2').runOnce()).toEqual({ published: 0, failed: 0 }); // back-off: 1 s
    now += 1_001;
    const claimed = await outbox.claim({ owner: 'relay-3', now, leaseMs: 10_000, createdBefore: now, limit: 10 });
    expect(claimed.map((e) => [e.event.event_id, e.attempts])).toEqual([['evt_1', 1]]);
    expect(await relay('relay-2').runOnce()).toEqual({ published: 0, failed: 0 }); // relay-3 holds it
    now += 10_001; // relay-3 died with it: its lease runs out
    expect(await relay('relay-2').runOnce()).toEqual({ published: 1, failed: 0 });
    expect(publisher.events.map((e) => e.event.event_id)).toEqual(['evt_1']);
  });
});
