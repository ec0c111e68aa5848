import type { Logger } from '@strata/ports';
import { closeWorkerWithin } from './bullmq-shutdown';

/**
 * The Redis-restart fault scenario (apps/strata-faults infrastructure spec) checks the real thing:
 * the dispatcher exits 0 on SIGTERM after Redis came back under it. Here: the decision alone.
 */
describe('closeWorkerWithin', () => {
  const warnings: string[] = [];
  const logger = { warn: (_o: unknown, msg: string) => void warnings.push(msg) } as unknown as Logger;
  const calls: string[] = [];
  const connection = { quit: async () => void calls.push('quit') as unknown as 'OK', disconnect: () => void calls.push('disconnect') };
  const blockingClient = { disconnect: () => void calls.push('blocking.disconnect') };

  beforeEach(() => {
    calls.length = 0;
    warnings.length = 0;
  });

  it('waits for a worker that closes, then quits the connection', async () => {
    const worker = { close: () => new Promise<void>((r) => setTimeout(r, 20)), backend: { blockingClient: Promise.resolve(blockingClient) } };
    expect(await closeWorkerWithin(worker, connection, logger, 5_000)).toBe(true);
    expect(calls).toEqual(['quit']);
    expect(warnings).toEqual([]);
  });

  it('treats a close that fails as closed (the connection is quit all the same)', async () => {
    const worker = { close: () => Promise.reject(new Error('Connection is closed')) };
    expect(await closeWorkerWithin(worker, connection, logger, 5_000)).toBe(true);
    expect(calls).toEqual(['quit']);
  });

  it('gives up after the grace on a close that never ends (bullmq#4656) and drops both connections', async () => {
    const worker = { close: () => new Promise<void>(() => undefined), backend: { blockingClient: Promise.resolve(blockingClient) } };
    expect(await closeWorkerWithin(worker, connection, logger, 50)).toBe(false);
    expect(calls).toEqual(['disconnect', 'blocking.disconnect']);
    expect(warnings).toEqual([expect.stringContaining('did not close in time')]);
  });

  it('does not wait on a blocking client that never initialized', async () => {
    const worker = { close: () => new Promise<void>(() => undefined), backend: { blockingClient: new Promise<typeof blockingClient>(() => undefined) } };
    expect(await closeWorkerWithin(worker, connection, logger, 50)).toBe(false);
    expect(calls).toEqual(['disconnect']);
  });

  it('accepts a missing worker (shutdown before bootstrap)', async () => {
    expect(await closeWorkerWithin(null, null, logger, 50)).toBe(true);
  });
});
