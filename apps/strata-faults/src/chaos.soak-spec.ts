import { DOMAIN_EVENT_TYPES, busNames } from '@strata/contracts';
import {
  AppName,
  ApiResponse,
  RestartableServer,
  StoreInspector,
  StrataCluster,
  WebhookReceiver,
  startNatsServer,
  startRedisServer,
  waitFor,
} from '@strata/testing';
import { connect } from 'nats';
import { randomBytes } from 'node:crypto';
import { inFlight, sentences } from './support';

/**
 * The chaos soak (`npm run soak`, docs/reliability.md "Chaos soak"): for SOAK_MINUTES (10; CI runs
 * 2), five batches of mixed sizes over two tiers run while a driver kill -9s a random app process
 * (batch-api included, while clients create objects and submit) every 10-40 s and restarts it, and
 * restarts NATS and Redis once each (private servers on free ports: the machine's shared 4222/6379
 * are never touched). A webhook subscribed to every event receives them. At the end every batch
 * must be terminal with truthful counts, every expected document must be in both stores exactly
 * once, every published event delivered at least once with one stable webhook-id, and nothing in
 * flight. Prints one SOAK-RESULT line.
 */
// eslint-disable-next-line no-restricted-properties -- a test-run setting, not app configuration
const MINUTES = Number(process.env['SOAK_MINUTES'] ?? 10);
const DURATION_MS = MINUTES * 60_000;
/** Objects in all: two tiers give 3 items per object (the object, then its two sentences); 7,000 objects = 21,000 items in 10 minutes. */
const OBJECTS = Math.max(500, Math.round(700 * MINUTES));
/** Mixed sizes: shares of OBJECTS per batch. */
const SHARES = [0.05, 0.1, 0.2, 0.3, 0.35];
const APPS: AppName[] = ['batch-api', 'poller', 'extractor-worker', 'webhook-dispatcher'];
const TERMINAL = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELED'];

jest.setTimeout(DURATION_MS + 20 * 60_000);

type Body = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe('chaos soak', () => {
  let nats: RestartableServer;
  let redis: RestartableServer;
  let receiver: WebhookReceiver;
  let cluster: StrataCluster | undefined;

  beforeAll(async () => {
    nats = await startNatsServer();
    redis = await startRedisServer();
    receiver = await WebhookReceiver.start();
  });

  afterAll(async () => {
    await cluster?.destroy();
    await receiver?.down();
    await nats?.destroy();
    await redis?.destroy();
  });

  it(`${MINUTES} min: 5 batches, ${OBJECTS} objects over 2 tiers, kill -9 of any app every 10-40 s, NATS and Redis restarted once`, async () => {
    const running = await StrataCluster.start({
      natsUrl: nats.url,
      redisUrl: redis.url,
      env: {
        WORK_ACK_WAIT_MS: '10000',
        LEASE_MS: '5000',
        POLL_INTERVAL_MS: '1000',
        PROGRESS_INTERVAL_MS: '500',
        IDEMPOTENCY_LEASE_MS: '3000',
        WEBHOOK_ALLOWLIST: '127.0.0.1',
        WEBHOOK_BACKOFF_BASE_MS: '200',
        WEBHOOK_BACKOFF_MAX_MS: '2000',
        WEBHOOK_MAX_ATTEMPTS: '50',
      },
    });
    cluster = running;
    // The second poller and worker one after the other: six processes booting at once on a loaded machine outlast the readiness wait.
    await running.startApp('poller', 1);
    await running.startApp('extractor-worker', 1);
    const started = Date.now();
    const deadline = started + DURATION_MS;
    const faults: string[] = [];
    let apiRetries = 0;

    /**
     * A client that keeps trying while batch-api is down or restarting (it listens on a new port
     * after a restart: `cluster.api` each time). POSTs carry an Idempotency-Key, so a retry of a
     * request that did run gets its response instead of running twice.
     */
    async function call(method: 'GET' | 'POST', path: string, body: unknown, namespace?: string): Promise<ApiResponse> {
      const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': `soak-${randomBytes(8).toString('hex')}` } : {};
      return waitFor(
        async () => {
          const res = await running.api.request(method, path, { body, namespace, headers }).catch(() => null);
          if (res !== null && res.status < 300) return res;
          if (res !== null && res.status < 500 && res.status !== 409) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          apiRetries += 1;
          return undefined;
        },
        { timeoutMs: 180_000, intervalMs: 500, description: `${method} ${path}` },
      );
    }

    // The webhook and the two-tier pipeline: sentences (tier 0), then each sentence embedded again (tier 1).
    const hook = await call('POST', '/v1/organizations/webhooks/', {
      webhook_name: 'soak',
      event_types: ['*'],
      channels: [{ channel: 'webhook', configs: { url: receiver.url('/soak'), timeout: 5 } }],
    });
    expect(hook.body['webhook_id']).toBeDefined();
    const namespace = `soak-${randomBytes(4).toString('hex')}`;
    await call('POST', '/v1/namespaces', { namespace_name: namespace });
    const bucketId = (
      await call('POST', '/v1/buckets', { bucket_name: 'texts', bucket_schema: { properties: { content: { type: 'text' }, title: { type: 'string' } } } }, namespace)
    ).body['bucket_id'] as string;
    const textParams = (splitBy: string, size: number) => ({ split_by: splitBy, chunk_size: size, detect_language: false, embedding: { provider: 'hash', dimensions: 64 } });
    const tier0 = (
      await call(
        'POST',
        '/v1/collections',
        {
          collection_name: 'sentences',
          source: { type: 'bucket', bucket_ids: [bucketId] },
          feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: textParams('sentences', 1), input_mappings: { text: 'content' } },
        },
        namespace,
      )
    ).body['collection_id'] as string;
    const tier1 = (
      await call(
        'POST',
        '/v1/collections',
        {
          collection_name: 'sentence-copies',
          source: { type: 'collection', collection_ids: [tier0] },
          feature_extractor: { feature_extractor_name: 'text_extractor', version: 'v1', parameters: textParams('characters', 100_000), input_mappings: { text: 'text' } },
        },
        namespace,
      )
    ).body['collection_id'] as string;

    // Clients: each batch's objects are created (100 per request) and the batch submitted, spread over the first 60 % of the run.
    const sizes = SHARES.map((share) => Math.max(20, Math.round(OBJECTS * share)));
    const batches: Array<{ batchId: string; objectIds: string[] }> = [];
    const clients = (async () => {
      for (const [index, size] of sizes.entries()) {
        const due = started + (DURATION_MS * 0.6 * index) / sizes.length;
        if (Date.now() < due) await sleep(due - Date.now());
        const objectIds: string[] = [];
        for (let start = 0; start < size; start += 100) {
          const objects = Array.from({ length: Math.min(100, size - start) }, (_, j) => ({
            metadata: { title: `b${index}-${start + j}` },
            blobs: [{ property: 'content', type: 'text', data: sentences(index * 100_000 + start + j) }],
          }));
          const created = await call('POST', `/v1/buckets/${bucketId}/objects/batch`, { objects }, namespace);
          expect(created.body['failed_count']).toBe(0);
          objectIds.push(...(created.body['succeeded'] as Array<{ object_id: string }>).map((o) => o.object_id));
        }
        const batchId = (await call('POST', `/v1/buckets/${bucketId}/batches`, { object_ids: objectIds }, namespace)).body['batch_id'] as string;
        await call('POST', `/v1/buckets/${bucketId}/batches/${batchId}/submit`, {}, namespace);
        batches.push({ batchId, objectIds });
      }
    })();

    // The driver: kill -9 a random app process every 10-40 s and restart it; NATS at 35 % of the run, Redis at 65 %.
    const infra: Array<{ at: number; name: string; server: RestartableServer }> = [
      { at: started + DURATION_MS * 0.35, name: 'NATS', server: nats },
      { at: started + DURATION_MS * 0.65, name: 'Redis', server: redis },
    ];
    const restartInfra = async (due: (typeof infra)[number]): Promise<void> => {
      infra.splice(infra.indexOf(due), 1);
      const t = Date.now();
      await due.server.stop();
      await sleep(3_000);
      await due.server.start();
      faults.push(`${Math.round((t - started) / 1000)}s ${due.name} restart (down ${Math.round((Date.now() - t) / 1000)} s)`);
    };
    while (Date.now() < deadline) {
      await sleep(Math.min(between(10_000, 40_000), Math.max(0, deadline - Date.now())));
      if (Date.now() >= deadline) break;
      const due = infra.find((i) => Date.now() >= i.at);
      if (due !== undefined) {
        await restartInfra(due);
        continue;
      }
      const app = APPS[between(0, APPS.length)] as AppName;
      const indexes = running.indexes(app);
      const index = indexes[between(0, indexes.length)] as number;
      const t = Date.now();
      await running.killApp(app, index);
      await running.startApp(app, index);
      faults.push(`${Math.round((t - started) / 1000)}s kill -9 ${app}#${index} (back in ${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
    // On a slow machine restarts eat the run: NATS and Redis are restarted once each whatever happens.
    while (infra.length > 0) await restartInfra(infra[0] as (typeof infra)[number]);
    await clients;

    // Every batch terminal, with truthful counts.
    const finals: Body[] = [];
    for (const { batchId, objectIds } of batches) {
      const batch = await waitFor(
        async () => {
          const res = await running.api.get(`/v1/buckets/${bucketId}/batches/${batchId}`, namespace).catch(() => null);
          return res !== null && res.status === 200 && TERMINAL.includes(res.body['status'] as string) ? res.body : undefined;
        },
        { timeoutMs: 600_000, intervalMs: 500, description: `batch ${batchId} terminal` },
      );
      finals.push(batch);
      expect(batch['status']).toBe('COMPLETED');
      const n = objectIds.length;
      expect(batch['progress']).toMatchObject({ total: 3 * n, processed: 3 * n, succeeded: 3 * n, failed: 0 });
      const tiers = batch['tier_tasks'] as Body[];
      expect(tiers.map((t) => [t['status'], t['items_succeeded'], t['items_failed']])).toEqual([
        ['COMPLETED', n, 0],
        ['COMPLETED', 2 * n, 0],
      ]);
    }
    expect(batches).toHaveLength(SHARES.length);

    // Every expected document exactly once in both stores, and nothing else.
    const objectIds = batches.flatMap((b) => b.objectIds);
    const inspector = new StoreInspector(running.metadataFile, running.vectorsFile);
    const stores: Record<string, { documents: number; points: number }> = {};
    try {
      for (const collectionId of [tier0, tier1]) {
        const docs = inspector.documents(collectionId);
        const points = inspector.points(collectionId);
        expect(docs.rows).toBe(docs.distinct);
        expect(docs.rows).toBe(2 * objectIds.length);
        expect(points.rows).toBe(points.distinct);
        expect(points.rows).toBe(docs.rows);
        expect(points.withVector).toBe(points.rows);
        const docIds = new Set(inspector.documentRows(collectionId).map((d) => d.documentId));
        expect([...points.ids].filter((id) => !docIds.has(id))).toEqual([]);
        expect(objectIds.filter((id) => docs.objects.get(id) !== 2).slice(0, 5)).toEqual([]);
        stores[collectionId] = { documents: docs.rows, points: points.rows };
      }
    } finally {
      inspector.close();
    }

    // Nothing in flight.
    const flight = await waitFor(
      async () => {
        const f = await inFlight(running);
        return f.streamMessages === 0 && f.ackPending === 0 && f.pending === 0 ? f : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'work stream drained' },
    );
    expect(flight.deadLetters).toBe(0);

    // Every event delivered at least once, each with one stable webhook-id. With the outbox
    // (docs/adr/0095-transactional-outbox.md) no batch event is lost to a kill between a state
    // change and its publish: every batch's lifecycle events reach the stream (a relay publishes
    // what a killed process left unsent), then the receiver.
    const names = busNames(running.prefix);
    const published = new Map<string, string>();
    const lifecycle = new Map<string, Set<string>>();
    const readPublished = async (): Promise<void> => {
      const nc = await connect({ servers: running.natsUrl });
      try {
        const jsm = await nc.jetstreamManager();
        const info = await jsm.streams.info(names.streams.events);
        for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
          const message = await jsm.streams.getMessage(names.streams.events, { seq }).catch(() => null);
          if (message === null) continue;
          const event = message.json<Body>();
          published.set(event['event_id'] as string, event['event_type'] as string);
          const subject = event['subject'] as Body | undefined;
          if (subject?.['type'] === 'batch') {
            const tier = (event['metadata'] as Body)['tier'];
            const set = lifecycle.get(String(subject['id'])) ?? new Set<string>();
            set.add(`${String(event['event_type'])}${tier === undefined ? '' : `#${String(tier)}`}`);
            lifecycle.set(String(subject['id']), set);
          }
        }
      } finally {
        await nc.close();
      }
    };
    const expectedLifecycle = ['batch.queued', 'batch.processing', 'batch.tier.completed#0', 'batch.tier.completed#1', 'batch.completed'];
    const missingLifecycle = () =>
      batches.flatMap(({ batchId }) => expectedLifecycle.filter((t) => !(lifecycle.get(batchId)?.has(t) ?? false)).map((t) => `${batchId} ${t}`));
    await waitFor(
      async () => {
        await readPublished();
        return missingLifecycle().length === 0;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: 'every batch lifecycle event on the events stream' },
    ).catch(() => undefined);
    expect(missingLifecycle()).toEqual([]);
    const delivered = () => {
      const ids = new Map<string, Set<string>>();
      for (const r of receiver.at('/soak')) {
        const eventId = r.json['event_id'] as string;
        const set = ids.get(eventId) ?? new Set<string>();
        set.add(String(r.headers['webhook-id']));
        ids.set(eventId, set);
      }
      return ids;
    };
    await waitFor(() => [...published.keys()].every((id) => delivered().has(id)), {
      timeoutMs: 300_000,
      intervalMs: 1_000,
      description: 'every published event at the receiver',
    });
    const received = delivered();
    expect([...received.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    const deliveries = receiver.at('/soak').length;
    const completedPublished = [...published.values()].filter((t) => t === 'batch.completed').length;

    const summary = {
      minutes: MINUTES,
      objects: objectIds.length,
      items: 3 * objectIds.length,
      batches: finals.map((b) => ({ status: b['status'], total: (b['progress'] as Body)['total'] })),
      faults: faults.length,
      kills: faults.filter((f) => f.includes('kill')).length,
      apiRetries,
      stores,
      inFlight: flight,
      events: { published: published.size, types: [...new Set(published.values())].filter((t) => (DOMAIN_EVENT_TYPES as readonly string[]).includes(t)).length, deliveries, distinct: received.size },
      batchCompletedEvents: `${completedPublished} of ${batches.length}`,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`SOAK-FAULTS\n  ${faults.join('\n  ')}\nSOAK-RESULT ${JSON.stringify(summary)}\n`);
  });
});
