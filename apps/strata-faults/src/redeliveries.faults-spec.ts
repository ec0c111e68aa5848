import { StrataCluster, waitFor } from '@strata/testing';
import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createObjects, draftBatch, report, submit, verifyBatch, waitTerminal, workerRedeliveries } from './support';

jest.setTimeout(900_000);

const DIMENSIONS = 8;
const REPLY_MS = 450;

/** A slow openai-compatible endpoint on loopback: every POST /v1/embeddings answers after REPLY_MS. */
class SlowEmbeddingServer {
  requests = 0;
  texts = 0;
  private server: Server | null = null;

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
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { input: string[] };
    this.requests += 1;
    this.texts += body.input.length;
    await new Promise((resolve) => setTimeout(resolve, REPLY_MS));
    const data = body.input.map((text, index) => ({
      index,
      embedding: Array.from({ length: DIMENSIONS }, (_, d) => ((text.length * (d + 1)) % 17) / 17 + 0.01),
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  }
}

describe('work runs once when nothing fails', () => {
  let cluster: StrataCluster;
  const provider = new SlowEmbeddingServer();

  afterEach(async () => {
    await cluster?.destroy();
    await provider.stop();
  });

  it('two workers and a slow openai-compatible provider (450 ms per request): zero redeliveries', async () => {
    const baseUrl = await provider.start();
    // Default ack wait and concurrency: the settings a user runs with.
    cluster = await StrataCluster.start({ env: { WORK_CHUNK_SIZE: '16' }, counts: { 'extractor-worker': 2 } });
    const api = cluster.api;
    const namespace = `f-${randomBytes(4).toString('hex')}`;
    expect((await api.post('/v1/namespaces', { namespace_name: namespace })).status).toBe(200);
    const bucket = await api.post('/v1/buckets', { bucket_name: 'texts', bucket_schema: { properties: { content: { type: 'text' } } } }, namespace);
    expect(bucket.status).toBe(200);
    const collection = await api.post(
      '/v1/collections',
      {
        collection_name: 'slow-embeddings',
        source: { type: 'bucket', bucket_ids: [bucket.body['bucket_id']] },
        feature_extractor: {
          feature_extractor_name: 'text_extractor',
          version: 'v1',
          parameters: {
            split_by: 'sentences',
            chunk_size: 1,
            detect_language: false,
            embedding: { provider: 'openai-compatible', base_url: baseUrl, model: 'slow', dimensions: DIMENSIONS, batch_size: 64, max_concurrency: 2 },
          },
          input_mappings: { text: 'content' },
        },
      },
      namespace,
    );
    expect(collection.status).toBe(200);
    const fx = { namespace, bucketId: bucket.body['bucket_id'] as string, collectionId: collection.body['collection_id'] as string };
    // Enough chunks that, with messages buffered in a worker as before, the later ones outlived their ack wait.
    const objects = 800;
    const ids = await createObjects(api, fx, objects);
    const batchId = await draftBatch(api, fx, ids);
    const started = Date.now();
    await submit(api, fx, batchId);
    await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: objects });
    const counters = await Promise.all(
      cluster.indexes('extractor-worker').map(async (i) => {
        const res = await fetch(`http://127.0.0.1:${cluster.port('extractor-worker', i)}/health/deliveries`);
        expect(res.status).toBe(200);
        return (await res.json()) as { delivered: number; redelivered: number; redelivered_without_nak: number };
      }),
    );
    const delivered = counters.reduce((n, c) => n + c.delivered, 0);
    const redelivered = counters.reduce((n, c) => n + c.redelivered, 0);
    // One message per 16 objects, each delivered once; every text embedded exactly once.
    expect(delivered).toBe(objects / 16);
    expect(redelivered).toBe(0);
    // The same through the exported metric (docs/operations.md#metrics): no redelivery of any cause.
    const redeliveriesMetric = await workerRedeliveries(cluster);
    expect(redeliveriesMetric).toBe(0);
    await waitFor(() => provider.texts >= 2 * objects, { description: 'texts counted' });
    expect(provider.texts).toBe(2 * objects);
    // One embedding request per message, but for the first messages of each worker slot: a
    // worker measures an extractor's cost with a one-item and a two-item slice before it knows it
    // (progress per item, ADR 0093), finds a fixed cost per request and then runs whole
    // messages: a few requests more, no text twice.
    const slots = 2 * 4;
    expect(provider.requests).toBeGreaterThanOrEqual(objects / 16);
    expect(provider.requests).toBeLessThanOrEqual(objects / 16 + 3 * slots);
    report('two workers, slow openai-compatible provider, no fault', { objects, seconds, delivered, redelivered, redeliveriesMetric, embeddingRequests: provider.requests, ...verified });
  });
});
