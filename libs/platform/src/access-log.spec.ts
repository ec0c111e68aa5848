import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Writable } from 'node:stream';
import { accessLogMiddleware } from './http-observability';

/** A real HTTP server with the access-log middleware in front of `handler`; the log lines it wrote. */
async function serve(level: string, handler: (url: string, res: import('node:http').ServerResponse) => void) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, sink);
  const middleware = accessLogMiddleware(logger);
  const server: Server = createServer((req, res) => {
    res.setHeader('x-request-id', req.headers['x-request-id'] ?? 'generated');
    middleware(req, res, () => handler(req.url ?? '', res));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  /** Sends a GET and drops the connection before any answer. */
  const abandon = (path: string) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { 'x-request-id': 'r-gone' } });
    req.on('error', () => undefined);
    req.end();
    setTimeout(() => req.destroy(), 50);
  };
  return { lines, get, abandon, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('accessLogMiddleware', () => {
  it('writes one info line per request with method, status, duration, request id, namespace and the redacted url', async () => {
    const s = await serve('info', (_url, res) => res.end('ok'));
    try {
      expect(await s.get('/v1/buckets?api_key=abc&limit=2', { 'x-request-id': 'r-1', 'x-namespace': 'ns-a', authorization: 'Bearer sk_secret' })).toBe(200);
      await new Promise((r) => setImmediate(r));
      expect(s.lines).toHaveLength(1);
      expect(s.lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', status: 200, request_id: 'r-1', namespace: 'ns-a', url: '/v1/buckets?api_key=%5Bredacted%5D&limit=2', route: 'unmatched' });
      expect(typeof s.lines[0]?.['duration_ms']).toBe('number');
      expect(JSON.stringify(s.lines)).not.toContain('sk_secret');
    } finally {
      await s.close();
    }
  });

  it('logs a 5xx as an error, skips probes, and builds nothing below the level', async () => {
    const s = await serve('info', (url, res) => {
      res.statusCode = url === '/boom' ? 503 : 200;
      res.end();
    });
    try {
      await s.get('/boom', { 'x-request-id': 'r-2' });
      await s.get('/health/ready');
      await s.get('/metrics');
      await new Promise((r) => setImmediate(r));
      expect(s.lines).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', status: 503, request_id: 'r-2', err: 'failed with status code 503' })]);
    } finally {
      await s.close();
    }
    const quiet = await serve('warn', (_url, res) => res.end());
    try {
      await quiet.get('/v1/namespaces');
      await new Promise((r) => setImmediate(r));
      expect(quiet.lines).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it('logs a request the client abandoned before the answer as failed', async () => {
    let pending: import('node:http').ServerResponse | undefined;
    const s = await serve('info', (_url, res) => {
      pending = res;
    });
    try {
      s.abandon('/v1/slow');
      const deadline = Date.now() + 5_000;
      while (s.lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(s.lines).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', request_id: 'r-gone', err: 'request aborted' })]);
    } finally {
      pending?.end();
      await s.close();
    }
  });
});
