import { ExtractionError } from '@strata/domain';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { ExtractorRuntime } from '../runtime';
import { TEXT_EMBEDDING_INDEX, textExtractor as textExtractorOf } from '../text-extractor';
import { retryAfterMs } from './openai-compatible';

/**
 * A real HTTP server speaking POST /v1/embeddings, scripted per test: each request is answered by
 * the next entry of `plan` (then by the last one), and recorded.
 */
type Reply = { status: number; headers?: Record<string, string>; delayMs?: number } | 'ok';

class FakeEmbeddingServer {
  readonly requests: Array<{ input: string[]; model: string; authorization: string | undefined; at: number }> = [];
  plan: Reply[] = ['ok'];
  /** A request carrying a text that contains this marker is answered with `poisonStatus` (as an endpoint refusing one bad input). */
  poison: string | null = null;
  poisonStatus = 500;
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;
  private served = 0;

  reset(plan: Reply[] = ['ok']): void {
    this.requests.length = 0;
    this.plan = plan;
    this.served = 0;
    this.maxInFlight = 0;
    this.poison = null;
  }

  constructor(private readonly dimensions: number) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: string[]; model: string };
    this.requests.push({ input: body.input, model: body.model, authorization: req.headers['authorization'], at: Date.now() });
    const reply = this.plan[Math.min(this.served, this.plan.length - 1)] as Reply;
    this.served += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const delay = reply === 'ok' ? 30 : (reply.delayMs ?? 0);
    await new Promise((resolve) => setTimeout(resolve, delay));
    this.inFlight -= 1;
    if (req.url !== '/v1/embeddings' || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    if (this.poison !== null && body.input.some((text) => text.includes(this.poison as string))) {
      res.writeHead(this.poisonStatus).end(JSON.stringify({ error: { message: 'input rejected' } }));
      return;
    }
    if (reply !== 'ok') {
      res.writeHead(reply.status, reply.headers).end(JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
      return;
    }
    // A deterministic vector per text: its length in the first slot, then ones.
    const data = body.input.map((text, index) => ({
      object: 'embedding',
      index,
      embedding: Array.from({ length: this.dimensions }, (_, i) => (i === 0 ? text.length : 1)),
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model }));
  }
}

describe('text_extractor with the openai-compatible provider (real HTTP server)', () => {
  const server = new FakeEmbeddingServer(16);
  // The installation's key, as the worker builds it from EMBEDDING_API_KEY.
  const textExtractor = textExtractorOf(new ExtractorRuntime({ embeddingApiKey: 'sk-test' }));
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.start();
  });

  afterAll(async () => {
    await server.stop();
  });

  beforeEach(() => server.reset());

  const params = (extra: Record<string, unknown> = {}) =>
    textExtractor.parseParameters({
      split_by: 'sentences',
      chunk_size: 1,
      embedding: { provider: 'openai-compatible', base_url: baseUrl, model: 'tiny-embed', dimensions: 16, batch_size: 3, max_concurrency: 2, timeout_ms: 2_000, ...extra },
    });

  it('batches chunks, keeps at most max_concurrency requests in flight, and maps vectors back to their chunks', async () => {
    const inputs = Array.from({ length: 5 }, (_, i) => ({ itemId: `obj_${i}`, values: { text: `Item ${i} first. Second sentence of ${i}.` } }));
    const results = await textExtractor.run(inputs, params());
    expect(results.every((r) => r.ok)).toBe(true);
    // 10 chunks in batches of 3 -> 4 requests.
    expect(server.requests.map((r) => r.input.length)).toEqual(expect.arrayContaining([3, 3, 3, 1]));
    expect(server.requests).toHaveLength(4);
    expect(server.requests.every((r) => r.model === 'tiny-embed' && r.authorization === 'Bearer sk-test')).toBe(true);
    expect(server.maxInFlight).toBeLessThanOrEqual(2);
    for (const r of results) {
      if (!r.ok) continue;
      for (const doc of r.documents) {
        const vector = doc.vectors[TEXT_EMBEDDING_INDEX] as Float32Array;
        expect(vector).toHaveLength(16);
        expect(vector[0]).toBe((doc.payload['text'] as string).length);
      }
    }
  });

  it('retries 429 and 503, honouring Retry-After, then succeeds', async () => {
    server.reset([{ status: 429, headers: { 'retry-after': '1' } }, { status: 503 }, 'ok']);
    const started = Date.now();
    const [result] = await textExtractor.run([{ itemId: 'a', values: { text: 'One sentence only.' } }], params());
    expect(result?.ok).toBe(true);
    expect(server.requests).toHaveLength(3);
    // The second attempt waited for Retry-After (1 s).
    expect((server.requests[1]?.at ?? 0) - (server.requests[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('gives up after max_retries with a retryable category, and times out slow requests', async () => {
    server.reset([{ status: 502 }]);
    const [failed] = await textExtractor.run([{ itemId: 'a', values: { text: 'x.' } }], params({ max_retries: 1 }));
    expect(failed?.ok).toBe(false);
    if (failed !== undefined && !failed.ok) {
      expect(failed.error).toBeInstanceOf(ExtractionError);
      expect(failed.error).toMatchObject({ category: 'network', stage: 'embed', retryable: true });
    }
    expect(server.requests).toHaveLength(2);

    server.reset([{ status: 200, delayMs: 1_000 }]);
    const [slow] = await textExtractor.run([{ itemId: 'b', values: { text: 'y.' } }], params({ max_retries: 0, timeout_ms: 200 }));
    expect(slow !== undefined && !slow.ok && slow.error).toMatchObject({ category: 'network', retryable: true });
  });

  it('fails only the items whose texts the endpoint refuses: a failed request is re-run text by text after its retries', async () => {
    // 40 items of one sentence each, batches of 8: items 3, 11, 12 and 37 carry a text the endpoint answers 500 (or 400) to.
    const bad = new Set([3, 11, 12, 37]);
    const inputs = Array.from({ length: 40 }, (_, i) => ({ itemId: `obj_${i}`, values: { text: bad.has(i) ? `Item ${i} POISON.` : `Item ${i} is fine.` } }));
    for (const status of [500, 400]) {
      server.reset();
      server.poison = 'POISON';
      server.poisonStatus = status;
      const results = await textExtractor.run(inputs, params({ batch_size: 8, max_retries: 1 }));
      const failed = results.filter((r) => !r.ok).map((r) => r.itemId);
      expect(failed).toEqual(['obj_3', 'obj_11', 'obj_12', 'obj_37']);
      for (const r of results) {
        if (r.ok) expect((r.documents[0]?.vectors[TEXT_EMBEDDING_INDEX] as Float32Array)[0]).toBe((r.documents[0]?.payload['text'] as string).length);
        else expect(r.error).toMatchObject({ category: status === 500 ? 'network' : 'validation', stage: 'embed' });
      }
      // 5 batches; the 3 holding a bad text failed (twice each for a 500: one retry), then ran text by text.
      const batches = server.requests.filter((r) => r.input.length === 8);
      const singles = server.requests.filter((r) => r.input.length === 1);
      expect(batches).toHaveLength(status === 500 ? 5 + 3 : 5);
      expect(singles).toHaveLength(3 * 8);
    }
  });

  it('does not split a request the endpoint refuses for every text (credentials, rate limit)', async () => {
    server.reset([{ status: 403 }]);
    const inputs = Array.from({ length: 6 }, (_, i) => ({ itemId: `obj_${i}`, values: { text: `Item ${i}.` } }));
    const results = await textExtractor.run(inputs, params({ batch_size: 3 }));
    expect(results.every((r) => !r.ok && r.error.category === 'authentication')).toBe(true);
    expect(server.requests).toHaveLength(2);
    server.reset([{ status: 429 }]);
    const limited = await textExtractor.run(inputs, params({ batch_size: 3, max_retries: 0 }));
    expect(limited.every((r) => !r.ok && r.error.category === 'resource' && r.error.retryable)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a refused key or a wrong vector size; they fail with their category', async () => {
    server.reset([{ status: 401 }]);
    const [auth] = await textExtractor.run([{ itemId: 'a', values: { text: 'x.' } }], params());
    expect(auth !== undefined && !auth.ok && auth.error).toMatchObject({ category: 'authentication', retryable: false });
    expect(server.requests).toHaveLength(1);

    server.reset(['ok']);
    const wrongSize = textExtractor.parseParameters({
      embedding: { provider: 'openai-compatible', base_url: baseUrl, model: 'tiny-embed', dimensions: 32 },
    });
    const [size] = await textExtractor.run([{ itemId: 'b', values: { text: 'x' } }], wrongSize);
    expect(size !== undefined && !size.ok && size.error.message).toMatch(/16 numbers; the collection expects 32/);
  });

  it('validates its parameters', () => {
    expect(() => textExtractor.parseParameters({ embedding: { provider: 'openai-compatible', model: 'm', dimensions: 8 } })).toThrow(/base_url/);
    expect(() => textExtractor.parseParameters({ embedding: { provider: 'openai-compatible', base_url: baseUrl, model: 'm' } })).toThrow(/dimensions is required/);
    expect(() => textExtractor.parseParameters({ embedding: { provider: 'hash', base_url: baseUrl } })).toThrow(/base_url do not apply to provider 'hash'/);
    expect(retryAfterMs('2', 5)).toBe(2_000);
    expect(retryAfterMs('999999', 5)).toBe(60_000);
    expect(retryAfterMs(null, 5)).toBe(5);
  });
});
