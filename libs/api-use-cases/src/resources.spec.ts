import { AlreadyExistsError, BadRequestError, ConflictError, NotFoundError, ValidationError, contentHash } from '@strata/domain';
import { InMemoryMetadataStore, InMemoryObjectStorage, InMemoryTaskStore, InMemoryVectorStore, ManualClock, RecordingPublisher } from '@strata/fakes';
import { silentLogger } from '@strata/ports';
import { ConfirmUpload, CreateBucket, CreateNamespace, CreateObject, CreateObjectsBatch, CreateUpload, DeleteBucket, DeleteNamespace, DeleteObject, DescribeBucket, ListObjects, ReceiveUploadContent, UpdateObject } from './index';

async function world() {
  const deps = {
    metadata: new InMemoryMetadataStore(),
    objects: new InMemoryObjectStorage(),
    vectors: new InMemoryVectorStore(),
    tasks: new InMemoryTaskStore(),
    clock: new ManualClock(),
    logger: silentLogger,
    events: new RecordingPublisher(),
  };
  const ns = await new CreateNamespace(deps).execute({ namespaceName: 'unit', description: null });
  const bucket = await new CreateBucket(deps).execute({
    namespaceId: ns.namespaceId,
    bucketName: 'b',
    description: null,
    bucketSchema: { properties: { content: { type: 'text' }, sku: { type: 'string' } } },
    uniqueKey: { fields: ['sku'], defaultPolicy: null },
    metadata: {},
  });
  return { deps, ns, bucket };
}

async function* bytes(text: string) {
  yield Buffer.from(text);
}

describe('resource use cases over the in-memory fakes', () => {
  it('resolves object write policies against the unique key', async () => {
    const { deps, ns, bucket } = await world();
    const create = new CreateObject(deps);
    const cmd = (policy: 'insert' | 'update' | 'upsert' | null, n: number) => ({
      namespaceId: ns.namespaceId,
      bucket: 'b',
      keyPrefix: null,
      metadata: { sku: 'x', n },
      blobs: [{ property: 'content', data: `v${n}` }],
      policy,
    });
    await expect(create.execute(cmd(null, 1))).rejects.toThrow(BadRequestError);
    await expect(create.execute(cmd('update', 1))).rejects.toThrow(NotFoundError);
    const first = await create.execute(cmd('insert', 1));
    await expect(create.execute(cmd('insert', 2))).rejects.toThrow(AlreadyExistsError);
    const second = await create.execute(cmd('upsert', 2));
    expect(second.objectId).toBe(first.objectId);
    expect(second.metadata).toEqual({ sku: 'x', n: 2 });
    // The replaced blob's bytes are gone; only the new one is stored.
    expect(deps.objects.keys()).toEqual([second.blobs[0]?.storageKey]);
    await expect(create.execute({ ...cmd('insert', 3), metadata: { n: 3 } })).rejects.toThrow(ValidationError);
    expect((await new DescribeBucket(deps).execute(ns.namespaceId, bucket.bucketId)).stats.objectCount).toBe(1);
  });

  it('batch create reports failures by index; update merges; delete removes bytes', async () => {
    const { deps, ns, bucket } = await world();
    const { succeeded, failed } = await new CreateObjectsBatch(deps).execute(ns.namespaceId, 'b', [
      { namespaceId: ns.namespaceId, bucket: 'b', keyPrefix: null, metadata: { sku: 'a' }, blobs: [{ property: 'content', data: 'A' }], policy: 'insert' },
      { failure: new ValidationError('bad body') },
      { namespaceId: ns.namespaceId, bucket: 'b', keyPrefix: null, metadata: { sku: 'a' }, blobs: [], policy: 'insert' },
    ]);
    expect(succeeded).toHaveLength(1);
    expect(failed).toEqual([
      { objectIndex: 1, error: 'bad body', errorType: 'ValidationError' },
      { objectIndex: 2, error: expect.stringContaining('unique key'), errorType: 'AlreadyExistsError' },
    ]);
    const id = succeeded[0]?.objectId as string;
    const updated = await new UpdateObject(deps).execute({ namespaceId: ns.namespaceId, bucket: 'b', objectId: id, metadata: { extra: 1 }, blobs: [{ property: 'content', data: 'B' }] });
    expect(updated.metadata).toEqual({ sku: 'a', extra: 1 });
    expect(updated.blobs.map((b) => b.hash)).toEqual([contentHash(Buffer.from('B'))]);
    expect(deps.objects.keys()).toHaveLength(1);
    const listed = await new ListObjects(deps).execute(ns.namespaceId, 'b', { filters: { 'metadata.extra': 1 }, offset: 0, limit: 10 });
    expect(listed.results.map((o) => o.objectId)).toEqual([id]);
    await new DeleteObject(deps).execute(ns.namespaceId, bucket.bucketId, id);
    expect(deps.objects.keys()).toEqual([]);
    // Subscribers hear about each change of the object.
    expect(deps.events.eventTypes()).toEqual(['object.created', 'object.updated', 'object.deleted']);
    expect(deps.events.eventsOf('object.deleted')[0]?.subject).toEqual({ type: 'object', id });
  });

  it('uploads: content, confirm once, object created from the upload', async () => {
    const { deps, ns } = await world();
    const created = await new CreateUpload(deps, 1000).execute({
      namespaceId: ns.namespaceId, bucket: 'b', filename: 'f.txt', contentType: 'text/plain', fileSizeBytes: 5, expirationSeconds: 60,
      metadata: {}, createObjectOnConfirm: true, objectMetadata: { sku: 'u' }, blobProperty: 'content', blobType: null, fileHash: null, skipDuplicates: true,
    });
    const id = created.upload.uploadId;
    await expect(new ReceiveUploadContent(deps).execute(ns.namespaceId, 'b', id, 'wrong', bytes('hello'))).rejects.toThrow(BadRequestError);
    await new ReceiveUploadContent(deps).execute(ns.namespaceId, 'b', id, created.token as string, bytes('hello'));
    const confirm = new ConfirmUpload(deps);
    // The bucket's unique key has no default policy: the object cannot be created, the upload stays confirmable.
    await expect(confirm.execute(ns.namespaceId, 'b', id, { fileSizeBytes: null })).rejects.toThrow(BadRequestError);
    expect((await deps.metadata.uploads.find(ns.namespaceId, created.upload.bucketId, id))?.status).toBe('PENDING');

    await new CreateBucket(deps).execute({ namespaceId: ns.namespaceId, bucketName: 'plain', description: null, bucketSchema: { properties: { content: { type: 'text' } } }, metadata: {} });
    const plain = await new CreateUpload(deps, 1000).execute({
      namespaceId: ns.namespaceId, bucket: 'plain', filename: 'g.txt', contentType: 'text/plain', fileSizeBytes: null, expirationSeconds: 60,
      metadata: {}, createObjectOnConfirm: true, objectMetadata: {}, blobProperty: 'content', blobType: null, fileHash: null, skipDuplicates: true,
    });
    await new ReceiveUploadContent(deps).execute(ns.namespaceId, 'plain', plain.upload.uploadId, plain.token as string, bytes('hello'));
    const done = await confirm.execute(ns.namespaceId, 'plain', plain.upload.uploadId, { fileSizeBytes: 5 });
    expect(done.object?.blobs[0]).toMatchObject({ storageKey: plain.upload.storageKey, hash: contentHash(Buffer.from('hello')), filename: 'g.txt' });
    await expect(confirm.execute(ns.namespaceId, 'plain', plain.upload.uploadId, { fileSizeBytes: null })).rejects.toThrow(ConflictError);
    await expect(new CreateUpload(deps, 1000).execute({ ...plain.upload, namespaceId: ns.namespaceId, bucket: 'plain', fileSizeBytes: 5000, expirationSeconds: 60, fileHash: null })).rejects.toThrow('upload limit');
  });

  it('namespace and bucket deletes empty every store', async () => {
    const { deps, ns, bucket } = await world();
    await new CreateObject(deps).execute({ namespaceId: ns.namespaceId, bucket: 'b', keyPrefix: null, metadata: { sku: 's' }, blobs: [{ property: 'content', data: 'x' }], policy: 'insert' });
    await deps.vectors.ensureIndex({ name: 'e', dimensions: 2, distance: 'cosine' });
    await deps.vectors.upsert([{ id: 'd1', namespaceId: ns.namespaceId, collectionId: 'c', vectors: { e: Float32Array.from([1, 0]) }, payload: {} }]);

    const bucketDelete = await new DeleteBucket(deps).start(ns.namespaceId, 'b');
    await bucketDelete.run();
    expect((await deps.tasks.get(bucketDelete.task.taskId))?.status).toBe('COMPLETED');
    expect(deps.objects.keys()).toEqual([]);
    expect(await deps.metadata.buckets.findByIdOrName(ns.namespaceId, bucket.bucketId)).toBeNull();

    const nsDelete = await new DeleteNamespace(deps).start('unit');
    await nsDelete.run();
    expect((await deps.tasks.get(nsDelete.task.taskId))?.status).toBe('COMPLETED');
    expect(await deps.vectors.count(ns.namespaceId, 'c')).toBe(0);
    expect(await deps.metadata.namespaces.findByIdOrName('unit')).toBeNull();
    await expect(new DeleteNamespace(deps).start('unit')).rejects.toThrow(NotFoundError);
  });
});
