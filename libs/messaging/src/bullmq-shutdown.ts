import type { Logger } from '@strata/ports';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';

/** How long a BullMQ worker may take to finish its running jobs and close on shutdown. */
export const WORKER_CLOSE_GRACE_MS = 10_000;

/**
 * Closes a BullMQ worker and its connection within `graceMs`. Worker.close() waits for running jobs
 * (what we want), but it can also wait forever on a blocking connection that lost Redis and is
 * still reconnecting (taskforcesh/bullmq#4656, open for bullmq 6.7): a process would then hang
 * until it is killed. Past the grace the connection is dropped; a job still running is then
 * stalled, and BullMQ hands it to another worker once its lock expires (at-least-once, as after
 * a crash). Returns whether the worker closed in time.
 */
export async function closeWorkerWithin(
  worker: Pick<Worker, 'close'> | null,
  connection: Pick<Redis, 'quit' | 'disconnect'> | null,
  logger: Logger,
  graceMs = WORKER_CLOSE_GRACE_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    (worker?.close() ?? Promise.resolve()).then(
      () => true,
      () => true,
    ),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (closed) {
    await connection?.quit().catch(() => undefined);
  } else {
    logger.warn({ grace_ms: graceMs }, 'queue worker did not close in time (Redis unreachable?): dropping its connections');
    connection?.disconnect();
    // The worker's own blocking client (a duplicate of `connection`) is what stays stuck; drop it
    // too, or its reconnect timers keep the process alive. `backend.blockingClient` is BullMQ's
    // documented Redis escape hatch; it resolves at once for a worker that had connected.
    const blocking = (worker as { backend?: { blockingClient?: Promise<{ disconnect(): void }> } } | null)?.backend?.blockingClient;
    const client = await Promise.race([blocking?.catch(() => undefined), delay(100)]);
    client?.disconnect();
  }
  return closed;
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
