import { StrataCluster } from '@strata/testing';
import fc from 'fast-check';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Fixture, createFixture, createTextObjects } from './support';

jest.setTimeout(180_000);

/** Strings attackers put in ids, filters and file names. */
const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE documents; --',
  '{"$ne": null}',
  '$where',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '\u0000',
  '\u202Eevil',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ ☃ 🚀',
  'a'.repeat(5_000),
  '__proto__',
  'constructor.prototype',
];

/** Every file under `dir`, relative to it. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path).map((f) => join(name, f)) : [name];
  });
}

describe('hostile input: injection in filters, path traversal, unicode, huge bodies, another namespace', () => {
  let cluster: StrataCluster;
  let mine: Fixture;
  let theirs: Fixture;
  let theirIds: string[];

  beforeAll(async () => {
    cluster = await StrataCluster.start({ env: { MAX_JSON_BYTES: String(256 * 1024) } });
    mine = await createFixture(cluster.api);
    theirs = await createFixture(cluster.api);
    await createTextObjects(cluster.api, mine, 3);
    theirIds = await createTextObjects(cluster.api, theirs, 3);
  });

  afterAll(async () => {
    await cluster?.destroy();
  });

  it('injection strings as filter fields, operators and values: never a 5xx, never a row of another namespace', async () => {
    const api = cluster.api;
    const value = fc.oneof(fc.constantFrom(...HOSTILE), fc.string(), fc.jsonValue());
    const filter = fc.record({
      field: fc.oneof(fc.constantFrom(...HOSTILE, 'metadata.title', 'object_id', 'namespace_id', 'bucket_id'), fc.string()),
      operator: fc.oneof(fc.constantFrom('eq', 'ne', 'in', 'contains', 'starts_with', 'gt', 'regex', '$where'), fc.string()),
      value,
    });
    const routes = [
      `/v1/buckets/${mine.bucketId}/objects/list`,
      `/v1/buckets/${mine.bucketId}/batches/list`,
      `/v1/collections/${mine.collectionId}/documents/list`,
      '/v1/buckets/list',
      '/v1/collections/list',
    ];
    // (Listing namespaces lists every namespace without API keys; with keys, auth.e2e-spec covers it.)
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(filter, fc.record({ AND: fc.array(filter, { maxLength: 3 }) }), fc.record({ OR: fc.array(filter, { maxLength: 3 }) }), value),
        fc.option(fc.constantFrom(...HOSTILE), { nil: undefined }),
        async (route, filters, search) => {
          const res = await api.request('POST', route, { namespace: mine.namespace, body: { filters, ...(search !== undefined ? { search } : {}) } });
          if (res.status >= 500) throw new Error(`${route} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          const text = JSON.stringify(res.body);
          // Nothing of the other namespace, whatever the filter said.
          for (const id of [theirs.bucketId, theirs.collectionId, theirs.namespaceId, ...theirIds]) {
            if (text.includes(id)) throw new Error(`${route} leaked ${id} of another namespace for ${JSON.stringify(filters)}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hostile ids and namespaces in paths: 4xx, and no resource of another namespace is reachable', async () => {
    const api = cluster.api;
    for (const s of HOSTILE) {
      const id = encodeURIComponent(s);
      for (const path of [`/v1/buckets/${id}`, `/v1/buckets/${mine.bucketId}/objects/${id}`, `/v1/collections/${id}`, `/v1/tasks/${id}`]) {
        const res = await api.get(path, mine.namespace);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const ns = await api.get(`/v1/buckets/${mine.bucketId}`, [...s].map((c) => (c >= ' ' && c <= '~' ? c : '?')).join(''));
      expect(ns.status).toBeLessThan(500);
    }
    // Their ids, asked for through my namespace, are not found.
    expect((await api.get(`/v1/buckets/${theirs.bucketId}`, mine.namespace)).status).toBe(404);
    expect((await api.get(`/v1/buckets/${theirs.bucketId}/objects/${theirIds[0]}`, mine.namespace)).status).toBe(404);
    expect((await api.get(`/v1/buckets/${mine.bucketId}/objects/${theirIds[0]}`, mine.namespace)).status).toBe(404);
    expect((await api.get(`/v1/collections/${theirs.collectionId}`, mine.namespace)).status).toBe(404);
  });

  it('path traversal in file names and key prefixes never writes outside the data directory', async () => {
    const api = cluster.api;
    const before = new Set(files(cluster.dataDir));
    for (const name of HOSTILE.slice(0, 7)) {
      const created = await api.post(
        `/v1/buckets/${mine.bucketId}/uploads`,
        { filename: name, content_type: 'text/plain', blob_property: 'content' },
        mine.namespace,
      );
      expect(created.status).toBeLessThan(500);
      if (created.status === 200) {
        const url = new URL(created.body['presigned_url'] as string);
        const put = await api.request('PUT', `${url.pathname}${url.search}`, { namespace: mine.namespace, headers: { 'content-type': 'text/plain' }, raw: 'Hostile name. Plain text.' });
        expect(put.status).toBeLessThan(500);
        const confirmed = await api.post(`/v1/buckets/${mine.bucketId}/uploads/${created.body['upload_id']}/confirm`, {}, mine.namespace);
        expect(confirmed.status).toBeLessThan(500);
      }
      const object = await api.post(
        `/v1/buckets/${mine.bucketId}/objects`,
        { key_prefix: name, metadata: { title: name }, blobs: [{ property: 'content', type: 'text', data: 'Traversal attempt. Two sentences.' }] },
        mine.namespace,
      );
      expect(object.status).toBeLessThan(500);
    }
    // Every new file lies inside the cluster's data directory's objects folder (or the stores' files).
    const added = files(cluster.dataDir).filter((f) => !before.has(f));
    for (const f of added) {
      expect(relative(cluster.dataDir, join(cluster.dataDir, f)).startsWith('..')).toBe(false);
      expect(f.startsWith(join('data', 'objects')) || /^data\/(strata|vectors)\.db/.test(f) || /\.log$/.test(f)).toBe(true);
    }
  });

  it('a body over the JSON limit is a 413 envelope, and the API keeps serving', async () => {
    const api = cluster.api;
    const huge = JSON.stringify({ metadata: { title: 'x'.repeat(300 * 1024) } });
    const res = await api.request('POST', `/v1/buckets/${mine.bucketId}/objects`, { namespace: mine.namespace, headers: { 'content-type': 'application/json' }, raw: huge });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ success: false, status: 413 });
    expect((await api.get(`/v1/buckets/${mine.bucketId}`, mine.namespace)).status).toBe(200);
  });
});
