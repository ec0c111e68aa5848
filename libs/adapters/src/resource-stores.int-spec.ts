import { NewBatch, Blob, Bucket, StoredObject, Upload, newId, draftBatch} from '@strata/domain';
import { tempDir } from '@strata/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalObjectStorage } from './local/local-object.storage';
import { SqliteMetadataStore } from './sqlite/sqlite-metadata.store';
import { SqliteVecVectorStore } from './sqlite/sqlite-vec-vector.store';

const NOW = '2026-11-29T12:00:00.000Z';

function bucket(namespaceId: string, name: string, uniqueKey: Bucket['uniqueKey'] = null): Bucket {
  return {
    namespaceId,
    bucketId: newId('bucket'),
    bucketName: name,
    description: null,
    bucketSchema: { properties: { content: { type: 'text' }, sku: { type: 'string' } } },
    uniqueKey,
    metadata: {},
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function blob(size: number, hash: string): Blob {
  return { blobId: newId('blob'), property: 'content', type: 'text', storageKey: 'k', filename: null, mimeType: 'text/plain', sizeBytes: size, hash };
}

function object(b: Bucket, extra: Partial<StoredObject> = {}): StoredObject {
  return { namespaceId: b.namespaceId, bucketId: b.bucketId, objectId: newId('object'), keyPrefix: null, metadata: {}, blobs: [], createdAt: NOW, updatedAt: NOW, ...extra };
}

function draft(b: Bucket, objectIds: string[]): NewBatch {
  return draftBatch({ namespaceId: b.namespaceId, bucketId: b.bucketId, batchId: newId('batch'), objectIds, now: NOW });
}

describe('resource methods of the embedded stores (real SQLite, sqlite-vec, local directory)', () => {
  let dir: { path: string; remove: () => void };
  let store: SqliteMetadataStore;

  beforeEach(async () => {
    dir = tempDir('resources');
    store = new SqliteMetadataStore(join(dir.path, 'strata.db'));
    for (const [id, name] of [['ns_aaaaaaaaaaaaaaaa', 'one'], ['ns_bbbbbbbbbbbbbbbb', 'two']]) {
      await store.namespaces.create({ namespaceId: id as string, namespaceName: name as string, description: null, createdAt: NOW, updatedAt: NOW });
    }
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('updates and lists namespaces and buckets; names stay unique', async () => {
    const renamed = await store.namespaces.update('ns_aaaaaaaaaaaaaaaa', { namespaceName: 'uno', description: 'd' }, NOW);
    expect(renamed).toMatchObject({ namespaceName: 'uno', description: 'd' });
    expect(await store.namespaces.update('ns_aaaaaaaaaaaaaaaa', { description: null }, NOW)).toMatchObject({ namespaceName: 'uno', description: null });
    await expect(store.namespaces.update('ns_aaaaaaaaaaaaaaaa', { namespaceName: 'two' }, NOW)).rejects.toThrow('already exists');
    expect(await store.namespaces.update('ns_missing', { description: 'x' }, NOW)).toBeNull();
    expect((await store.namespaces.list({ offset: 0, limit: 1 })).total).toBe(2);

    const a = bucket('ns_aaaaaaaaaaaaaaaa', 'a', { fields: ['sku'], defaultPolicy: 'upsert' });
    const b = bucket('ns_aaaaaaaaaaaaaaaa', 'b');
    await store.buckets.create(a);
    await store.buckets.create(b);
    expect((await store.buckets.findByIdOrName(a.namespaceId, 'a'))?.uniqueKey).toEqual({ fields: ['sku'], defaultPolicy: 'upsert' });
    expect(await store.buckets.update(a.namespaceId, a.bucketId, { metadata: { x: 1 } }, NOW)).toMatchObject({ bucketName: 'a', metadata: { x: 1 } });
    await expect(store.buckets.update(a.namespaceId, a.bucketId, { bucketName: 'b' }, NOW)).rejects.toThrow('already exists');
    expect(await store.buckets.update('ns_bbbbbbbbbbbbbbbb', a.bucketId, { description: 'x' }, NOW)).toBeNull();
    // Equal created_at: ordered by id, so the second page holds the larger id.
    const second = [a, b].sort((x, y) => (x.bucketId < y.bucketId ? -1 : 1))[1] as Bucket;
    expect((await store.buckets.list(a.namespaceId, { offset: 1, limit: 10 })).results.map((x) => x.bucketId)).toEqual([second.bucketId]);
    expect((await store.buckets.list('ns_bbbbbbbbbbbbbbbb', { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('objects: unique key index, update, delete, list, hash lookup and bucket stats', async () => {
    const b = bucket('ns_aaaaaaaaaaaaaaaa', 'a', { fields: ['sku'], defaultPolicy: null });
    await store.buckets.create(b);
    const o1 = object(b, { uniqueKeyValue: '[["sku","1"]]', blobs: [blob(10, 'sha256:aa'), blob(5, 'sha256:bb')] });
    await store.objects.create(o1);
    await expect(store.objects.create(object(b, { uniqueKeyValue: '[["sku","1"]]' }))).rejects.toThrow('already exists');
    await store.objects.create(object(b, { blobs: [blob(1, 'sha256:cc')] }));
    expect((await store.objects.findByUniqueKey(b.namespaceId, b.bucketId, '[["sku","1"]]'))?.objectId).toBe(o1.objectId);
    expect((await store.objects.findByBlobHash(b.namespaceId, b.bucketId, 'sha256:bb'))?.objectId).toBe(o1.objectId);
    expect(await store.objects.findByBlobHash('ns_bbbbbbbbbbbbbbbb', b.bucketId, 'sha256:bb')).toBeNull();
    await store.batches.create(draft(b, [o1.objectId]));
    expect(await store.buckets.stats(b.namespaceId, b.bucketId)).toEqual({ objectCount: 2, totalSizeBytes: 16, batchesByStatus: { DRAFT: 1 } });

    expect(await store.objects.update({ ...o1, metadata: { sku: '1', n: 2 } })).toBe(true);
    expect((await store.objects.find(b.namespaceId, b.bucketId, o1.objectId))?.metadata).toEqual({ sku: '1', n: 2 });
    expect(await store.objects.update({ ...o1, namespaceId: 'ns_bbbbbbbbbbbbbbbb' })).toBe(false);
    const page = await store.objects.list(b.namespaceId, b.bucketId, { offset: 0, limit: 1 });
    expect(page.total).toBe(2);
    expect(page.results).toHaveLength(1);
    expect(await store.objects.delete('ns_bbbbbbbbbbbbbbbb', b.bucketId, o1.objectId)).toBe(false);
    expect(await store.objects.delete(b.namespaceId, b.bucketId, o1.objectId)).toBe(true);
    expect((await store.buckets.stats(b.namespaceId, b.bucketId)).objectCount).toBe(1);
  });

  it('uploads: compare-and-set on status, hash lookup of completed ones', async () => {
    const b = bucket('ns_aaaaaaaaaaaaaaaa', 'a');
    await store.buckets.create(b);
    const upload: Upload = {
      namespaceId: b.namespaceId, bucketId: b.bucketId, uploadId: newId('upload'), filename: 'f.txt', contentType: 'text/plain',
      fileSizeBytes: null, fileHash: null, storageKey: 'k', status: 'PENDING', receivedBytes: 3, receivedHash: 'sha256:ab',
      metadata: {}, objectMetadata: {}, blobProperty: 'content', blobType: 'text', createObjectOnConfirm: true, skipDuplicates: true,
      objectId: null, expiresAt: NOW, createdAt: NOW, updatedAt: NOW, completedAt: null,
    };
    await store.uploads.create(upload);
    expect(await store.uploads.findCompletedByHash(b.namespaceId, b.bucketId, 'sha256:ab')).toBeNull();
    expect(await store.uploads.update({ ...upload, status: 'COMPLETED' }, 'PENDING')).toBe(true);
    expect(await store.uploads.update({ ...upload, status: 'COMPLETED' }, 'PENDING')).toBe(false);
    expect((await store.uploads.findCompletedByHash(b.namespaceId, b.bucketId, 'sha256:ab'))?.uploadId).toBe(upload.uploadId);
    expect((await store.uploads.list(b.namespaceId, b.bucketId, { offset: 0, limit: 10 })).total).toBe(1);
    expect(await store.uploads.find('ns_bbbbbbbbbbbbbbbb', b.bucketId, upload.uploadId)).toBeNull();
    expect(await store.uploads.delete(b.namespaceId, b.bucketId, upload.uploadId)).toBe(true);
  });

  it('bucket and namespace deletes remove every row of theirs and nothing else', async () => {
    const a = bucket('ns_aaaaaaaaaaaaaaaa', 'a');
    const keep = bucket('ns_aaaaaaaaaaaaaaaa', 'keep');
    const other = bucket('ns_bbbbbbbbbbbbbbbb', 'a');
    for (const b of [a, keep, other]) {
      await store.buckets.create(b);
      const o = object(b);
      await store.objects.create(o);
      await store.batches.create(draft(b, [o.objectId]));
    }
    expect(await store.buckets.delete(a.namespaceId, a.bucketId)).toBe(true);
    expect(await store.buckets.delete(a.namespaceId, a.bucketId)).toBe(false);
    expect((await store.objects.list(a.namespaceId, a.bucketId, { offset: 0, limit: 10 })).total).toBe(0);
    expect((await store.batches.list(a.namespaceId, a.bucketId, { status: null, offset: 0, limit: 10 })).total).toBe(0);
    expect((await store.objects.list(keep.namespaceId, keep.bucketId, { offset: 0, limit: 10 })).total).toBe(1);

    await store.namespaces.delete('ns_aaaaaaaaaaaaaaaa');
    expect(await store.namespaces.findByIdOrName('ns_aaaaaaaaaaaaaaaa')).toBeNull();
    expect(await store.buckets.findByIdOrName('ns_aaaaaaaaaaaaaaaa', 'keep')).toBeNull();
    expect((await store.batches.list(keep.namespaceId, keep.bucketId, { status: null, offset: 0, limit: 10 })).total).toBe(0);
    expect((await store.objects.list(other.namespaceId, other.bucketId, { offset: 0, limit: 10 })).total).toBe(1);
    expect((await store.batches.list(other.namespaceId, other.bucketId, { status: null, offset: 0, limit: 10 })).total).toBe(1);
  });

  it('local storage streams writes atomically and deletes by prefix; sqlite-vec deletes by namespace or collection', async () => {
    const storage = new LocalObjectStorage(join(dir.path, 'objects'));
    async function* chunks(fail: boolean) {
      yield Buffer.from('hello ');
      if (fail) throw new Error('too large');
      yield Buffer.from('world');
    }
    expect(await storage.putStream('ns/b/x.txt', chunks(false))).toEqual({
      sizeBytes: 11,
      hash: 'sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
    });
    await expect(storage.putStream('ns/b/y.txt', chunks(true))).rejects.toThrow('too large');
    expect(await storage.exists('ns/b/y.txt')).toBe(false);
    await storage.put('ns/c/z', Buffer.from('z'));
    expect(await storage.deletePrefix('ns/b/')).toBe(1);
    expect(existsSync(join(dir.path, 'objects', 'ns', 'b'))).toBe(false);
    expect(await storage.exists('ns/c/z')).toBe(true);
    expect(await storage.deletePrefix('ns/missing/')).toBe(0);

    const vectors = new SqliteVecVectorStore(join(dir.path, 'vectors.db'));
    try {
      await vectors.ensureIndex({ name: 'e', dimensions: 2, distance: 'cosine' });
      const point = (id: string, ns: string, col: string) => ({ id, namespaceId: ns, collectionId: col, vectors: { e: Float32Array.from([1, 0]) }, payload: {} });
      await vectors.upsert([point('p1', 'ns1', 'c1'), point('p2', 'ns1', 'c2'), point('p3', 'ns2', 'c1')]);
      expect(await vectors.deleteWhere({ namespaceId: 'ns1', collectionId: 'c1' })).toBe(1);
      expect(await vectors.count('ns1', 'c2')).toBe(1);
      expect(await vectors.deleteWhere({ namespaceId: 'ns1' })).toBe(1);
      expect(await vectors.count('ns2', 'c1')).toBe(1);
      const hits = await vectors.search({ namespaceId: 'ns1', collectionId: 'c2', vectorIndex: 'e', vector: Float32Array.from([1, 0]), topK: 5 });
      expect(hits).toEqual([]);
    } finally {
      await vectors.close();
    }
  });
});
