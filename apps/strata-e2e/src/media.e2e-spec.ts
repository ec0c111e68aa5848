import { BATCH_OUTCOMES } from '@strata/domain';
import { StoreInspector, StrataCluster, gradientJpeg, handWrittenPdf, twoColourPng } from '@strata/testing';
import { randomBytes } from 'node:crypto';
import { Fixture, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

describe('image and PDF extractors through the services, with poison files', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('extracts good files, fails corrupt ones with a category and stage, and the worker survives', async () => {
    const api = cluster.api;
    const namespace = `ns-${randomBytes(4).toString('hex')}`;
    expect((await api.post('/v1/namespaces', { namespace_name: namespace })).status).toBe(200);
    const bucket = await api.post(
      '/v1/buckets',
      { bucket_name: 'media', bucket_schema: { properties: { photo: { type: 'image' }, report: { type: 'pdf' }, title: { type: 'string' } } } },
      namespace,
    );
    expect(bucket.status).toBe(200);
    const bucketId = bucket.body['bucket_id'] as string;
    const collection = async (name: string, extractor: string, input: Record<string, string>, parameters: Record<string, unknown> = {}) => {
      const res = await api.post(
        '/v1/collections',
        {
          collection_name: name,
          source: { type: 'bucket', bucket_ids: [bucketId] },
          feature_extractor: { feature_extractor_name: extractor, version: 'v1', input_mappings: input, parameters, field_passthrough: ['title'] },
        },
        namespace,
      );
      expect(res.status).toBe(200);
      return res.body['collection_id'] as string;
    };
    const images = await collection('photos', 'image_extractor', { image: 'photo' }, { thumbnail_size: 64 });
    const pdfs = await collection('reports', 'pdf_extractor', { pdf: 'report' }, { split_by: 'sentences', chunk_size: 1 });

    const jpeg = await gradientJpeg(120, 90);
    const upload = async (title: string, photo: Buffer, report: Buffer) => {
      const res = await api.post(
        `/v1/buckets/${bucketId}/objects`,
        {
          metadata: { title },
          blobs: [
            { property: 'photo', type: 'image', data: { base64: photo.toString('base64'), mime_type: 'image/jpeg' } },
            { property: 'report', type: 'pdf', data: { base64: report.toString('base64'), mime_type: 'application/pdf' } },
          ],
        },
        namespace,
      );
      expect(res.status).toBe(200);
      return res.body['object_id'] as string;
    };
    const good = await upload('good', await twoColourPng(64, 48), handWrittenPdf(['First page. Two sentences.', 'Second page.']));
    const poison = await upload('poison', jpeg.subarray(0, Math.floor(jpeg.length / 4)), Buffer.from('%PDF-1.7 this is not a pdf at all'));
    const fx: Fixture = { namespace, namespaceId: '', bucketId, collectionId: images };

    const { batchId } = await submitBatch(api, fx, [good, poison]);
    const done = await waitForStatus(api, fx, batchId, BATCH_OUTCOMES, 90_000);
    expect(done.status).toBe('COMPLETED_WITH_ERRORS');
    expect(done.progress).toMatchObject({ total: 4, succeeded: 2, failed: 2 });
    expect(done['error_summary']).toEqual({ validation: 2 });

    const inspector = new StoreInspector(cluster.metadataFile, cluster.vectorsFile);
    try {
      const photoDocs = inspector.documentRows(images);
      expect(photoDocs).toHaveLength(1);
      expect(photoDocs[0]?.payload).toMatchObject({ width: 64, height: 48, format: 'png', title: 'good', object_id: good });
      expect(inspector.points(images).withVector).toBe(2); // histogram and perceptual hash
      const reportDocs = inspector.documentRows(pdfs);
      expect(reportDocs.map((d) => [d.payload['page_number'], d.payload['chunk_index']]).sort()).toEqual([
        [1, 0],
        [1, 1],
        [2, 0],
      ]);
      expect(reportDocs.every((d) => d.payload['title'] === 'good')).toBe(true);
      const failures = inspector.failures(batchId);
      expect(failures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ itemId: poison, collectionId: images, category: 'validation', stage: 'decode' }),
          expect.objectContaining({ itemId: poison, collectionId: pdfs, category: 'validation', stage: 'parse_pdf' }),
        ]),
      );
    } finally {
      inspector.close();
    }

    // The thumbnail is a real JPEG in object storage, reachable from the document.
    const thumbnail = (await api.post(`/v1/collections/${images}/documents/list?limit=1`, {}, namespace)).body['results'] as Array<Record<string, unknown>>;
    expect(JSON.stringify(thumbnail[0])).toContain('thumbnail.jpg');

    // The worker that met the poison files is still serving.
    const health = await fetch(`http://127.0.0.1:${cluster.port('extractor-worker')}/health/ready`);
    expect(health.status).toBe(200);
  });
});
