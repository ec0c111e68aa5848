import { SqliteMetadataStore } from '@strata/adapters';
import { NotFoundError, draftBatch, newId } from '@strata/domain';
import { ManualClock, RecordingPublisher, RecordingWakeUps } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import { tempDir } from '@strata/testing';
import { join } from 'node:path';
import { CreateBucket, CreateNamespace } from '../index';
import { DescribeBatch, VIEW_REUSE_MS } from './describe-batch';

/**
 * GET batch reuses a view while the store's change token holds (real SQLite: a commit by another
 * connection, as another process makes, changes `data_version`; a write of this connection changes
 * `total_changes()`).
 */
describe('DescribeBatch on the SQLite store: views reused until anything changes', () => {
  const dir = tempDir('describe-batch');
  const file = join(dir.path, 'strata.db');
  let metadata: SqliteMetadataStore;
  let other: SqliteMetadataStore;
  const clock = new ManualClock();

  beforeAll(() => {
    metadata = new SqliteMetadataStore(file);
    other = new SqliteMetadataStore(file);
  });
  afterAll(async () => {
    await metadata.close();
    await other.close();
    dir.remove();
  });

  async function batchIn(): Promise<{ namespaceId: string; bucketId: string; batchId: string }> {
    const deps = { metadata, clock, logger: silentLogger, events: new RecordingPublisher(), wakeUps: new RecordingWakeUps() };
    const ns = await new CreateNamespace(deps).execute({ namespaceName: `n-${newId('namespace')}`, description: null });
    const bucket = await new CreateBucket(deps).execute({ namespaceId: ns.namespaceId, bucketName: 'b', description: null, bucketSchema: { properties: {} }, metadata: {} });
    const batchId = newId('batch');
    await metadata.batches.create(draftBatch({ namespaceId: ns.namespaceId, bucketId: bucket.bucketId, batchId, objectIds: [newId('object')], now: clock.iso() }));
    return { namespaceId: ns.namespaceId, bucketId: bucket.bucketId, batchId };
  }

  it('answers from the view it computed while nothing changed, and computes again after any commit or VIEW_REUSE_MS', async () => {
    const { namespaceId, bucketId, batchId } = await batchIn();
    const describe = new DescribeBatch({ metadata, clock });
    const reads = jest.spyOn(metadata.batches, 'getTiers');
    const first = await describe.execute(namespaceId, bucketId, batchId);
    expect(await describe.execute(namespaceId, bucketId, batchId)).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);

    // Another process's commit (another connection to the file).
    await other.batches.updateMetadata(namespaceId, batchId, { team: 'b' }, clock.iso());
    const afterOther = await describe.execute(namespaceId, bucketId, batchId);
    expect(afterOther).not.toBe(first);
    expect(afterOther.batch.metadata).toEqual({ team: 'b' });

    // This connection's own write.
    await metadata.batches.updateMetadata(namespaceId, batchId, { team: 'c' }, clock.iso());
    const afterOwn = await describe.execute(namespaceId, bucketId, batchId);
    expect(afterOwn.batch.metadata).toEqual({ team: 'c' });
    expect(await describe.execute(namespaceId, bucketId, batchId)).toBe(afterOwn);

    // Time-based fields (ETA, health) are at most VIEW_REUSE_MS old.
    clock.advance(VIEW_REUSE_MS);
    expect(await describe.execute(namespaceId, bucketId, batchId)).not.toBe(afterOwn);
    expect(reads).toHaveBeenCalledTimes(4);
    reads.mockRestore();
  });

  it('keeps views per batch, and an unknown batch is a 404 every time', async () => {
    const a = await batchIn();
    const b = await batchIn();
    const describe = new DescribeBatch({ metadata, clock });
    const viewA = await describe.execute(a.namespaceId, a.bucketId, a.batchId);
    const viewB = await describe.execute(b.namespaceId, b.bucketId, b.batchId);
    expect(viewB.batch.batchId).toBe(b.batchId);
    expect(await describe.execute(a.namespaceId, a.bucketId, a.batchId)).toBe(viewA);
    await expect(describe.execute(a.namespaceId, a.bucketId, 'btch_nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(describe.execute(a.namespaceId, b.bucketId, a.batchId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
