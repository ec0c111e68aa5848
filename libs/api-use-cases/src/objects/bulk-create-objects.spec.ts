import { ConflictError, NotFoundError, ValidationError, BadRequestError } from '@strata/domain';
import { InMemoryMetadataStore, InMemoryObjectStorage, ManualClock, RecordingPublisher } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import { CreateBatch } from '../batches/create-batch';
import { CreateBucket } from '../buckets/create-bucket';
import { CreateNamespace } from '../namespaces/create-namespace';
import { BULK_ERRORS_SHOWN, BulkCreateObjects, type BulkLine } from './bulk-create-objects';
import { CreateObject, type CreateObjectCommand } from './create-object';

async function world(uniqueKey: { fields: string[]; defaultPolicy: 'insert' | 'update' | 'upsert' | null } | null = null) {
  const deps = { metadata: new InMemoryMetadataStore(), objects: new InMemoryObjectStorage(), clock: new ManualClock(), logger: silentLogger, events: new RecordingPublisher() };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'bulk', description: null });
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'b',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' }, sku: { type: 'string' } } },
    uniqueKey,
    metadata: {},
  });
  return { deps, ns: ns.namespaceId, bucket };
}

/** A DRAFT batch needs one object to be created (as in Mixpeek); the bulk route adds the rest. */
async function draft(deps: Awaited<ReturnType<typeof world>>['deps'], ns: string, sku = 'seed') {
  const seed = await new CreateObject(deps).execute({ namespaceId: ns, bucket: 'b', keyPrefix: null, metadata: { sku }, blobs: [], policy: 'insert' });
  return { batch: await new CreateBatch(deps).execute({ namespaceId: ns, bucket: 'b', objectIds: [seed.objectId], metadata: {} }), seed };
}

function line(n: number, ns: string, metadata: Record<string, unknown>, text = `text ${n}`): BulkLine {
  const command: CreateObjectCommand = { namespaceId: ns, bucket: 'b', keyPrefix: null, metadata, blobs: [{ property: 'content', data: text }], policy: null };
  return { line: n, command };
}

async function* stream(lines: readonly BulkLine[]): AsyncGenerator<BulkLine> {
  for (const l of lines) yield l;
}

describe('BulkCreateObjects', () => {
  it('stores lines in chunks with one object.bulk_created each, appends every chunk to the DRAFT batch in line order, reports bad lines by number', async () => {
    const { deps, ns, bucket } = await world();
    const { batch, seed } = await draft(deps, ns);
    const lines: BulkLine[] = [];
    for (let n = 1; n <= 25; n += 1) lines.push(n === 7 ? { line: 7, failure: new ValidationError('line 7: not valid JSON') } : line(n, ns, { n }));
    lines.push({ ...line(26, ns, {}), command: { ...(line(26, ns, {}) as { command: CreateObjectCommand }).command, blobs: [{ property: 'nope', data: 'x' }] } });
    const result = await new BulkCreateObjects(deps).execute({ namespaceId: ns, bucket: 'b', batchId: batch.batchId, chunkSize: 10 }, stream(lines));
    expect(result).toMatchObject({ lines: 26, created: 24, failed: 2, updated: 0, existing: 0, batchObjectCount: 25, errorsTruncated: false });
    expect(result.errors.map((e) => [e.line, e.errorType])).toEqual([
      [7, 'ValidationError'],
      [26, 'ValidationError'],
    ]);
    expect(result.errors[1]?.error).toContain("'nope' is not in the bucket schema");
    const bulk = deps.events.events.filter((e) => e.event.event_type === 'object.bulk_created').map((e) => e.event);
    expect(bulk.map((e) => e.metadata['object_count'])).toEqual([10, 10, 4]);
    expect(bulk[0]).toMatchObject({ subject: { type: 'bucket', id: bucket.bucketId }, metadata: { batch_id: batch.batchId, bucket_id: bucket.bucketId } });
    // Only the seed's object.created: the bulk lines have their chunk's event instead.
    expect(deps.events.events.filter((e) => e.event.event_type === 'object.created').map((e) => e.event.subject.id)).toEqual([seed.objectId]);
    // The batch's positions follow the lines; each object's blob is in object storage.
    const [first, ...ids] = await deps.metadata.batches.listObjectIds(batch.batchId, 0, 100);
    expect(first).toBe(seed.objectId);
    expect(ids).toEqual(bulk.flatMap((e) => e.metadata['object_ids'] as string[]));
    const objects = await deps.metadata.objects.findMany(ns, bucket.bucketId, ids);
    const byId = new Map(objects.map((o) => [o.objectId, o]));
    expect(ids.map((id) => byId.get(id)?.metadata['n'])).toEqual([1, 2, 3, 4, 5, 6, ...Array.from({ length: 18 }, (_, i) => i + 8)]);
    expect((await deps.objects.get(byId.get(ids[0] as string)?.blobs[0]?.storageKey as string)).toString()).toBe('text 1');
  });

  it('refuses before reading a line: unknown bucket or batch, a batch that is not DRAFT, a unique key without a default policy', async () => {
    const { deps, ns } = await world();
    const bulk = new BulkCreateObjects(deps);
    await expect(bulk.prepare({ namespaceId: ns, bucket: 'nope', batchId: null })).rejects.toThrow(NotFoundError);
    await expect(bulk.prepare({ namespaceId: ns, bucket: 'b', batchId: 'btch_missing' })).rejects.toThrow(NotFoundError);
    const { batch } = await draft(deps, ns);
    await deps.metadata.batches.changeStatus(batch.batchId, { from: 'DRAFT', to: 'CANCELED', owner: null, now: '2026-12-07T00:00:00.000Z' });
    await expect(bulk.prepare({ namespaceId: ns, bucket: 'b', batchId: batch.batchId })).rejects.toThrow(ConflictError);
    const keyed = await world({ fields: ['sku'], defaultPolicy: null });
    await expect(new BulkCreateObjects(keyed.deps).prepare({ namespaceId: keyed.ns, bucket: 'b', batchId: null })).rejects.toThrow(BadRequestError);
  });

  it('follows the unique key rules: a key twice in one chunk or already stored is a 409 line under insert; upsert updates', async () => {
    const insert = await world({ fields: ['sku'], defaultPolicy: 'insert' });
    const result = await new BulkCreateObjects(insert.deps).execute(
      { namespaceId: insert.ns, bucket: 'b', batchId: null },
      stream([line(1, insert.ns, { sku: 'a' }), line(2, insert.ns, { sku: 'b' }), line(3, insert.ns, { sku: 'a' }), line(4, insert.ns, {})]),
    );
    expect(result).toMatchObject({ created: 2, failed: 2 });
    expect(result.errors.map((e) => [e.line, e.errorType])).toEqual([
      [3, 'AlreadyExistsError'],
      [4, 'ValidationError'],
    ]);

    const upsert = await world({ fields: ['sku'], defaultPolicy: 'upsert' });
    const { batch } = await draft(upsert.deps, upsert.ns);
    const again = await new BulkCreateObjects(upsert.deps).execute(
      { namespaceId: upsert.ns, bucket: 'b', batchId: batch.batchId },
      stream([line(1, upsert.ns, { sku: 'a', v: 1 }), line(2, upsert.ns, { sku: 'a', v: 2 })]),
    );
    expect(again).toMatchObject({ created: 1, updated: 1, failed: 0, batchObjectCount: 2 });
    const stored = await upsert.deps.metadata.objects.findByUniqueKey(upsert.ns, upsert.bucket.bucketId, JSON.stringify([['sku', 'a']]));
    expect(stored?.metadata).toEqual({ sku: 'a', v: 2 });
  });

  it('fails only the line whose blob cannot be written (an unknown upload), and lists errors by line', async () => {
    const { deps, ns } = await world();
    const upload = line(2, ns, { k: 2 }) as { line: number; command: CreateObjectCommand };
    upload.command.blobs = [{ property: 'content', data: null, uploadId: 'upl_missing' }];
    const result = await new BulkCreateObjects(deps).execute(
      { namespaceId: ns, bucket: 'b', batchId: null, chunkSize: 3 },
      stream([line(1, ns, { k: 1 }), upload, line(3, ns, { k: 3 }), { line: 4, failure: new ValidationError('line 4: not valid JSON') }, line(5, ns, { k: 5 })]),
    );
    expect(result).toMatchObject({ created: 3, failed: 2 });
    expect(result.errors.map((e) => [e.line, e.errorType])).toEqual([
      [2, 'NotFoundError'],
      [4, 'ValidationError'],
    ]);
    // Only the stored objects' blobs are in object storage.
    expect(deps.objects.keys()).toHaveLength(3);
  });

  it('answers a skip_duplicates line with the object holding the same content, and adds that object to the batch in line order', async () => {
    const { deps, ns } = await world();
    const { batch, seed } = await draft(deps, ns);
    const original = await new CreateObject(deps).execute({ namespaceId: ns, bucket: 'b', keyPrefix: null, metadata: {}, blobs: [{ property: 'content', data: 'same words' }] });
    const dup = line(2, ns, { k: 2 }, 'same words') as { line: number; command: CreateObjectCommand };
    dup.command.skipDuplicates = true;
    // Line 4 repeats line 3's content in the same chunk: it is answered by line 3's object.
    const again = line(4, ns, { k: 4 }, 'text 3') as { line: number; command: CreateObjectCommand };
    again.command.skipDuplicates = true;
    const result = await new BulkCreateObjects(deps).execute({ namespaceId: ns, bucket: 'b', batchId: batch.batchId }, stream([line(1, ns, { k: 1 }), dup, line(3, ns, { k: 3 }), again]));
    expect(result).toMatchObject({ created: 2, existing: 2, failed: 0, batchObjectCount: 4 });
    const ids = await deps.metadata.batches.listObjectIds(batch.batchId, 0, 10);
    expect(ids[0]).toBe(seed.objectId);
    expect(ids[2]).toBe(original.objectId);
    expect((await deps.metadata.objects.list(ns, (await deps.metadata.batches.find(ns, batch.batchId))?.bucketId as string, { offset: 0, limit: 10 })).total).toBe(4);
  });

  it('keeps the objects of a batch submitted (here: canceled) mid-request, and says per line that they were not added', async () => {
    const { deps, ns } = await world();
    const { batch } = await draft(deps, ns);
    async function* lines(): AsyncGenerator<BulkLine> {
      yield line(1, ns, { k: 1 });
      yield line(2, ns, { k: 2 });
      await deps.metadata.batches.changeStatus(batch.batchId, { from: 'DRAFT', to: 'CANCELED', owner: null, now: '2026-12-07T00:00:00.000Z' });
      yield line(3, ns, { k: 3 });
      yield line(4, ns, { k: 4 });
    }
    const result = await new BulkCreateObjects(deps).execute({ namespaceId: ns, bucket: 'b', batchId: batch.batchId, chunkSize: 2 }, lines());
    expect(result).toMatchObject({ created: 4, failed: 0, batchObjectCount: 3 });
    expect(result.errors.map((e) => [e.line, e.errorType])).toEqual([
      [3, 'ConflictError'],
      [4, 'ConflictError'],
    ]);
    expect(result.errors[0]?.error).toContain('left DRAFT');
  });

  it('caps the listed errors and keeps counting', async () => {
    const { deps, ns } = await world();
    const bad = Array.from({ length: BULK_ERRORS_SHOWN + 5 }, (_, i): BulkLine => ({ line: i + 1, failure: new ValidationError('bad') }));
    const result = await new BulkCreateObjects(deps).execute({ namespaceId: ns, bucket: 'b', batchId: null }, stream([...bad, line(BULK_ERRORS_SHOWN + 6, ns, { k: 1 })]));
    expect(result).toMatchObject({ failed: BULK_ERRORS_SHOWN + 5, created: 1, errorsTruncated: true });
    expect(result.errors).toHaveLength(BULK_ERRORS_SHOWN);
  });
});
