import { BATCH_OUTCOMES } from '@strata/domain';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { LocalServer, S3RVER_CREDENTIALS, StrataCluster, startCongoDb, startS3rver, waitFor } from '@strata/testing';
import { createConnection } from 'mongoose';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createFixture, createTextObjects, submitBatch, waitForStatus } from './support';

jest.setTimeout(240_000);

/**
 * The batch flow of batch-flow.e2e-spec.ts with the production metadata and object stores: the
 * four built apps run on MongoDB (MONGO_URL when set, else a CongoDB wire server started here) and
 * S3 (S3_ENDPOINT when set, else s3rver started here). Vectors stay in sqlite-vec: no Qdrant
 * server exists in CI (the Qdrant adapter is covered by its request-shape and conformance tests).
 */
describe('a batch through the four services on MongoDB and S3', () => {
  let cluster: StrataCluster;
  let mongo: LocalServer | null = null;
  let s3: (LocalServer & { bucket: string }) | null = null;
  let mongoUrl: string;
  let s3Env: Record<string, string>;

  beforeAll(async () => {
    mongoUrl = process.env['MONGO_URL'] ?? (mongo = await startCongoDb()).url;
    if (process.env['S3_ENDPOINT'] !== undefined) {
      s3Env = Object.fromEntries(
        ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].flatMap((k) =>
          process.env[k] === undefined ? [] : [[k, process.env[k] as string]],
        ),
      );
    } else {
      s3 = await startS3rver('strata-e2e');
      s3Env = { S3_ENDPOINT: s3.url, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey };
    }
    cluster = await StrataCluster.start({ env: { MONGO_URL: mongoUrl, ...s3Env } });
  });

  afterAll(async () => {
    await cluster?.destroy();
    await mongo?.stop();
    await s3?.stop();
  });

  it('runs 60 text objects to COMPLETED with every document and outcome recorded once in MongoDB, blobs in S3', async () => {
    const api = cluster.api;
    expect(cluster.logs('batch-api')).toContain('"metadata":"mongodb","objectStorage":"s3","vectors":"sqlite-vec"');
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 60);
    const { batchId, taskId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 120_000);
    expect(done.status).toBe('COMPLETED');
    expect(done.progress).toMatchObject({ processed: 60, total: 60, succeeded: 60, failed: 0 });
    expect(done.tier_tasks[0]).toMatchObject({ status: 'COMPLETED', items_succeeded: 60, documents_written: 120 });
    expect((await api.get(`/v1/tasks/${taskId}`)).body['status']).toBe('COMPLETED');

    const listed = await api.post(`/v1/collections/${fx.collectionId}/documents/list?limit=5`, {}, fx.namespace);
    expect((listed.body['pagination'] as { total: number }).total).toBe(120);
    const first = (listed.body['results'] as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    // Filters, sorts and search on payload, lineage and metadata fields run in MongoDB's aggregation pipeline (docs/adr/0079).
    type Listed = { results: Array<Record<string, unknown>>; pagination: { total: number } };
    const byObject = (await api.post(`/v1/collections/${fx.collectionId}/documents/list`, { filters: { '_internal.lineage.root_object_id': objectIds[7] }, search: 'number 7 talks' }, fx.namespace)).body as Listed;
    expect(byObject.pagination.total).toBe(1);
    expect((byObject.results[0]?.['_internal'] as { lineage: { root_object_id: string } }).lineage.root_object_id).toBe(objectIds[7]);
    const titled = (
      await api.post(
        `/v1/buckets/${fx.bucketId}/objects/list?limit=3`,
        { filters: { AND: [{ field: 'metadata.title', operator: 'starts_with', value: 'T1' }, { field: 'blobs', operator: 'exists' }] }, sort: { field: 'metadata.title', direction: 'desc' } },
        fx.namespace,
      )
    ).body as Listed;
    expect(titled.pagination.total).toBe(11);
    expect(titled.results.map((o) => (o['metadata'] as { title: string }).title)).toEqual(['t19', 't18', 't17']);
    // A regex condition is not run by MongoDB (PCRE; the reference is RE2): the API scans, same answer shape.
    const byRegex = (await api.post(`/v1/buckets/${fx.bucketId}/objects/list`, { filters: { field: 'metadata.title', operator: 'regex', value: '^t1[0-2]$' }, sort: { field: 'metadata.title' } }, fx.namespace)).body as Listed;
    expect(byRegex.results.map((o) => (o['metadata'] as { title: string }).title)).toEqual(['t10', 't11', 't12']);
    expect(byRegex.pagination.total).toBe(3);
    const doc = await api.get(`/v1/collections/${fx.collectionId}/documents/${first['document_id']}?return_vectors=true`, fx.namespace);
    expect((doc.body['vectors'] as Record<string, number[]>)['text_extractor_v1_embedding']).toHaveLength(384);
    // The batch log from MongoDB: every transition once, in order (docs/adr/0077-batch-logs.md).
    const log = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/logs`, fx.namespace);
    expect((log.body['results'] as Array<Record<string, unknown>>).map((e) => e['event'])).toEqual([
      'batch.created',
      'batch.submitted',
      'batch.claimed',
      'tier.started',
      'tier.finished',
      'batch.finished',
    ]);

    // Straight from the stores: nothing written twice, nothing in the embedded files.
    const prefix = cluster.prefix.replace(/-/g, '_');
    const conn = await createConnection(mongoUrl, { serverMonitoringMode: 'poll', dbName: 'strata' }).asPromise();
    try {
      const db = conn.db;
      if (db === undefined) throw new Error('no database');
      const docs = await db.collection(`${prefix}_documents`).find({ collectionId: fx.collectionId }).project({ documentId: 1, objectId: 1 }).toArray();
      expect(docs).toHaveLength(120);
      expect(new Set(docs.map((d) => d['documentId'])).size).toBe(120);
      expect(new Set(docs.map((d) => d['objectId'])).size).toBe(60);
      expect(await db.collection(`${prefix}_batch_items`).countDocuments({ batchId })).toBe(60);
    } finally {
      await conn.close();
    }
    expect(existsSync(cluster.metadataFile)).toBe(false);
    expect(existsSync(join(cluster.dataDir, 'data', 'objects'))).toBe(false);
    const client = new S3Client({
      region: s3Env['S3_REGION'] ?? 'us-east-1',
      endpoint: s3Env['S3_ENDPOINT'],
      forcePathStyle: true,
      credentials: { accessKeyId: s3Env['S3_ACCESS_KEY_ID'] ?? '', secretAccessKey: s3Env['S3_SECRET_ACCESS_KEY'] ?? '' },
    });
    try {
      const keys = await client.send(new ListObjectsV2Command({ Bucket: s3Env['S3_BUCKET'], Prefix: `${prefix}/`, MaxKeys: 1000 }));
      // One blob per object, plus the batch manifest.
      expect(keys.KeyCount).toBeGreaterThanOrEqual(61);
    } finally {
      client.destroy();
    }
    await waitFor(() => cluster.logs('webhook-dispatcher').includes('"event_type":"batch.completed"'), {
      timeoutMs: 10_000,
      description: 'batch.completed at the dispatcher',
    });
  });

  it('the bulk route stores NDJSON lines in MongoDB (insertMany per chunk) and their blobs in S3, and adds them to the batch', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const [seed] = await createTextObjects(api, fx, 1);
    const batch = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [seed] }, fx.namespace);
    const batchId = batch.body['batch_id'] as string;
    const lines = Array.from({ length: 25 }, (_, i) => JSON.stringify({ metadata: { title: `m${i}` }, blobs: [{ property: 'content', type: 'text', data: `Mongo line ${i}. It is short.` }] }));
    lines.splice(3, 0, '{not json');
    const res = await api.request('POST', `/v1/buckets/${fx.bucketId}/objects/bulk?batch_id=${batchId}&chunk_size=10`, {
      raw: lines.join('\n'),
      namespace: fx.namespace,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lines: 26, created_count: 25, failed_count: 1, batch_object_count: 26, errors: [{ line: 4, error_type: 'ValidationError' }] });
    const page = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?offset=25&limit=5`, fx.namespace);
    const [last] = (page.body['results'] as Array<{ object_id: string }>).map((r) => r.object_id);
    const object = await api.get(`/v1/buckets/${fx.bucketId}/objects/${last as string}`, fx.namespace);
    expect(object.body['metadata']).toEqual({ title: 'm24' });
    await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 120_000);
    expect(done).toMatchObject({ status: 'COMPLETED', progress: { processed: 26, failed: 0 } });
  });

  it('an upload is streamed to S3 and confirmed in MongoDB; deleting the namespace empties both', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const uploads = `/v1/buckets/${fx.bucketId}/uploads`;
    const text = 'Streamed into S3 by the upload flow. It has two sentences.';
    const sha = `sha256:${createHash('sha256').update(text).digest('hex')}`;
    const created = await api.post(uploads, { filename: 'notes.txt', content_type: 'text/plain', blob_property: 'content', object_metadata: { title: 'up' } }, fx.namespace);
    expect(created.status).toBe(200);
    const url = new URL(created.body['presigned_url'] as string);
    const put = await api.request('PUT', `${url.pathname}${url.search}`, { namespace: fx.namespace, headers: { 'content-type': 'text/plain' }, raw: text });
    expect(put.status).toBe(200);
    const confirmed = await api.post(`${uploads}/${created.body['upload_id']}/confirm`, {}, fx.namespace);
    expect(confirmed.body).toMatchObject({ status: 'COMPLETED', object_id: expect.stringMatching(/^obj_/) });
    // The hash index on blobs answers duplicate detection, the upload list comes from MongoDB.
    const listed = await api.post(`${uploads}/list`, { filters: { status: 'COMPLETED' } }, fx.namespace);
    expect((listed.body['results'] as Array<Record<string, unknown>>).map((u) => u['upload_id'])).toEqual([created.body['upload_id']]);
    const objectIds = [confirmed.body['object_id'] as string, ...(await createTextObjects(api, fx, 2))];
    const { batchId } = await submitBatch(api, fx, objectIds);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 60_000);
    expect(done.status).toBe('COMPLETED');

    const prefix = cluster.prefix.replace(/-/g, '_');
    const client = new S3Client({
      region: s3Env['S3_REGION'] ?? 'us-east-1',
      endpoint: s3Env['S3_ENDPOINT'],
      forcePathStyle: true,
      credentials: { accessKeyId: s3Env['S3_ACCESS_KEY_ID'] ?? '', secretAccessKey: s3Env['S3_SECRET_ACCESS_KEY'] ?? '' },
    });
    const s3Keys = async () =>
      (await client.send(new ListObjectsV2Command({ Bucket: s3Env['S3_BUCKET'], Prefix: `${prefix}/${fx.namespaceId}/`, MaxKeys: 1000 }))).KeyCount ?? 0;
    const conn = await createConnection(mongoUrl, { serverMonitoringMode: 'poll', dbName: 'strata' }).asPromise();
    try {
      const db = conn.db;
      if (db === undefined) throw new Error('no database');
      const count = (name: string, filter: Record<string, unknown>) => db.collection(`${prefix}_${name}`).countDocuments(filter);
      expect(await count('uploads', { namespaceId: fx.namespaceId, receivedHash: sha })).toBe(1);
      expect(await count('batch_progress_seconds', { batchId })).toBeGreaterThan(0);
      expect(await s3Keys()).toBeGreaterThanOrEqual(4);
      const scoped = ['namespaces', 'buckets', 'objects', 'uploads', 'collections', 'batches', 'documents'];
      const perBatch = ['batch_tiers', 'batch_items', 'batch_progress_seconds'];
      // Every collection the delete must empty holds rows of this namespace now (so 0 later means deleted).
      for (const name of scoped) expect({ name, rows: (await count(name, { namespaceId: fx.namespaceId })) > 0 }).toEqual({ name, rows: true });
      for (const name of perBatch) expect({ name, rows: (await count(name, { batchId })) > 0 }).toEqual({ name, rows: true });

      const del = await api.request('DELETE', `/v1/namespaces/${fx.namespace}`);
      expect(del.status).toBe(200);
      const taskId = del.body['task_id'] as string;
      await waitFor(async () => ['COMPLETED', 'FAILED'].includes((await api.get(`/v1/tasks/${taskId}`)).body['status'] as string), {
        timeoutMs: 30_000,
        description: 'the namespace delete task to finish',
      });
      expect((await api.get(`/v1/tasks/${taskId}`)).body['status']).toBe('COMPLETED');
      for (const name of scoped) {
        expect({ name, left: await count(name, { namespaceId: fx.namespaceId }) }).toEqual({ name, left: 0 });
      }
      for (const name of perBatch) {
        expect({ name, left: await count(name, { batchId }) }).toEqual({ name, left: 0 });
      }
      expect(await s3Keys()).toBe(0);
    } finally {
      await conn.close();
      client.destroy();
    }
  });
});
