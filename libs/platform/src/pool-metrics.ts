import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * One /metrics for a process pool (docs/adr/0102-api-process-pool.md): the pool's processes
 * share one port, so a scrape reaches one of them at random. That process asks the pool's parent,
 * which collects every child's registry over the cluster IPC channel and sums them
 * (prom-client's `AggregatorRegistry.aggregate`: counters and histograms add up, gauges follow
 * their `aggregator`), so counters never jump back when the next scrape lands elsewhere.
 */

/** Set by runProcessPool on the children it forks: only they have a parent that aggregates. */
export const POOL_CHILD_ENV = 'STRATA_POOL_CHILD';

/** One process's series as `registry.getMetricsAsJSON()` gives them. */
type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
type Exposition = { contentType: string; body: string };

const REQUEST = 'strata:metrics:request';
const COLLECT = 'strata:metrics:collect';
const PART = 'strata:metrics:part';
const REPLY = 'strata:metrics:reply';
/** How long the parent waits for a child's part (a stuck child is left out, not waited for). */
const COLLECT_TIMEOUT_MS = 3_000;

interface PoolMessage {
  type?: unknown;
  id?: unknown;
  metrics?: MetricsJson;
  body?: string;
  contentType?: string;
  error?: string;
}

let serving = false;
let nextId = 0;
const pending = new Map<number, (reply: PoolMessage) => void>();

/**
 * True in a child forked by runProcessPool: its /metrics must be the pool's. (Not merely
 * `cluster.isWorker`: under another cluster manager no parent would answer.)
 */
export function inProcessPool(): boolean {
  // eslint-disable-next-line no-restricted-properties -- a marker runProcessPool sets on its own children, not configuration
  return cluster.isWorker && process.env[POOL_CHILD_ENV] === '1' && typeof process.send === 'function';
}

/**
 * Called by a pool child's metrics: answers the parent's collect requests with this registry's
 * series, and takes the replies to its own requests. Once per process (the app's registry).
 */
export function servePoolMetrics(registry: Registry): void {
  if (!inProcessPool() || serving) return;
  serving = true;
  process.on('message', (message: PoolMessage) => {
    if (message?.type === COLLECT) {
      void registry.getMetricsAsJSON().then(
        (metrics) => process.send?.({ type: PART, id: message.id, metrics }),
        (error: unknown) => process.send?.({ type: PART, id: message.id, error: String(error) }),
      );
    } else if (message?.type === REPLY && typeof message.id === 'number') {
      pending.get(message.id)?.(message);
    }
  });
}

/** The pool's aggregated exposition, asked of the parent (from a pool child). */
export function poolExposition(): Promise<Exposition> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const settle = (reply: PoolMessage) => {
      clearTimeout(timer);
      pending.delete(id);
      if (reply.error !== undefined) reject(new Error(reply.error));
      else resolve({ contentType: reply.contentType ?? 'text/plain', body: reply.body ?? '' });
    };
    const timer = setTimeout(() => settle({ error: 'the process pool did not answer the metrics request' }), COLLECT_TIMEOUT_MS * 2);
    pending.set(id, settle);
    process.send?.({ type: REQUEST, id });
  });
}

/** One child's series, or null if it does not answer in time (or answers an error). */
function collectFrom(child: Worker, id: number): Promise<MetricsJson | null> {
  return new Promise((resolve) => {
    const onMessage = (message: PoolMessage) => {
      if (message?.type !== PART || message.id !== id) return;
      done(message.metrics ?? null);
    };
    const done = (metrics: MetricsJson | null) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(metrics);
    };
    const timer = setTimeout(() => done(null), COLLECT_TIMEOUT_MS);
    child.on('message', onMessage);
    child.send({ type: COLLECT, id });
  });
}

/** In a pool's parent: answers a child's metrics request with every live child's series summed. */
export function aggregatePoolMetrics(children: readonly Worker[]): void {
  let nextCollect = 0;
  cluster.on('message', (child: Worker, message: PoolMessage) => {
    if (message?.type !== REQUEST) return;
    const id = ++nextCollect;
    void Promise.all(children.filter((c) => c.isConnected()).map((c) => collectFrom(c, id)))
      .then(async (parts) => {
        const registry = AggregatorRegistry.aggregate(parts.filter((p): p is MetricsJson => p !== null));
        child.send({ type: REPLY, id: message.id, body: await registry.metrics(), contentType: registry.contentType });
      })
      .catch((error: unknown) => child.send({ type: REPLY, id: message.id, error: String(error) }));
  });
}
