import { StrataCluster } from '@strata/testing';
import { createFixture, createTextObjects } from './support';

jest.setTimeout(180_000);

describe('batch object ids: a bounded list in the batch, all of them paged', () => {
  let cluster: StrataCluster;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('answers the first 100 ids with the count, and pages through every id in the order they were added', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const objectIds = await createTextObjects(api, fx, 250);
    const created = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds.slice(0, 150) }, fx.namespace);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ object_ids: objectIds.slice(0, 100), object_count: 150, object_ids_truncated: true });
    const batchId = created.body['batch_id'] as string;
    const added = await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects`, { object_ids: objectIds.slice(150) }, fx.namespace);
    expect(added.body).toMatchObject({ object_count: 250, object_ids_truncated: true });

    const got = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}`, fx.namespace);
    expect(got.body).toMatchObject({ object_ids: objectIds.slice(0, 100), object_count: 250, object_ids_truncated: true });

    const paged: string[] = [];
    for (let offset = 0; offset < 250; offset += 100) {
      const page = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?offset=${offset}&limit=100`, fx.namespace);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ batch_id: batchId, total: 250, offset, limit: 100 });
      paged.push(...(page.body['results'] as Array<{ object_id: string }>).map((r) => r.object_id));
    }
    expect(paged).toEqual(objectIds);

    // The cursors of this list carry a position: following next_page reads the same ids.
    const followed: string[] = [];
    let url: string | null = `/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?limit=60`;
    while (url !== null) {
      const page: { status: number; body: Record<string, unknown> } = await api.get(url, fx.namespace);
      expect(page.status).toBe(200);
      followed.push(...(page.body['results'] as Array<{ object_id: string }>).map((r) => r.object_id));
      const next: string | null = (page.body['pagination'] as { next_page: string | null }).next_page;
      url = next === null ? null : `/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?cursor=${next}`;
    }
    expect(followed).toEqual(objectIds);
    // A position past MAX_OFFSET of the other lists is accepted here (an empty page past the end).
    const deep = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batchId}/objects?offset=2000000`, fx.namespace);
    expect(deep.status).toBe(200);
    expect(deep.body).toMatchObject({ total: 250, results: [] });

    const small = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds.slice(0, 3) }, fx.namespace);
    expect(small.body).toMatchObject({ object_ids: objectIds.slice(0, 3), object_count: 3, object_ids_truncated: false });
  });

  it('says what to fix for a bad page request and for an unknown batch', async () => {
    const api = cluster.api;
    const fx = await createFixture(api);
    const [id] = await createTextObjects(api, fx, 1);
    const batch = await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: [id] }, fx.namespace);
    const bad = await api.get(`/v1/buckets/${fx.bucketId}/batches/${batch.body['batch_id'] as string}/objects?limit=0`, fx.namespace);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('limit');
    const missing = await api.get(`/v1/buckets/${fx.bucketId}/batches/btch_nope/objects`, fx.namespace);
    expect(missing.status).toBe(404);
  });
});
