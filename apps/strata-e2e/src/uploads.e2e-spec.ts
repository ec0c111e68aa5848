import { ApiClient, StrataCluster } from '@strata/testing';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Fixture, createFixture, submitBatch, waitForStatus } from './support';

jest.setTimeout(180_000);

type Body = Record<string, unknown>;

function expectError(res: { status: number; body: unknown }, status: number, type?: string, says?: string): void {
  const body = res.body as { success: boolean; status: number; error: { message: string; type: string } };
  expect({ status: res.status, body }).toMatchObject({ status, body: { success: false, status } });
  if (type !== undefined) expect(body.error.type).toBe(type);
  if (says !== undefined) expect(body.error.message).toContain(says);
}

const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

describe('uploads (presigned flow against batch-api)', () => {
  let cluster: StrataCluster;
  let api: ApiClient;
  let fx: Fixture;
  let other: Fixture;
  const maxUpload = 64 * 1024;

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { MAX_UPLOAD_BYTES: String(maxUpload) } });
    api = cluster.api;
    fx = await createFixture(api);
    other = await createFixture(api);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  const uploads = () => `/v1/buckets/${fx.bucketId}/uploads`;

  /** PUTs bytes to a presigned_url (a full URL pointing at batch-api). */
  async function putContent(url: string, bytes: string | Buffer, namespace = fx.namespace, contentType = 'text/plain') {
    const path = new URL(url);
    return api.request('PUT', `${path.pathname}${path.search}`, { namespace, headers: { 'content-type': contentType }, raw: bytes });
  }

  it('create, PUT, confirm creates an object that a batch processes', async () => {
    const text = 'Uploaded through the presigned flow. It has two sentences.';
    const created = await api.post(uploads(), { filename: 'notes.txt', content_type: 'text/plain', blob_property: 'content', file_hash: sha(text), object_metadata: { title: 'up' } }, fx.namespace);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      upload_id: expect.stringMatching(/^upl_/),
      status: 'PENDING',
      presigned_url: expect.stringContaining(`/uploads/${created.body['upload_id']}/content?token=`),
      create_object_on_confirm: true,
      blob_property: 'content',
    });
    const uploadId = created.body['upload_id'] as string;
    const put = await putContent(created.body['presigned_url'] as string, text);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ file_size_bytes: Buffer.byteLength(text), file_hash: sha(text) });
    const confirmed = await api.post(`${uploads()}/${uploadId}/confirm`, { file_size_bytes: Buffer.byteLength(text) }, fx.namespace);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'COMPLETED', file_hash: sha(text), object_id: expect.stringMatching(/^obj_/) });
    const objectId = confirmed.body['object_id'] as string;
    const object = await api.get(`/v1/buckets/${fx.bucketId}/objects/${objectId}`, fx.namespace);
    expect(object.body).toMatchObject({
      metadata: { title: 'up' },
      blobs: [{ property: 'content', details: { filename: 'notes.txt', size_bytes: Buffer.byteLength(text), hash: `sha256:${sha(text)}` } }],
    });
    expect((await api.get(`${uploads()}/${uploadId}`, fx.namespace)).body).toMatchObject({ status: 'COMPLETED', object_id: objectId });

    const { batchId } = await submitBatch(api, fx, [objectId]);
    await waitForStatus(api, fx, batchId, ['COMPLETED']);

    // Confirming twice is a conflict, not a second object; the content cannot change any more.
    expectError(await api.post(`${uploads()}/${uploadId}/confirm`, {}, fx.namespace), 409, 'ConflictError', 'already confirmed');
    expectError(await putContent(created.body['presigned_url'] as string, 'changed'), 409, 'ConflictError');
    expectError(await api.request('DELETE', `${uploads()}/${uploadId}`, { namespace: fx.namespace }), 409, 'ConflictError');

    // The same content again: skip_duplicates (default) answers with the existing object, no URL.
    const again = await api.post(uploads(), { filename: 'copy.txt', content_type: 'text/plain', blob_property: 'content', file_hash: sha(text) }, fx.namespace);
    expect(again.body).toMatchObject({ is_duplicate: true, presigned_url: null, existing_object_id: objectId });
  });

  it('checks size and hash on confirm, the token, and the size limit', async () => {
    const mk = (extra: Body = {}) => api.post(uploads(), { filename: 'a.txt', content_type: 'text/plain', blob_property: 'content', ...extra }, fx.namespace);
    const noBytes = await mk();
    expectError(await api.post(`${uploads()}/${noBytes.body['upload_id']}/confirm`, {}, fx.namespace), 400, 'BadRequestError', 'PUT the file');

    const sized = await mk({ file_size_bytes: 3 });
    await putContent(sized.body['presigned_url'] as string, 'four');
    expectError(await api.post(`${uploads()}/${sized.body['upload_id']}/confirm`, {}, fx.namespace), 422, 'ValidationError', 'size mismatch');

    const hashed = await mk({ file_hash: sha('expected'), skip_duplicates: false });
    await putContent(hashed.body['presigned_url'] as string, 'something else');
    expectError(await api.post(`${uploads()}/${hashed.body['upload_id']}/confirm`, {}, fx.namespace), 422, 'ValidationError', 'hash mismatch');
    // After a mismatch the upload can take the right bytes and be confirmed.
    await putContent(hashed.body['presigned_url'] as string, 'expected');
    expect((await api.post(`${uploads()}/${hashed.body['upload_id']}/confirm`, {}, fx.namespace)).body).toMatchObject({ status: 'COMPLETED' });

    const tokened = await mk();
    const url = new URL(tokened.body['presigned_url'] as string);
    expectError(await api.request('PUT', url.pathname + '?token=wrong', { namespace: fx.namespace, raw: 'x' }), 400, 'BadRequestError', 'token');
    expectError(await api.request('PUT', url.pathname, { namespace: fx.namespace, raw: 'x' }), 422, 'ValidationError', 'token');
    expectError(await putContent(url.toString(), 'x', other.namespace), 404, 'NotFoundError');
    expectError(await putContent(url.toString(), '{"a":1}', fx.namespace, 'application/json'), 415);

    const big = await mk();
    expectError(await putContent(big.body['presigned_url'] as string, Buffer.alloc(maxUpload + 1, 97)), 413);
    expectError(await api.post(`${uploads()}/${big.body['upload_id']}/confirm`, {}, fx.namespace), 400, 'BadRequestError', 'PUT the file');
    const key = join(cluster.dataDir, 'data', 'objects', fx.namespaceId, 'buckets', fx.bucketId, 'uploads', big.body['upload_id'] as string);
    expect(existsSync(join(key, 'a.txt'))).toBe(false);
  });

  it('create_object_on_confirm=false, upload_id in a blob, get/list/delete', async () => {
    const text = `by reference ${randomBytes(3).toString('hex')}`;
    const created = await api.post(uploads(), { filename: 'ref.txt', content_type: 'text/plain', create_object_on_confirm: false, metadata: { src: 'cli' } }, fx.namespace);
    await putContent(created.body['presigned_url'] as string, text);
    const confirmed = await api.post(`${uploads()}/${created.body['upload_id']}/confirm`, {}, fx.namespace);
    expect(confirmed.body).toMatchObject({ status: 'COMPLETED', object_id: null });
    const object = await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', upload_id: created.body['upload_id'] }] }, fx.namespace);
    expect(object.status).toBe(200);
    expect(object.body).toMatchObject({ content_hash: `sha256:${sha(text)}`, blobs: [{ details: { filename: 'ref.txt' } }] });

    const pending = await api.post(uploads(), { filename: 'gone.txt', content_type: 'text/plain', blob_property: 'content' }, fx.namespace);
    expectError(
      await api.post(`/v1/buckets/${fx.bucketId}/objects`, { blobs: [{ property: 'content', upload_id: pending.body['upload_id'] }] }, fx.namespace),
      400,
      'BadRequestError',
      'confirm it',
    );
    const list = await api.post(`${uploads()}/list`, { filters: { status: 'COMPLETED' }, limit: 100 }, fx.namespace);
    expect(list.status).toBe(200);
    expect((list.body['results'] as Body[]).every((u) => u['status'] === 'COMPLETED')).toBe(true);
    expect((list.body['results'] as Body[]).map((u) => u['upload_id'])).toContain(created.body['upload_id']);
    expect((await api.post(`${uploads()}/list`, {}, fx.namespace)).body['pagination']).toMatchObject({ page_size: 100 });
    // Fields rebuilt from the stored upload (metadata, the received hash without its prefix) filter in the store.
    const byMetadata = await api.post(`${uploads()}/list`, { filters: { AND: [{ 'metadata.src': 'CLI' }, { file_hash: sha(text) }] }, sort: { field: 'filename', direction: 'desc' } }, fx.namespace);
    expect((byMetadata.body['results'] as Body[]).map((u) => u['upload_id'])).toEqual([created.body['upload_id']]);
    expect(byMetadata.body['pagination']).toMatchObject({ total: 1 });
    expectError(await api.post(`/v1/buckets/${other.bucketId}/uploads/list`, {}, fx.namespace), 404);
    expectError(await api.get(`${uploads()}/${created.body['upload_id']}`, other.namespace), 404);

    expectError(await api.request('DELETE', `${uploads()}/${pending.body['upload_id']}`, { namespace: other.namespace }), 404);
    expect((await api.request('DELETE', `${uploads()}/${pending.body['upload_id']}`, { namespace: fx.namespace })).status).toBe(204);
    expectError(await api.get(`${uploads()}/${pending.body['upload_id']}`, fx.namespace), 404, 'NotFoundError');
  });

  it('rejects malformed upload requests with a message that says what to fix', async () => {
    const bad = async (body: unknown, status: number, says: string) => expectError(await api.post(uploads(), body, fx.namespace), status, undefined, says);
    await bad({ content_type: 'text/plain' }, 422, 'filename');
    await bad({ filename: '../etc/passwd', content_type: 'text/plain', blob_property: 'content' }, 422, 'path traversal');
    await bad({ filename: 'a.txt', content_type: 'not a mime', blob_property: 'content' }, 422, 'MIME');
    await bad({ filename: 'a.txt', content_type: 'text/plain', blob_property: 'title' }, 422, 'not a blob field');
    await bad({ filename: 'a.txt', content_type: 'text/plain', blob_property: 'content', blob_type: 'image' }, 422, 'does not match');
    await bad({ filename: 'a.txt', content_type: 'text/plain', file_hash: 'abc' }, 422, 'sha256');
    await bad({ filename: 'a.txt', content_type: 'text/plain', presigned_url_expiration: 5 }, 422, 'presigned_url_expiration');
    await bad({ filename: 'a.txt', content_type: 'text/plain', blob_property: 'content', file_size_bytes: maxUpload * 2 }, 422, 'exceeds the upload limit');
    expectError(await api.post(`${uploads()}/upl_missing/confirm`, {}, fx.namespace), 404, 'NotFoundError');
    expectError(await api.post(`${uploads()}/upl_missing/confirm`, { file_size_bytes: -1 }, fx.namespace), 422);
    expectError(await api.post('/v1/buckets/nope/uploads', { filename: 'a.txt', content_type: 'text/plain' }, fx.namespace), 404);
  });
});
