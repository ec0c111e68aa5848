import { RestartableServer, StrataCluster, startNatsServer, startRedisServer } from '@strata/testing';
import { OBJECTS, SLOW_WORK_ENV, preparedBatch, report, submit, verifyBatch, waitBatch, waitTerminal } from './support';

jest.setTimeout(900_000);

/**
 * NATS and Redis restarts. Each test starts its OWN nats-server (JetStream, file storage in a temp
 * dir) and redis-server on free ports: the machine's shared servers are never stopped.
 */
describe('infrastructure restarts mid-batch (private NATS and Redis)', () => {
  let cluster: StrataCluster | undefined;
  let nats: RestartableServer | undefined;
  let redis: RestartableServer | undefined;

  beforeEach(async () => {
    nats = await startNatsServer();
    redis = await startRedisServer();
  });

  afterEach(async () => {
    await cluster?.destroy();
    cluster = undefined;
    await nats?.destroy();
    await redis?.destroy();
  });

  async function run(label: string, restart: (server: RestartableServer) => Promise<number>, which: () => RestartableServer): Promise<void> {
    cluster = await StrataCluster.start({
      natsUrl: nats?.url,
      redisUrl: redis?.url,
      env: SLOW_WORK_ENV,
      counts: { 'extractor-worker': 2 },
    });
    const api = cluster.api;
    const { fx, ids, batchId } = await preparedBatch(api);
    const started = Date.now();
    await submit(api, fx, batchId);
    const atFault = await waitBatch(api, fx, batchId, (b) => b.progress.processed > 0, 'first items processed');
    const downMs = await restart(which());
    const done = await waitTerminal(api, fx, batchId);
    const seconds = (Date.now() - started) / 1000;
    const verified = await verifyBatch(cluster, fx, batchId, { status: 'COMPLETED', succeeded: new Set(ids), total: OBJECTS });
    expect(done.progress.processed).toBe(OBJECTS);
    // No process died of it.
    for (const app of ['batch-api', 'poller', 'extractor-worker', 'webhook-dispatcher'] as const) {
      for (const i of cluster.indexes(app)) expect(cluster.isRunning(app, i)).toBe(true);
    }
    // And each still shuts down gracefully (exit 0, not the SIGKILL after 30 s).
    const exits: Record<string, number | null> = {};
    const stopStarted = Date.now();
    for (const app of ['batch-api', 'poller', 'extractor-worker', 'webhook-dispatcher'] as const) {
      for (const i of cluster.indexes(app)) exits[`${app}#${i}`] = await cluster.stopApp(app, i);
    }
    expect(exits).toEqual(Object.fromEntries(Object.keys(exits).map((k) => [k, 0])));
    report(label, { faultAt: atFault.progress.processed, downMs, seconds, shutdownSeconds: (Date.now() - stopStarted) / 1000, exits, ...verified });
  }

  /** Stops the server, keeps it down for `downMs`, starts it again on the same port and data. */
  const bounce = (downMs: number) => async (server: RestartableServer) => {
    await server.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await server.start();
    return downMs;
  };

  it('restart NATS (JetStream file storage) mid-batch', async () => {
    await run('NATS restart mid-batch', bounce(3_000), () => nats as RestartableServer);
  });

  it('restart Redis mid-batch', async () => {
    await run('Redis restart mid-batch', bounce(3_000), () => redis as RestartableServer);
  });
});
