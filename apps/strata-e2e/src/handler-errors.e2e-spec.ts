import { HEADERS, busNames } from '@strata/contracts';
import { StrataCluster, waitFor } from '@strata/testing';
import { connect } from 'nats';
import { createFixture, createTextObjects } from './support';

jest.setTimeout(120_000);

/**
 * A handler error reaches the worker's log and the dead letter with its own message, not Nest's
 * "Internal server error" (the JetStream error filter must be registered before the handlers).
 */
describe('handler errors in the built worker', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    // Two deliveries: one nak (1 s backoff), then the dead letter.
    cluster = await StrataCluster.start({ env: { WORK_MAX_DELIVER: '2' } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('logs and dead-letters a failing work message with the real error message', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const ids = await createTextObjects(api, fx, 2);
    // A batch that was never submitted has no tier rows: recording outcomes for it throws in the handler.
    const batch = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: ids }, fx.namespace);
    expect(batch.status).toBe(200);
    const batchId = batch.body['batch_id'] as string;
    const names = busNames(cluster.prefix);
    const subject = names.workSubject('text_extractor@v1', 1);
    const nc = await connect({ servers: cluster.natsUrl });
    try {
      const item = {
        schema: 'strata.work-item',
        version: 1,
        batch_id: batchId,
        namespace_id: fx.namespaceId,
        bucket_id: fx.bucketId,
        tier: 1,
        collection_id: fx.collectionId,
        extractor: 'text_extractor@v1',
        chunk: 0,
        item_ids: ids,
      };
      await nc.jetstream().publish(subject, new TextEncoder().encode(JSON.stringify(item)), { msgID: `${batchId}-probe` });
      const jsm = await nc.jetstreamManager();
      const dead = await waitFor(
        async () => {
          try {
            return await jsm.streams.getMessage(names.streams.deadLetter, { last_by_subj: names.deadLetterSubject(subject) });
          } catch {
            return undefined;
          }
        },
        { timeoutMs: 30_000, description: 'the dead letter' },
      );
      const reason = dead.header.get(HEADERS.deadLetterReason);
      expect(reason).toContain(`batch ${batchId} has no tier 1`);
      expect(reason).not.toContain('Internal server error');
      const log = cluster.logs('extractor-worker');
      const failures = log.split('\n').filter((line) => line.includes('handler failed'));
      expect(failures.length).toBeGreaterThanOrEqual(1);
      for (const line of failures) expect(line).toContain(`has no tier 1`);
      expect(log).not.toContain('Internal server error');
    } finally {
      await nc.drain();
    }
  });
});
