import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** One process's series as `registry.getMetricsAsJSON()` gives them. */
type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/**
 * One /metrics for a process pool (docs/adr/0080-worker-process-pool.md): the pool's processes
 * share one port, so a scrape reaches one of them at random. That process asks the pool's parent,
 * which collects every child's registry over the cluster IPC channel and sums them
 * (prom-client's `AggregatorRegistry.aggregate`: counters and histograms add up, gauges follow
 * their `aggregator`), so counters never jump back when the next scrape lands elsewhere.
 */

const REQUEST = 'strata:metrics:request';
const COLLECT = 'strata:metrics:collect';
const PART = 'strata:metrics:part';
const REPLY = 'strata:metrics:reply';
/** How long the parent waits for the children's parts (a stuck child is left out, not waited for). */
const COLLECT_TIMEOUT_MS = 3_000;

interface PoolMessage {
  type?: unknown;
  id?: unknown;
  metrics?: MetricsJson;
  body?: string;
  contentType?: string;
  error?: string;
}

let registered: Registry | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (reply: { contentType: string; body: string }) => void; reject: (error: Error) => void }>();

/** True in a child of a process pool: its /metrics must be the pool's. */
export function inProcessPool(): boolean {
  return cluster.isWorker && typeof process.send === 'function';
}

/**
 * Called by a pool child's metrics: answers the parent's collect requests with this registry's
 * series, and takes the replies to its own requests. Once per process (the app's registry).
 */
export function servePoolMetrics(registry: Registry): void {
  if (!inProcessPool() || registered !== null) return;
  registered = registry;
  process.on('message', (message: PoolMessage) => {
    if (message?.type === COLLECT) {
      void registry.getMetricsAsJSON().then(
        (metrics) => process.send?.({ type: PART, id: message.id, metrics }),
        (error: unknown) => process.send?.({ type: PART, id: message.id, error: String(error) }),
      );
    } else if (message?.type === REPLY && typeof message.id === 'number') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (waiter === undefined) return;
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve({ contentType: message.contentType ?? 'text/plain', body: message.body ?? '' });
    }
  });
}

/** The pool's aggregated exposition, asked of the parent (from a pool child). */
export function poolExposition(): Promise<{ contentType: string; body: string }> {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('the process pool did not answer the metrics request'));
    }, COLLECT_TIMEOUT_MS * 2);
    pending.set(id, {
      resolve: (reply) => {
        clearTimeout(timer);
        resolve(reply);
      },
      reject: (error) => {
        clearTimeout(timer);
        reject(error);
      },
    });
    process.send?.({ type: REQUEST, id });
  });
}

/**
 * In a pool's parent: answers a child's metrics request with every live child's series summed.
 * A child that does not answer within the timeout is left out of that scrape.
 */
export function aggregatePoolMetrics(children: readonly Worker[]): void {
  let nextCollect = 0;
  const parts = new Map<number, { wanted: number; got: MetricsJson[]; done: () => void }>();
  const onMessage = (child: Worker, message: PoolMessage) => {
    if (message?.type === PART && typeof message.id === 'number') {
      const part = parts.get(message.id);
      if (part === undefined) return;
      if (message.metrics !== undefined) part.got.push(message.metrics);
      part.wanted -= 1;
      if (part.wanted <= 0) part.done();
      return;
    }
    if (message?.type !== REQUEST) return;
    const live = children.filter((c) => c.isConnected());
    const collectId = ++nextCollect;
    const got: MetricsJson[] = [];
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      parts.delete(collectId);
      try {
        const registry = AggregatorRegistry.aggregate(got);
        void registry.metrics().then(
          (body) => child.send({ type: REPLY, id: message.id, body, contentType: registry.contentType }),
          (error: unknown) => child.send({ type: REPLY, id: message.id, error: String(error) }),
        );
      } catch (error) {
        child.send({ type: REPLY, id: message.id, error: String(error) });
      }
    };
    const timer = setTimeout(finish, COLLECT_TIMEOUT_MS);
    parts.set(collectId, { wanted: live.length, got, done: finish });
    for (const c of live) c.send({ type: COLLECT, id: collectId });
    if (live.length === 0) finish();
  };
  cluster.on('message', onMessage);
}
