import { busNames } from '@strata/contracts';
import { isTerminalStatus } from '@strata/domain';
import { ApiClient, StrataCluster, openStoreReader, parsePrometheusText, sumSamples, waitFor } from '@strata/testing';
import { connect } from 'nats';
import { randomBytes } from 'node:crypto';

/**
 * Objects per scenario: `npm run test:faults` runs 2,000 (docs/reliability.md's floor); `npm test` runs a
 * shortened form with fewer (tools/scripts/test.sh sets FAULT_OBJECTS).
 */
// eslint-disable-next-line no-restricted-properties -- a test-run setting, not app configuration
export const OBJECTS = Number(process.env['FAULT_OBJECTS'] ?? 2000);

/** Work small enough per message that a fault lands mid-batch: 16 items, one message at a time. */
export const SLOW_WORK_ENV = { WORK_CHUNK_SIZE: '16', WORKER_CONCURRENCY: '1', WORK_ACK_WAIT_MS: '3000', PROGRESS_INTERVAL_MS: '200' };

export interface TextFixture {
  namespace: string;
  bucketId: string;
  collectionId: string;
}

/** Documents per object: two sentences, one chunk each. */
export const DOCS_PER_OBJECT = 2;

/** A namespace, a text bucket and a cheap text collection (sentences, 64-float hash embeddings). */
export async function textFixture(api: ApiClient): Promise<TextFixture> {
  const namespace = `f-${randomBytes(4).toString('hex')}`;
  expectOk(await api.post('/v1/namespaces', { namespace_name: namespace }), 'namespace');
  const bucket = expectOk(
    await api.post('/v1/buckets', { bucket_name: 'texts', bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } } }, namespace),
    'bucket',
  );
  const collection = expectOk(
    await api.post(
      '/v1/collections',
      {
        collection_name: 'sentences',
        source: { type: 'bucket', bucket_ids: [bucket['bucket_id']] },
        feature_extractor: {
          feature_extractor_name: 'text_extractor',
          version: 'v1',
          parameters: { split_by: 'sentences', chunk_size: 1, detect_language: false, embedding: { provider: 'hash', dimensions: 64 } },
          input_mappings: { text: 'content' },
        },
      },
      namespace,
    ),
    'collection',
  );
  return { namespace, bucketId: bucket['bucket_id'] as string, collectionId: collection['collection_id'] as string };
}

function expectOk(res: { status: number; body: Record<string, unknown> }, what: string): Record<string, unknown> {
  if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function sentences(i: number): string {
  return `Record ${i} logs a ship at the northern pier. The tide on day ${i % 31} was calm.`;
}

/** Creates `count` two-sentence text objects, 100 per request (the batch-create route), 4 requests at a time. */
export async function createObjects(api: ApiClient, fx: TextFixture, count: number): Promise<string[]> {
  const ids: string[] = new Array(count);
  const starts = Array.from({ length: Math.ceil(count / 100) }, (_, i) => i * 100);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < starts.length) {
        const start = starts[next] as number;
        next += 1;
        const objects = Array.from({ length: Math.min(100, count - start) }, (_, j) => ({
          metadata: { title: `t${start + j}` },
          blobs: [{ property: 'content', type: 'text', data: sentences(start + j) }],
        }));
        const body = expectOk(await api.post(`/v1/buckets/${fx.bucketId}/objects/batch`, { objects }, fx.namespace), 'objects');
        const created = body['succeeded'] as Array<{ object_id: string }> | undefined;
        if (body['failed_count'] !== 0 || created === undefined) throw new Error(`objects: ${JSON.stringify(body).slice(0, 500)}`);
        created.forEach((o, j) => (ids[start + j] = o.object_id));
      }
    }),
  );
  return ids;
}

/** Creates a DRAFT batch of the objects; returns its id. */
export async function draftBatch(api: ApiClient, fx: TextFixture, objectIds: string[]): Promise<string> {
  return expectOk(await api.post(`/v1/buckets/${fx.bucketId}/batches`, { object_ids: objectIds }, fx.namespace), 'batch')['batch_id'] as string;
}

/** The usual start of a scenario: a text fixture, `count` (OBJECTS) objects, a DRAFT batch of them. */
export async function preparedBatch(api: ApiClient, count = OBJECTS): Promise<{ fx: TextFixture; ids: string[]; batchId: string }> {
  const fx = await textFixture(api);
  const ids = await createObjects(api, fx, count);
  return { fx, ids, batchId: await draftBatch(api, fx, ids) };
}

export async function submit(api: ApiClient, fx: TextFixture, batchId: string): Promise<void> {
  expectOk(await api.post(`/v1/buckets/${fx.bucketId}/batches/${batchId}/submit`, {}, fx.namespace), 'submit');
}

export interface BatchView {
  status: string;
  progress: { processed: number; total: number; succeeded: number; failed: number };
  tier_tasks: Array<{ status: string }>;
  [key: string]: unknown;
}

/** GET batch; transport errors and 5xx throw (the caller's waitFor retries while a fault lasts). */
export async function getBatch(api: ApiClient, fx: TextFixture, batchId: string): Promise<BatchView> {
  const res = await api.get<BatchView>(`/v1/buckets/${fx.bucketId}/batches/${batchId}`, fx.namespace);
  if (res.status !== 200) throw new Error(`GET batch ${batchId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Polls until the batch is terminal (tolerating a failing API while a fault lasts). */
export async function waitTerminal(api: ApiClient, fx: TextFixture, batchId: string, timeoutMs = 600_000): Promise<BatchView> {
  return waitFor(
    async () => {
      const batch = await getBatch(api, fx, batchId).catch(() => undefined);
      return batch !== undefined && isTerminalStatus(batch.status) ? batch : undefined;
    },
    { timeoutMs, intervalMs: 200, description: `batch ${batchId} terminal` },
  );
}

/** Polls until `predicate` holds for the batch; returns it. */
export async function waitBatch(
  api: ApiClient,
  fx: TextFixture,
  batchId: string,
  predicate: (b: BatchView) => boolean,
  description: string,
  timeoutMs = 300_000,
): Promise<BatchView> {
  return waitFor(
    async () => {
      const batch = await getBatch(api, fx, batchId).catch(() => undefined);
      return batch !== undefined && predicate(batch) ? batch : undefined;
    },
    { timeoutMs, intervalMs: 20, description },
  );
}

/** Messages still on the work stream and messages delivered but not acknowledged, over every work consumer. */
export async function inFlight(cluster: StrataCluster): Promise<{ streamMessages: number; ackPending: number; pending: number; deadLetters: number }> {
  const names = busNames(cluster.prefix);
  const nc = await connect({ servers: cluster.natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const work = await jsm.streams.info(names.streams.work);
    let ackPending = 0;
    let pending = 0;
    for await (const consumer of jsm.consumers.list(names.streams.work)) {
      ackPending += consumer.num_ack_pending;
      pending += consumer.num_pending;
    }
    const dlq = await jsm.streams.info(names.streams.deadLetter).catch(() => null);
    return { streamMessages: work.state.messages, ackPending, pending, deadLetters: dlq?.state.messages ?? 0 };
  } finally {
    await nc.close();
  }
}

export interface Expectation {
  status: string;
  /** Objects that must have their documents, exactly DOCS_PER_OBJECT each; the others none. */
  succeeded: Set<string>;
  /** Objects recorded as failed (default none). */
  failed?: Set<string>;
  total: number;
  /** Dead letters allowed on the bus (default 0: nothing given up on). */
  deadLetters?: number;
}

/** What each scenario ends with, as measured facts for the report. */
export interface Verified {
  documents: number;
  points: number;
  recordedItems: number;
}

/**
 * The end checks of every scenario: the batch is terminal with the right status; every expected
 * document is in the metadata store and the vector store exactly once (and nothing else is);
 * the progress equals the recorded truth; nothing is left on the bus or unacknowledged.
 */
export async function verifyBatch(cluster: StrataCluster, fx: TextFixture, batchId: string, expected: Expectation): Promise<Verified> {
  const batch = await getBatch(cluster.api, fx, batchId);
  expect(batch.status).toBe(expected.status);
  expect(batch.tier_tasks.every((t) => isTerminalStatus(t.status))).toBe(true);

  // SQLite files, or MongoDB when the cluster runs on it (the vectors are in sqlite-vec either way).
  const inspector = await openStoreReader(cluster.stores);
  let verified: Verified;
  try {
    const docs = await inspector.documents(fx.collectionId);
    const points = await inspector.points(fx.collectionId);
    const items = await inspector.items(batchId);
    // Exactly once: as many rows as distinct ids, in both stores, the same ids in both.
    expect(docs.rows).toBe(docs.distinct);
    expect(points.rows).toBe(points.distinct);
    expect(docs.rows).toBe(expected.succeeded.size * DOCS_PER_OBJECT);
    expect(points.rows).toBe(docs.rows);
    expect(points.withVector).toBe(points.rows);
    const docIds = new Set(await inspector.documentIds(fx.collectionId));
    expect([...points.ids].filter((id) => !docIds.has(id))).toEqual([]);
    const wrong = [...expected.succeeded].filter((id) => docs.objects.get(id) !== DOCS_PER_OBJECT);
    expect(wrong.slice(0, 5)).toEqual([]);
    const extra = [...docs.objects.keys()].filter((id) => !expected.succeeded.has(id));
    expect(extra.slice(0, 5)).toEqual([]);
    // The recorded outcomes are the truth the progress must equal.
    const failed = expected.failed?.size ?? 0;
    expect(items).toEqual({ rows: expected.succeeded.size + failed, completed: expected.succeeded.size, failed });
    expect(batch.progress).toMatchObject({ total: expected.total, processed: items.rows, succeeded: items.completed, failed: items.failed });
    verified = { documents: docs.rows, points: points.rows, recordedItems: items.rows };
  } finally {
    await inspector.close();
  }
  // No item left in flight: the work stream (a work queue) drained, nothing unacknowledged.
  const flight = await waitFor(
    async () => {
      const f = await inFlight(cluster);
      return f.streamMessages === 0 && f.ackPending === 0 && f.pending === 0 ? f : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: 'work stream drained' },
  );
  expect(flight.deadLetters).toBe(expected.deadLetters ?? 0);
  return verified;
}

/** Prints one result line per scenario (docs/reliability.md quotes them). */
export function report(scenario: string, facts: Record<string, unknown>): void {
  process.stdout.write(`FAULT-RESULT ${JSON.stringify({ scenario, objects: OBJECTS, ...facts })}\n`);
}

/** The domain events of one batch on the events stream, in stream order (event id, type, tier). */
export async function batchEventsOnStream(cluster: StrataCluster, batchId: string): Promise<Array<{ eventId: string; eventType: string; tier: number | null }>> {
  const names = busNames(cluster.prefix);
  const nc = await connect({ servers: cluster.natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(names.streams.events);
    const out: Array<{ eventId: string; eventType: string; tier: number | null }> = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq += 1) {
      const message = await jsm.streams.getMessage(names.streams.events, { seq }).catch(() => null);
      if (message === null) continue;
      const event = message.json<{ event_id: string; event_type: string; subject: { id: string }; metadata: { tier?: number } }>();
      if (event.subject.id === batchId) out.push({ eventId: event.event_id, eventType: event.event_type, tier: event.metadata.tier ?? null });
    }
    return out;
  } finally {
    await nc.close();
  }
}

/**
 * strata_message_redeliveries_total of the running extractor workers, summed (optionally of one
 * cause), read from their /metrics; throws when a worker does not export the series at all.
 */
export async function workerRedeliveries(cluster: StrataCluster, match: Record<string, string> = {}): Promise<number> {
  let total = 0;
  for (const i of cluster.indexes('extractor-worker')) {
    const res = await fetch(`http://127.0.0.1:${cluster.port('extractor-worker', i)}/metrics`);
    const text = await res.text();
    if (!text.includes('# TYPE strata_message_redeliveries_total counter')) throw new Error(`extractor-worker#${i} does not export strata_message_redeliveries_total`);
    total += sumSamples(parsePrometheusText(text), 'strata_message_redeliveries_total', match);
  }
  return total;
}
