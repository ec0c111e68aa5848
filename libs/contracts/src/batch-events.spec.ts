import { batchEventId, buildBatchEvent } from './batch-events';

const batch = { batchId: 'btch_abc', namespaceId: 'ns_1', bucketId: 'bkt_1', taskId: 'task_1' };
const at = '2024-01-01T00:00:00.000Z';

describe('buildBatchEvent', () => {
  it('fills the envelope and the batch ids into the metadata', () => {
    const event = buildBatchEvent({ batch, type: 'batch.queued', occurredAt: at, metadata: { status: 'QUEUED', total_items: 3 } });
    expect(event).toEqual({
      event_id: batchEventId('btch_abc', 'batch.queued'),
      event_type: 'batch.queued',
      occurred_at: at,
      namespace_id: 'ns_1',
      subject: { type: 'batch', id: 'btch_abc' },
      metadata: { batch_id: 'btch_abc', bucket_id: 'bkt_1', task_id: 'task_1', status: 'QUEUED', total_items: 3 },
      version: 1,
    });
  });

  it('gives the same logical event the same id, whenever and whoever builds it', () => {
    const a = buildBatchEvent({ batch, type: 'batch.tier.completed', occurredAt: at, metadata: { status: 'PROCESSING', tier: 1 } });
    const b = buildBatchEvent({ batch, type: 'batch.tier.completed', occurredAt: '2030-01-01T00:00:00.000Z', metadata: { status: 'PROCESSING', tier: 1, succeeded_items: 9 } });
    expect(a.event_id).toBe(b.event_id);
  });

  it('tells apart batches, types, tiers and retry rounds', () => {
    const ids = new Set([
      batchEventId('btch_abc', 'batch.completed'),
      batchEventId('btch_abd', 'batch.completed'),
      batchEventId('btch_abc', 'batch.failed'),
      batchEventId('btch_abc', 'batch.tier.completed', 0),
      batchEventId('btch_abc', 'batch.tier.completed', 1),
      batchEventId('btch_abc', 'batch.completed', undefined, 1),
      batchEventId('btch_abc', 'batch.completed', undefined, 2),
    ]);
    expect(ids.size).toBe(7);
  });

  it('marks events of a retry round with retry_round and leaves first-run events without it', () => {
    const first = buildBatchEvent({ batch, type: 'batch.queued', occurredAt: at, metadata: { status: 'QUEUED' } });
    const retry = buildBatchEvent({ batch, type: 'batch.queued', occurredAt: at, metadata: { status: 'QUEUED' }, retryRound: 2 });
    expect(first.metadata).not.toHaveProperty('retry_round');
    expect(retry.metadata.retry_round).toBe(2);
    expect(retry.event_id).toBe(batchEventId('btch_abc', 'batch.queued', undefined, 2));
    expect(retry.event_id).not.toBe(first.event_id);
  });
});
