import { ApiClient, StoreInspector, StrataCluster, gradientJpeg, handWrittenPdf, twoColourPng } from '@strata/testing';
import { createHash } from 'node:crypto';
import { OBJECTS, SLOW_WORK_ENV, TextFixture, createObjects, draftBatch, report, submit, textFixture, verifyBatch, waitTerminal } from './support';

jest.setTimeout(900_000);

const BIG = 200 * 1024 * 1024;

/** An object whose `property` blob is `bytes`, through the presigned upload flow (no JSON size limit). */
async function upload(api: ApiClient, fx: { namespace: string; bucketId: string }, property: string, bytes: Buffer, contentType: string): Promise<{ status: number; objectId?: string; body: unknown }> {
  const created = await api.post(
    `/v1/buckets/${fx.bucketId}/uploads`,
    { filename: `f.${property}`, content_type: contentType, blob_property: property, file_hash: createHash('sha256').update(bytes).digest('hex'), object_metadata: { title: property } },
    fx.namespace,
  );
  if (created.status !== 200) return { status: created.status, body: created.body };
  const url = new URL(created.body['presigned_url'] as string);
  const put = await api.request('PUT', `${url.pathname}${url.search}`, { namespace: fx.namespace, headers: { 'content-type': contentType }, raw: bytes });
  if (put.status !== 200) return { status: put.status, body: put.body };
  const confirmed = await api.post(`/v1/buckets/${fx.bucketId}/uploads/${created.body['upload_id']}/confirm`, { file_size_bytes: bytes.length }, fx.namespace);
  return { status: confirmed.status, objectId: confirmed.body['object_id'] as string | undefined, body: confirmed.body };
}

describe('poison objects', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { ...SLOW_WORK_ENV, MAX_UPLOAD_BYTES: String(256 * 1024 * 1024) } });
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('a zero-byte text and a 200 MB blob among good text objects: those two fail categorized, the rest complete, no worker dies', async () => {
    const api = cluster.api;
    const fx: TextFixture = await textFixture(api);
    const ids = await createObjects(api, fx, OBJECTS);
    const empty = await upload(api, fx, 'content', Buffer.alloc(0), 'text/plain');
    const big = await upload(api, fx, 'content', Buffer.alloc(BIG, 'a'), 'text/plain');
    const poison = [empty, big].map((u) => u.objectId).filter((id): id is string => id !== undefined);
    const batchId = await draftBatch(api, fx, [...ids, ...poison]);
    const started = Date.now();
    await submit(api, fx, batchId);
    const done = await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    expect(done.status).toBe('COMPLETED_WITH_ERRORS');
    const verified = await verifyBatch(cluster, fx, batchId, {
      status: 'COMPLETED_WITH_ERRORS',
      succeeded: new Set(ids),
      failed: new Set(poison),
      total: ids.length + poison.length,
    });
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    const failures = inspector.failures(batchId);
    inspector.close();
    expect(failures.map((f) => f.itemId).sort()).toEqual([...poison].sort());
    for (const f of failures) expect(['validation', 'resource']).toContain(f.category);
    expect(cluster.isRunning('extractor-worker', 0)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${cluster.port('extractor-worker')}/health/ready`)).status).toBe(200);
    report('poison text objects', {
      seconds,
      emptyUpload: empty.status,
      bigUpload: big.status,
      failures: failures.map((f) => ({ category: f.category, stage: f.stage, message: f.message.slice(0, 120) })),
      ...verified,
    });
  });

  it('a corrupt PDF, a truncated image and a zero-byte PDF among good media: those fail categorized, the rest complete', async () => {
    const api = cluster.api;
    const namespace = `p-${Date.now().toString(36)}`;
    expect((await api.post('/v1/namespaces', { namespace_name: namespace })).status).toBe(200);
    const bucket = await api.post(
      '/v1/buckets',
      { bucket_name: 'media', bucket_schema: { properties: { photo: { type: 'image' }, report: { type: 'pdf' }, title: { type: 'string' } } } },
      namespace,
    );
    const bucketId = bucket.body['bucket_id'] as string;
    const collection = async (name: string, extractor: string, input: Record<string, string>, parameters: Record<string, unknown>) => {
      const res = await api.post(
        '/v1/collections',
        { collection_name: name, source: { type: 'bucket', bucket_ids: [bucketId] }, feature_extractor: { feature_extractor_name: extractor, version: 'v1', input_mappings: input, parameters } },
        namespace,
      );
      expect(res.status).toBe(200);
      return res.body['collection_id'] as string;
    };
    const images = await collection('photos', 'image_extractor', { image: 'photo' }, { thumbnail_size: 32 });
    const pdfs = await collection('reports', 'pdf_extractor', { pdf: 'report' }, { split_by: 'sentences', chunk_size: 1 });
    const png = await twoColourPng(32, 24);
    const pdf = handWrittenPdf(['One page. Two sentences.']);
    const jpeg = await gradientJpeg(120, 90);
    const object = async (photo: Buffer, report: Buffer) => {
      const res = await api.post(
        `/v1/buckets/${bucketId}/objects`,
        {
          metadata: { title: 'm' },
          blobs: [
            { property: 'photo', type: 'image', data: { base64: photo.toString('base64'), mime_type: 'image/png' } },
            { property: 'report', type: 'pdf', data: { base64: report.toString('base64'), mime_type: 'application/pdf' } },
          ],
        },
        namespace,
      );
      return res;
    };
    const good: string[] = [];
    for (let i = 0; i < 20; i += 1) good.push((await object(png, pdf)).body['object_id'] as string);
    const truncated = (await object(jpeg.subarray(0, Math.floor(jpeg.length / 3)), pdf)).body['object_id'] as string;
    const corrupt = (await object(png, Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage'))).body['object_id'] as string;
    const zero = await object(png, Buffer.alloc(0));
    const ids = [...good, truncated, corrupt, ...(zero.status === 200 ? [zero.body['object_id'] as string] : [])];
    const fx = { namespace, bucketId, collectionId: images };
    const batchId = await draftBatch(api, fx, ids);
    await submit(api, fx, batchId);
    const done = await waitTerminal(api, fx, batchId);
    expect(done.status).toBe('COMPLETED_WITH_ERRORS');
    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    const failures = inspector.failures(batchId);
    const photoDocs = inspector.documents(images);
    const pdfDocs = inspector.documents(pdfs);
    inspector.close();
    const expectedFailures = [
      { itemId: truncated, collectionId: images },
      { itemId: corrupt, collectionId: pdfs },
      ...(zero.status === 200 ? [{ itemId: zero.body['object_id'] as string, collectionId: pdfs }] : []),
    ];
    expect(failures.map((f) => ({ itemId: f.itemId, collectionId: f.collectionId })).sort((a, b) => a.itemId.localeCompare(b.itemId))).toEqual(
      expectedFailures.sort((a, b) => a.itemId.localeCompare(b.itemId)),
    );
    for (const f of failures) expect(f.category).toBe('validation');
    expect(photoDocs).toMatchObject({ rows: ids.length - 1, distinct: ids.length - 1 });
    expect(pdfDocs.objects.size).toBe(good.length + 1);
    expect(done.progress).toMatchObject({ total: 2 * ids.length, failed: expectedFailures.length, succeeded: 2 * ids.length - expectedFailures.length });
    expect(cluster.isRunning('extractor-worker', 0)).toBe(true);
    report('poison media objects', {
      zeroBytePdf: zero.status === 200 ? 'accepted, failed in the worker' : `refused by the API (${zero.status})`,
      failures: failures.map((f) => ({ category: f.category, stage: f.stage, message: f.message.slice(0, 120) })),
    });
  });
});
