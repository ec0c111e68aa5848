import type { DomainEventV1, WebhookDeliveryJobV1 } from '@strata/contracts';
import { retryDelay } from '@strata/contracts';
import { InMemoryMetadataStore, ManualClock } from '@strata/fakes';
import type { DeliveryQueue, WebhookPostResult, WebhookSender } from '@strata/ports';
import { silentLogger } from '@strata/ports';
import { verifyStandardWebhook } from '@strata/testing';
import { DeliverWebhook } from './deliver-webhook';
import { ReplayDelivery, ReplayFailedDeliveries, RequeueStaleDeliveries } from './deliveries';
import { DispatchEvent, deliveryId } from './dispatch-event';
import { CreateWebhook, RotateWebhookSecret, UpdateWebhook, WebhookInput } from './webhooks';

class RecordingQueue implements DeliveryQueue {
  readonly jobs = new Map<string, WebhookDeliveryJobV1>();
  async enqueue(job: WebhookDeliveryJobV1, jobId: string): Promise<void> {
    if (!this.jobs.has(jobId)) this.jobs.set(jobId, job);
  }
  async has(jobId: string): Promise<boolean> {
    return this.jobs.has(jobId);
  }
}

class ScriptedSender implements WebhookSender {
  readonly calls: Array<{ url: string; headers: Record<string, string>; body: string; timeoutMs: number }> = [];
  constructor(public next: WebhookPostResult = { kind: 'response', statusCode: 200, latencyMs: 3 }) {}
  async post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<WebhookPostResult> {
    this.calls.push({ url, headers, body, timeoutMs });
    return this.next;
  }
}

const event = (id: string, type: DomainEventV1['event_type'] = 'batch.completed'): DomainEventV1 => ({
  event_id: id,
  event_type: type,
  occurred_at: '2026-11-29T10:00:00.000Z',
  namespace_id: 'ns_1',
  subject: { type: 'batch', id: 'btch_1' },
  metadata: { batch_id: 'btch_1' },
  version: 1,
});

const input = (eventTypes: string[], url = 'https://example.com/hook'): WebhookInput => ({
  webhookName: 'test',
  eventTypes,
  channels: [{ channel: 'webhook', configs: { url, headers: { 'x-team': 'a', 'webhook-id': 'spoof' }, payloadTemplate: null, timeoutSeconds: 2 } }],
  isActive: true,
});

function setup() {
  const metadata = new InMemoryMetadataStore();
  const queue = new RecordingQueue();
  const sender = new ScriptedSender();
  const clock = new ManualClock(Date.parse('2026-11-29T10:00:00.000Z'));
  const deps = { metadata, queue, sender, clock, logger: silentLogger };
  return { metadata, queue, sender, clock, deps, dispatch: new DispatchEvent(deps), deliver: new DeliverWebhook(deps) };
}

describe('webhook use cases', () => {
  it('matches by event type and "*", one delivery and one job per (event, webhook), also when the event comes twice', async () => {
    const { deps, dispatch, queue, metadata } = setup();
    const exact = await new CreateWebhook(deps).execute(input(['batch.completed']));
    const all = await new CreateWebhook(deps).execute(input(['*']));
    await new CreateWebhook(deps).execute(input(['object.created']));
    expect(exact.secret).toMatch(/^whsec_/);

    expect(await dispatch.execute(event('evt_a'))).toEqual({ deliveries: 2, enqueued: 2 });
    // A redelivered event: the pending rows re-enqueue under the same job ids (no new jobs).
    await dispatch.execute(event('evt_a'));
    expect(queue.jobs.size).toBe(2);
    expect([...queue.jobs.keys()].sort()).toEqual(
      [deliveryId('evt_a', exact.webhook.webhookId, 0), deliveryId('evt_a', all.webhook.webhookId, 0)].sort(),
    );
    // Once delivered, a redelivered event enqueues nothing.
    for (const id of queue.jobs.keys()) await new DeliverWebhook(deps).execute({ deliveryId: id, attempt: 1, maxAttempts: 3 });
    queue.jobs.clear();
    expect(await dispatch.execute(event('evt_a'))).toEqual({ deliveries: 2, enqueued: 0 });
    expect((await metadata.webhookDeliveries.list(exact.webhook.webhookId, {}, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('signs each attempt so an independent verifier accepts it, with the subscription headers but not overriding ours', async () => {
    const { deps, dispatch, queue, sender, deliver } = setup();
    const { secret } = await new CreateWebhook(deps).execute(input(['*']));
    await dispatch.execute(event('evt_sig'));
    const [id] = [...queue.jobs.keys()] as [string];
    expect(await deliver.execute({ deliveryId: id, attempt: 1, maxAttempts: 3 })).toMatchObject({ outcome: 'succeeded', statusCode: 200 });
    const call = sender.calls[0]!;
    expect(call.headers['x-team']).toBe('a');
    expect(call.headers['webhook-id']).toBe(id);
    expect(call.timeoutMs).toBe(2000);
    expect(JSON.parse(call.body)).toMatchObject({ event_id: 'evt_sig', event_type: 'batch.completed' });
    expect(verifyStandardWebhook(secret, call.headers, call.body, 300, Math.floor(deps.clock.now() / 1000))).toEqual({ ok: true });
  });

  it('retries non-2xx answers, keeps the delivery FAILED after the last attempt, and replays it', async () => {
    const { deps, dispatch, queue, sender, deliver, metadata } = setup();
    const { webhook } = await new CreateWebhook(deps).execute(input(['*']));
    await dispatch.execute(event('evt_r'));
    const [id] = [...queue.jobs.keys()] as [string];
    sender.next = { kind: 'response', statusCode: 503, latencyMs: 5 };
    expect((await deliver.execute({ deliveryId: id, attempt: 1, maxAttempts: 2 })).outcome).toBe('retry');
    sender.next = { kind: 'error', error: 'no response within 2000 ms', latencyMs: 2000 };
    expect((await deliver.execute({ deliveryId: id, attempt: 2, maxAttempts: 2 })).outcome).toBe('failed');
    const failed = (await metadata.webhookDeliveries.find(id))!;
    expect(failed.status).toBe('FAILED');
    expect(failed.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, null, 'no response within 2000 ms'],
    ]);
    expect((await metadata.webhooks.find(webhook.webhookId))!.lastError).toContain('no response');
    // A duplicate job for a final delivery sends nothing.
    expect((await deliver.execute({ deliveryId: id, attempt: 2, maxAttempts: 2 })).outcome).toBe('skipped');

    const { replayed } = await new ReplayFailedDeliveries(deps).execute(webhook.webhookId, '2026-11-29T00:00:00.000Z');
    expect(replayed).toEqual([id]);
    expect(queue.jobs.has(`${id}-r1`)).toBe(true);
    sender.next = { kind: 'response', statusCode: 202, latencyMs: 1 };
    expect((await deliver.execute({ deliveryId: id, attempt: 1, maxAttempts: 2 })).outcome).toBe('succeeded');
    const done = (await metadata.webhookDeliveries.find(id))!;
    expect(done).toMatchObject({ status: 'SUCCEEDED', replays: 1 });
    expect(done.attempts.map((a) => [a.round, a.attempt])).toEqual([[0, 1], [0, 2], [1, 1]]);
    // Succeeded deliveries are not replayed.
    expect((await new ReplayDelivery(deps).execute(webhook.webhookId, id)).replayed).toBe(false);
  });

  it('disables the webhook on 410 Gone and cancels its pending deliveries', async () => {
    const { deps, dispatch, queue, sender, deliver, metadata } = setup();
    const { webhook } = await new CreateWebhook(deps).execute(input(['*']));
    await dispatch.execute(event('evt_1'));
    await dispatch.execute(event('evt_2'));
    const [first, second] = [...queue.jobs.keys()] as [string, string];
    sender.next = { kind: 'response', statusCode: 410, latencyMs: 1 };
    expect((await deliver.execute({ deliveryId: first, attempt: 1, maxAttempts: 5 })).outcome).toBe('failed');
    const disabled = (await metadata.webhooks.find(webhook.webhookId))!;
    expect(disabled.isActive).toBe(false);
    expect(disabled.disabledReason).toContain('410');
    expect((await deliver.execute({ deliveryId: second, attempt: 1, maxAttempts: 5 })).outcome).toBe('canceled');
    expect(sender.calls).toHaveLength(1);
    expect(await dispatch.execute(event('evt_3'))).toEqual({ deliveries: 0, enqueued: 0 });
    // Re-activating clears the reason.
    const back = await new UpdateWebhook(deps).execute(webhook.webhookId, input(['*']));
    expect(back).toMatchObject({ isActive: true, disabledReason: null });
  });

  it('does not retry a target the SSRF guard blocks', async () => {
    const { deps, dispatch, queue, sender, deliver } = setup();
    await new CreateWebhook(deps).execute(input(['*']));
    await dispatch.execute(event('evt_b'));
    sender.next = { kind: 'blocked', error: 'target address 10.0.0.1 is private', latencyMs: 0 };
    const [id] = [...queue.jobs.keys()] as [string];
    expect((await deliver.execute({ deliveryId: id, attempt: 1, maxAttempts: 5 })).outcome).toBe('failed');
  });

  it('rotates the secret: both sign during the overlap, only the new one after', async () => {
    const { deps, dispatch, queue, sender, deliver, clock } = setup();
    const created = await new CreateWebhook(deps).execute(input(['*']));
    const rotated = await new RotateWebhookSecret(deps, 60_000).execute(created.webhook.webhookId);
    expect(rotated.secret).not.toBe(created.secret);
    await dispatch.execute(event('evt_rot1'));
    await deliver.execute({ deliveryId: [...queue.jobs.keys()][0]!, attempt: 1, maxAttempts: 1 });
    const during = sender.calls[0]!;
    const now = () => Math.floor(clock.now() / 1000);
    expect(verifyStandardWebhook(created.secret, during.headers, during.body, 300, now()).ok).toBe(true);
    expect(verifyStandardWebhook(rotated.secret, during.headers, during.body, 300, now()).ok).toBe(true);
    clock.advance(61_000);
    await dispatch.execute(event('evt_rot2'));
    await deliver.execute({ deliveryId: [...queue.jobs.keys()][1]!, attempt: 1, maxAttempts: 1 });
    const after = sender.calls[1]!;
    expect(verifyStandardWebhook(created.secret, after.headers, after.body, 300, now()).ok).toBe(false);
    expect(verifyStandardWebhook(rotated.secret, after.headers, after.body, 300, now()).ok).toBe(true);
  });

  it('re-enqueues stale PENDING deliveries whose job is gone, and only those', async () => {
    const { deps, dispatch, queue, clock, deliver } = setup();
    await new CreateWebhook(deps).execute(input(['*']));
    await dispatch.execute(event('evt_s1'));
    await dispatch.execute(event('evt_s2'));
    await dispatch.execute(event('evt_s3'));
    const [lost, kept, done] = [...queue.jobs.keys()] as [string, string, string];
    await deliver.execute({ deliveryId: done, attempt: 1, maxAttempts: 3 });
    clock.advance(60_000);
    const sweep = new RequeueStaleDeliveries(deps);
    expect((await sweep.execute(120_000)).requeued).toEqual([]); // not stale yet
    clock.advance(120_000);
    queue.jobs.delete(lost); // Redis lost this job; `kept` is still waiting in its delayed set
    queue.jobs.delete(done);
    expect((await sweep.execute(120_000)).requeued).toEqual([lost]);
    expect(queue.jobs.has(lost)).toBe(true);
    expect(queue.jobs.has(done)).toBe(false);
    expect(queue.jobs.has(kept)).toBe(true);
  });

  it('refuses non-http URLs and URLs with credentials', async () => {
    const { deps } = setup();
    await expect(new CreateWebhook(deps).execute(input(['*'], 'file:///etc/passwd'))).rejects.toThrow(/http or https/);
    await expect(new CreateWebhook(deps).execute(input(['*'], 'https://u:p@example.com/'))).rejects.toThrow(/credentials/);
  });

  it('spreads the default retries over about a day, exponentially, with bounded jitter', () => {
    const settings = { backoffBaseMs: 30_000, backoffMaxMs: 6 * 3_600_000, jitter: 0.2 };
    const delays = Array.from({ length: 13 }, (_, i) => retryDelay(settings, i + 1, 0.5));
    expect(delays[0]).toBe(30_000);
    expect(delays[1]).toBe(60_000);
    expect(delays[12]).toBe(6 * 3_600_000);
    const total = delays.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(total).toBeGreaterThan(20);
    expect(total).toBeLessThan(30);
    expect(retryDelay(settings, 3, 0)).toBe(96_000);
    expect(retryDelay(settings, 3, 0.999999)).toBeLessThanOrEqual(144_000);
  });
});
