import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestServer, envelope, sendJson } from '../test/test-server';
import {
  NotFoundError,
  RateLimitedError,
  ServerError,
  ServiceUnavailableError,
  StrataClient,
  StrataConnectionError,
  StrataTimeoutError,
  UnauthorizedError,
  ValidationError,
} from './index';
import { uploadFile, uploadFileStream } from './node';

describe('StrataClient against a real HTTP server', () => {
  let server: TestServer;
  let client: StrataClient;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    client = new StrataClient({ baseUrl: server.url, apiKey: 'sk_test', namespace: 'demo', headers: server.clientHeaders(), retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  });

  describe('configuration and errors', () => {
    it('sends the API key and the namespace on every call, and returns the JSON body', async () => {
      server.handle((_req, res) => sendJson(res, 200, { bucket_id: 'bkt_1', bucket_name: 'articles' }));
      const bucket = await client.buckets.get('articles');
      expect(bucket).toMatchObject({ bucket_id: 'bkt_1' });
      expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/v1/buckets/articles' });
      expect(server.seen[0]?.headers['authorization']).toBe('Bearer sk_test');
      expect(server.seen[0]?.headers['x-namespace']).toBe('demo');
      await client.withNamespace('other').buckets.get('a b/c');
      expect(server.seen[1]).toMatchObject({ url: '/v1/buckets/a%20b%2Fc' });
      expect(server.seen[1]?.headers['x-namespace']).toBe('other');
    });

    it('throws the typed error of the envelope, with its type, message and details', async () => {
      server.handle((req, res) => {
        if (req.url.includes('missing')) sendJson(res, 404, envelope(404, 'NotFoundError', "batch 'missing' not found"));
        else if (req.url.includes('auth')) sendJson(res, 401, envelope(401, 'UnauthorizedError', 'an API key is required'));
        else sendJson(res, 422, envelope(422, 'ValidationError', 'body.object_ids: required', { validation_errors: [{ path: 'body.object_ids', message: 'required' }] }));
      });
      const notFound = await client.batches.get('b', 'missing').catch((e: unknown) => e);
      expect(notFound).toBeInstanceOf(NotFoundError);
      expect(notFound).toMatchObject({ status: 404, type: 'NotFoundError', message: "batch 'missing' not found", retryable: false });
      await expect(client.batches.get('b', 'auth')).rejects.toBeInstanceOf(UnauthorizedError);
      const invalid = await client.batches.create('b', { object_ids: [] }).catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(ValidationError);
      expect((invalid as ValidationError).issues).toEqual([{ path: 'body.object_ids', message: 'required' }]);
    });

    it('keeps the text of an answer that is not an envelope (a proxy page)', async () => {
      server.handle((_req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<h1>Bad Gateway</h1>');
      });
      const error = await client.tasks.get('task_1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect(error).toMatchObject({ status: 502, type: 'Http502', message: '<h1>Bad Gateway</h1>' });
    });
  });

  describe('retries', () => {
    it('repeats 503 and 429 with the same body until the call succeeds', async () => {
      let calls = 0;
      server.handle((req, res) => {
        calls += 1;
        if (calls === 1) sendJson(res, 503, envelope(503, 'ServiceUnavailableError', 'store unavailable'));
        else if (calls === 2) sendJson(res, 429, envelope(429, 'TooManyRequestsError', 'slow down'), { 'retry-after': '0' });
        else sendJson(res, 200, { batch_id: 'btch_1', status: 'DRAFT', echo: JSON.parse(req.body.toString()) });
      });
      const batch = await client.batches.create('b', { object_ids: ['obj_1', 'obj_2'] });
      expect(batch).toMatchObject({ batch_id: 'btch_1', echo: { object_ids: ['obj_1', 'obj_2'] } });
      expect(server.seen.map((r) => JSON.parse(r.body.toString()))).toEqual(Array(3).fill({ object_ids: ['obj_1', 'obj_2'] }));
    });

    it('waits as long as Retry-After says', async () => {
      let calls = 0;
      const at: number[] = [];
      server.handle((_req, res) => {
        calls += 1;
        at.push(Date.now());
        if (calls === 1) sendJson(res, 429, envelope(429, 'TooManyRequestsError', 'slow down'), { 'retry-after': '1' });
        else sendJson(res, 200, { task_id: 'task_1', status: 'COMPLETED' });
      });
      await client.tasks.get('task_1');
      expect((at[1] as number) - (at[0] as number)).toBeGreaterThanOrEqual(950);
    });

    it('gives up after the configured retries, or at once when Retry-After is too long', async () => {
      server.handle((_req, res) => sendJson(res, 503, envelope(503, 'ServiceUnavailableError', 'store unavailable')));
      const limited = new StrataClient({ baseUrl: server.url, retry: { retries: 2, baseDelayMs: 1 } });
      await expect(limited.tasks.get('t')).rejects.toBeInstanceOf(ServiceUnavailableError);
      expect(server.seen).toHaveLength(3);

      server.handle((_req, res) => sendJson(res, 429, envelope(429, 'TooManyRequestsError', 'later'), { 'retry-after': '3600' }));
      const error = await client.tasks.get('t').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
      expect(server.seen).toHaveLength(1);
    });

    it('does not repeat other errors, and reports a server that cannot be reached', async () => {
      server.handle((_req, res) => sendJson(res, 409, envelope(409, 'ConflictError', 'batch is not DRAFT')));
      await expect(client.batches.submit('b', 'x')).rejects.toMatchObject({ status: 409 });
      expect(server.seen).toHaveLength(1);
      const nowhere = new StrataClient({ baseUrl: 'http://127.0.0.1:9', retry: { retries: 1, baseDelayMs: 1 } });
      await expect(nowhere.tasks.get('t')).rejects.toBeInstanceOf(StrataConnectionError);
    });
  });

  describe('list iterators', () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ batch_id: `btch_${i}`, status: 'COMPLETED' }));

    it('walks offset pages until the total is reached', async () => {
      server.handle((req, res) => {
        const url = new URL(req.url, 'http://x');
        const offset = Number(url.searchParams.get('offset'));
        const limit = Number(url.searchParams.get('limit'));
        const page = Math.floor(offset / limit) + 1;
        sendJson(res, 200, {
          results: items.slice(offset, offset + limit),
          pagination: { total: items.length, page, page_size: limit, next_page: offset + limit < items.length ? String(page + 1) : null, next_cursor: null },
        });
      });
      const seen: string[] = [];
      for await (const batch of client.batches.iterate('b', { pageSize: 100, status: 'COMPLETED' })) seen.push(batch.batch_id);
      expect(seen).toEqual(items.map((b) => b.batch_id));
      expect(server.seen.map((r) => r.url)).toEqual([
        '/v1/buckets/b/batches/list?limit=100&offset=0',
        '/v1/buckets/b/batches/list?limit=100&offset=100',
        '/v1/buckets/b/batches/list?limit=100&offset=200',
      ]);
      expect(JSON.parse(server.seen[0]?.body.toString() ?? '')).toEqual({ status: 'COMPLETED' });
    });

    it('follows next_cursor when the server gives one', async () => {
      server.handle((req, res) => {
        const cursor = new URL(req.url, 'http://x').searchParams.get('cursor');
        const start = cursor === null ? 0 : Number(cursor);
        const next = start + 100 < items.length ? String(start + 100) : null;
        sendJson(res, 200, { results: items.slice(start, start + 100), pagination: { total: null, next_cursor: next } });
      });
      let count = 0;
      for await (const _task of client.tasks.iterate({ pageSize: 100 })) count += 1;
      expect(count).toBe(250);
      expect(server.seen.map((r) => new URL(r.url, 'http://x').searchParams.get('cursor'))).toEqual([null, '100', '200']);
    });

    it('stops on a short page when no total is given, and on an empty list at once', async () => {
      server.handle((req, res) => {
        const offset = Number(new URL(req.url, 'http://x').searchParams.get('offset'));
        sendJson(res, 200, { results: items.slice(offset, Math.min(offset + 100, 130)) });
      });
      let count = 0;
      for await (const _d of client.documents.iterate('col', { pageSize: 100 })) count += 1;
      expect(count).toBe(130);
      expect(server.seen).toHaveLength(2);
      server.handle((_req, res) => sendJson(res, 200, { results: [], pagination: { total: 0 } }));
      for await (const _d of client.collections.iterate()) throw new Error('no items expected');
      expect(server.seen).toHaveLength(1);
    });
  });

  describe('waitForBatch', () => {
    const batch = (status: string, processed: number) => ({ batch_id: 'btch_1', status, progress: { processed, total: 4, percent: processed * 25 } });

    /** Writes the SSE events in pieces that cut lines apart, as a network may deliver them. */
    function streamEvents(res: import('node:http').ServerResponse, events: Array<[string, unknown]>, end = true): void {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      const text = events.map(([event, data], i) => `id: ${i + 1}\r\nevent: ${event}\r\ndata: ${JSON.stringify(data)}\r\n\r\n`).join(': keep-alive\n\n');
      const pieces = text.match(/[\s\S]{1,7}/g) ?? [];
      let i = 0;
      const next = () => {
        if (i < pieces.length) {
          res.write(pieces[i]);
          i += 1;
          setImmediate(next);
        } else if (end) res.end();
        else res.destroy();
      };
      next();
    }

    it('follows the event stream to its end and returns the batch from GET', async () => {
      server.handle((req, res) => {
        if (req.url.endsWith('/events')) {
          expect(req.headers['accept']).toBe('text/event-stream');
          streamEvents(res, [
            ['status', batch('PROCESSING', 0)],
            ['progress', batch('PROCESSING', 2)],
            ['progress', batch('PROCESSING', 4)],
            ['status', batch('COMPLETED', 4)],
            ['end', { batch_id: 'btch_1', status: 'COMPLETED' }],
          ]);
        } else sendJson(res, 200, { ...batch('COMPLETED', 4), object_ids: ['a', 'b', 'c', 'd'] });
      });
      const updates: string[] = [];
      const done = await client.waitForBatch('b', 'btch_1', { onProgress: (b, source) => updates.push(`${source}:${b.status}:${b.progress?.processed}`) });
      expect(done).toMatchObject({ status: 'COMPLETED', object_ids: ['a', 'b', 'c', 'd'] });
      expect(updates).toEqual(['status:PROCESSING:0', 'progress:PROCESSING:2', 'progress:PROCESSING:4', 'status:COMPLETED:4']);
      expect(server.seen.map((r) => r.url)).toEqual(['/v1/buckets/b/batches/btch_1/events', '/v1/buckets/b/batches/btch_1']);
    });

    it('falls back to polling when the stream route is not there, or breaks', async () => {
      for (const streamFails of ['html', 'broken'] as const) {
        let polls = 0;
        server.handle((req, res) => {
          if (req.url.endsWith('/events')) {
            if (streamFails === 'html') {
              res.writeHead(200, { 'content-type': 'text/html' });
              res.end('<html>');
            } else streamEvents(res, [['status', batch('PROCESSING', 1)]], false);
            return;
          }
          polls += 1;
          sendJson(res, 200, polls < 3 ? batch('PROCESSING', polls) : batch('COMPLETED_WITH_ERRORS', 4));
        });
        const fallbacks: string[] = [];
        const updates: string[] = [];
        const done = await client.waitForBatch('b', 'btch_1', {
          pollIntervalMs: 10,
          onFallback: (reason) => fallbacks.push(reason),
          onProgress: (b, source) => updates.push(`${source}:${b.status}`),
        });
        expect(done.status).toBe('COMPLETED_WITH_ERRORS');
        expect(fallbacks).toHaveLength(1);
        expect(updates.filter((u) => u.startsWith('poll:'))).toEqual(['poll:PROCESSING', 'poll:PROCESSING', 'poll:COMPLETED_WITH_ERRORS']);
      }
    });

    it('reports an unknown batch instead of polling it, and times out with a typed error', async () => {
      server.handle((_req, res) => sendJson(res, 404, envelope(404, 'NotFoundError', "batch 'nope' not found")));
      await expect(client.waitForBatch('b', 'nope')).rejects.toBeInstanceOf(NotFoundError);
      expect(server.seen).toHaveLength(1);

      server.handle((_req, res) => sendJson(res, 200, batch('PROCESSING', 1)));
      await expect(client.waitForBatch('b', 'btch_1', { transport: 'poll', pollIntervalMs: 20, timeoutMs: 200 })).rejects.toBeInstanceOf(StrataTimeoutError);
    });
  });

  describe('bulk create', () => {
    it('streams an async iterable as NDJSON with batch_id and chunk_size, pulling objects only as they are sent', async () => {
      server.handle((_req, res) =>
        sendJson(res, 200, { bucket_id: 'bkt_1', batch_id: 'btch_1', batch_object_count: 3000, lines: 3000, created_count: 3000, updated_count: 0, existing_count: 0, failed_count: 0, errors: [], errors_truncated: false }),
      );
      let produced = 0;
      async function* objects() {
        for (let i = 0; i < 3000; i += 1) {
          produced += 1;
          yield { metadata: { i }, blobs: [{ property: 'content', type: 'text' as const, data: `text ${i}` }] };
        }
      }
      const result = await client.objects.bulkCreate('articles', objects(), { batchId: 'btch_1', chunkSize: 250 });
      expect(result).toMatchObject({ created_count: 3000, batch_id: 'btch_1' });
      expect(produced).toBe(3000);
      const seen = server.seen[0];
      expect(seen).toMatchObject({ method: 'POST', url: '/v1/buckets/articles/objects/bulk?batch_id=btch_1&chunk_size=250' });
      expect(seen?.headers['content-type']).toBe('application/x-ndjson');
      const lines = seen?.body.toString('utf8').split('\n') ?? [];
      expect(lines).toHaveLength(3001);
      expect(lines[3000]).toBe('');
      expect(JSON.parse(lines[2999] as string)).toEqual({ metadata: { i: 2999 }, blobs: [{ property: 'content', type: 'text', data: 'text 2999' }] });
    });

    it('takes a plain array too, and throws the typed error of a refused request', async () => {
      server.handle((_req, res) => sendJson(res, 409, envelope(409, 'ConflictError', 'batch btch_1 is QUEUED')));
      await expect(client.objects.bulkCreate('articles', [{ metadata: { a: 1 } }], { batchId: 'btch_1' })).rejects.toMatchObject({ status: 409, type: 'ConflictError' });
    });
  });

  describe('uploads', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'strata-sdk-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('creates an object from a file path as multipart, the part named by the property', async () => {
      const path = join(dir, 'notes.txt');
      writeFileSync(path, 'Fog rolled in. Ships waited.');
      server.handle((_req, res) => sendJson(res, 200, { object_id: 'obj_1' }));
      const created = await uploadFile(client, 'articles', path, { property: 'content', metadata: { title: 'Notes' } });
      expect(created.object_id).toBe('obj_1');
      const req = server.seen[0];
      expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      const body = req?.body.toString() ?? '';
      expect(body).toContain('name="metadata"\r\n\r\n{"title":"Notes"}');
      expect(body).toContain('name="content"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nFog rolled in. Ships waited.');
    });

    it('streams a file through the upload flow: create, PUT the bytes, confirm', async () => {
      const path = join(dir, 'big.bin');
      const bytes = Buffer.alloc(300_000, 7);
      writeFileSync(path, bytes);
      server.handle((req, res) => {
        if (req.method === 'POST' && req.url === '/v1/buckets/articles/uploads') {
          sendJson(res, 200, { upload_id: 'upl_1', presigned_url: `${server.url}/v1/buckets/articles/uploads/upl_1/content?token=tok` });
        } else if (req.method === 'PUT') sendJson(res, 200, { upload_id: 'upl_1', status: 'UPLOADED' });
        else sendJson(res, 200, { upload_id: 'upl_1', object_id: 'obj_9', is_duplicate: false });
      });
      const confirmed = await uploadFileStream(client, 'articles', path, { property: 'file' });
      expect(confirmed.object_id).toBe('obj_9');
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /v1/buckets/articles/uploads',
        'PUT /v1/buckets/articles/uploads/upl_1/content?token=tok',
        'POST /v1/buckets/articles/uploads/upl_1/confirm',
      ]);
      expect(JSON.parse(server.seen[0]?.body.toString() ?? '')).toMatchObject({ filename: 'big.bin', content_type: 'application/octet-stream', file_size_bytes: 300_000, blob_property: 'file' });
      expect(server.seen[1]?.body.equals(bytes)).toBe(true);
      expect(server.seen[1]?.headers['x-namespace']).toBe('demo');
    });

    it('sends a ReadableStream as it is read', async () => {
      server.handle((req, res) => {
        if (req.url.endsWith('/uploads')) sendJson(res, 200, { upload_id: 'upl_2', presigned_url: `${server.url}/v1/buckets/b/uploads/upl_2/content?token=t` });
        else sendJson(res, 200, { upload_id: 'upl_2', object_id: 'obj_2', is_duplicate: false });
      });
      const chunks = ['one ', 'two ', 'three'];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      });
      const done = await client.uploads.uploadStream('b', { filename: 'x.txt', contentType: 'text/plain', body });
      expect(done.object_id).toBe('obj_2');
      expect(server.seen[1]?.body.toString()).toBe('one two three');
    });
  });
});
