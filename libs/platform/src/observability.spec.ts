import type { DomainEventV1 } from '@strata/contracts';
import type { EventPublisher, MetadataStore, WorkPublisher } from '@strata/ports';
import type { NatsConnection } from 'nats';
import type { Redis } from 'ioredis';
import { ReadinessProbe } from './core.module';
import { redactUrl, routeOf } from './http-observability';
import { PrometheusMetrics } from './metrics';
import { ObservedPublisher } from './observed-publisher';
import type { IncomingMessage } from 'node:http';
import { parsePrometheusText, sumSamples } from '@strata/testing';

const samples = async (m: PrometheusMetrics) => parsePrometheusText((await m.exposition()).body);

const nats = { isClosed: () => false, flush: async () => undefined } as unknown as NatsConnection;

describe('ReadinessProbe', () => {
  const failingRedis = (failing: { now: boolean }) => ({ ping: async () => (failing.now ? Promise.reject(new Error('ECONNREFUSED')) : 'PONG') }) as unknown as Redis;

  it('stays ready through a blip shorter than the grace period, and turns unready after it', async () => {
    const failing = { now: true };
    const probe = new ReadinessProbe(nats, { graceMs: 15_000, optional: [] }, failingRedis(failing), null, null, null);
    expect(await probe.check(1_000)).toEqual({ ready: true, checks: { nats: 'ok', redis: 'degraded: ECONNREFUSED' } });
    expect((await probe.check(15_999)).ready).toBe(true);
    expect(await probe.check(16_000)).toEqual({ ready: false, checks: { nats: 'ok', redis: 'ECONNREFUSED' } });
    failing.now = false;
    expect(await probe.check(17_000)).toEqual({ ready: true, checks: { nats: 'ok', redis: 'ok' } });
    // A new failure starts a new grace period.
    failing.now = true;
    expect((await probe.check(20_000)).ready).toBe(true);
  });

  it('never turns unready because of an optional dependency, but reports it', async () => {
    const probe = new ReadinessProbe(nats, { graceMs: 0, optional: ['redis'] }, failingRedis({ now: true }), null, null, null);
    expect(await probe.check(0)).toEqual({ ready: true, checks: { nats: 'ok', redis: 'degraded: ECONNREFUSED' } });
    expect((await probe.check(3_600_000)).ready).toBe(true);
  });

  it('is unready at once with no grace when a required dependency fails', async () => {
    const closed = { isClosed: () => true } as unknown as NatsConnection;
    const probe = new ReadinessProbe(closed, { graceMs: 0, optional: [] }, null, null, null, null);
    expect(await probe.check(0)).toEqual({ ready: false, checks: { nats: 'connection closed' } });
  });
});

describe('HTTP observability helpers', () => {
  it('groups requests by route template, and 404s as unmatched', () => {
    expect(routeOf({ baseUrl: '', route: { path: '/v1/buckets/:bucket/batches' } } as unknown as IncomingMessage)).toBe('/v1/buckets/:bucket/batches');
    expect(routeOf({} as IncomingMessage)).toBe('unmatched');
  });

  it('redacts secret-looking query values and keeps the rest', () => {
    expect(redactUrl('/v1/uploads/x/content?token=abc&part=2&api_key=k&sig=s')).toBe('/v1/uploads/x/content?token=%5Bredacted%5D&part=2&api_key=%5Bredacted%5D&sig=%5Bredacted%5D');
    expect(redactUrl('/v1/buckets')).toBe('/v1/buckets');
  });
});

describe('ObservedPublisher', () => {
  const event = (type: string, status: string): DomainEventV1 =>
    ({ event_id: 'e', event_type: type, occurred_at: '', namespace_id: 'ns_1', subject: { type: 'batch', id: 'b1' }, metadata: { batch_id: 'b1', status }, version: 1 }) as DomainEventV1;
  const inner: WorkPublisher & EventPublisher = { publishWork: async () => undefined, publishEvent: async () => undefined };

  it('counts QUEUED at submit and the terminal status with the batch duration', async () => {
    const metrics = new PrometheusMetrics('test');
    const submitted = '2026-01-01T00:00:00.000Z';
    const publisher = new ObservedPublisher(inner, metrics, async () => submitted, () => Date.parse(submitted) + 90_000);
    await publisher.publishEvent(event('batch.queued', 'QUEUED'));
    await publisher.publishEvent(event('batch.processing', 'PROCESSING'));
    await publisher.publishEvent(event('batch.completed', 'COMPLETED'));
    const s = await samples(metrics);
    expect(sumSamples(s, 'strata_batches_total', { status: 'QUEUED', service: 'test' })).toBe(1);
    expect(sumSamples(s, 'strata_batches_total', { status: 'COMPLETED' })).toBe(1);
    expect(s.some((x) => x.labels['status'] === 'PROCESSING')).toBe(false);
    expect(sumSamples(s, 'strata_batch_duration_seconds_sum', { status: 'COMPLETED' })).toBe(90);
  });

  it('counts nothing when the publish fails (the event was not announced)', async () => {
    const metrics = new PrometheusMetrics('test');
    const failing = { ...inner, publishEvent: async () => Promise.reject(new Error('no stream')) };
    const publisher = new ObservedPublisher(failing, metrics, null);
    await expect(publisher.publishEvent(event('batch.queued', 'QUEUED'))).rejects.toThrow('no stream');
    expect(sumSamples(await samples(metrics), 'strata_batches_total')).toBe(0);
  });

  it('needs no metadata store: a finished batch without its submit time has no duration sample', async () => {
    const metrics = new PrometheusMetrics('test');
    const store = null as MetadataStore | null;
    const publisher = new ObservedPublisher(inner, metrics, store === null ? null : async () => null);
    await publisher.publishEvent(event('batch.failed', 'FAILED'));
    const s = await samples(metrics);
    expect(sumSamples(s, 'strata_batches_total', { status: 'FAILED' })).toBe(1);
    expect(sumSamples(s, 'strata_batch_duration_seconds_count', { status: 'FAILED' })).toBe(0);
  });
});
