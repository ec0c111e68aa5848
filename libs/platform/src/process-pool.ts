import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from '@strata/ports';
import { POOL_CHILD_ENV, aggregatePoolMetrics } from './pool-metrics';

/** A configured process count: 0 means one process per core of this machine. */
export function processCount(configured: number): number {
  return configured > 0 ? configured : availableParallelism();
}

/**
 * Runs `start` (an app's boot: Nest app, consumers, health port) in `count` processes forked from
 * this one with node:cluster, so a CPU-bound app uses the machine's cores (docs/benchmarks.md).
 * With a count of 1, or in a forked child, it just runs `start`.
 *
 * The parent only supervises: SIGTERM or SIGINT is passed on as SIGTERM to every child (each shuts
 * down gracefully through installShutdown) and the parent exits when they all have, 0 when they all
 * exited 0. A child that exits by itself stops the others and the parent exits 1, so a supervisor
 * (Kubernetes, `npm start`) sees the failure instead of a pool running short. Children share the
 * health port (node:cluster hands connections to them in turn); if the parent is killed outright,
 * the children exit when its IPC channel closes (node:cluster's own rule). GET /metrics in any child
 * answers for the whole pool (pool-metrics.ts). `childExecArgv` are Node options of the forked
 * processes only (with a count of 1 nothing is forked: they do not apply).
 */
export async function runProcessPool(
  count: number,
  logger: Logger,
  start: () => Promise<void>,
  options: { childExecArgv?: readonly string[] } = {},
): Promise<void> {
  if (!cluster.isPrimary) {
    await start();
    // The parent turns a terminal's Ctrl-C into one SIGTERM per child; the SIGINT the terminal also
    // sends to the whole process group must not count as a second signal (which exits at once).
    process.removeAllListeners('SIGINT');
    process.on('SIGINT', () => undefined);
    return;
  }
  if (count <= 1) return start();
  // Node options of the pool processes only (e.g. their V8 heap limit): the parent just supervises.
  if (options.childExecArgv !== undefined && options.childExecArgv.length > 0) {
    cluster.setupPrimary({ execArgv: [...process.execArgv, ...options.childExecArgv] });
  }
  let stopping = false;
  const codes = new Map<number, number>();
  const children = Array.from({ length: count }, () => cluster.fork({ [POOL_CHILD_ENV]: '1' }));
  aggregatePoolMetrics(children);
  const stopAll = () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGTERM');
  };
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, processes: count }, 'stopping the process pool');
    stopAll();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  logger.info({ processes: count, pids: children.map((c) => c.process.pid) }, 'process pool started');
  await new Promise<void>((resolveAll) => {
    cluster.on('exit', (child, code, signal) => {
      codes.set(child.id, code ?? 1);
      if (!stopping) {
        logger.error({ pid: child.process.pid, code, signal }, 'a pool process exited by itself; stopping the others');
        stopping = true;
        stopAll();
      }
      if (codes.size === children.length) resolveAll();
    });
  });
  const failed = [...codes.values()].some((c) => c !== 0);
  process.exit(failed ? 1 : 0);
}
