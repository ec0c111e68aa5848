import { getPriority, setPriority } from 'node:os';
import type { Logger } from '@strata/ports';

/**
 * The worker's default niceness (WORKER_NICE): batch work runs below the API, the poller and NATS
 * when they share cores, so GET batch keeps answering in milliseconds while a batch takes the
 * machine (docs/benchmarks.md). The CPU the others do not use is still the worker's.
 */
export const DEFAULT_WORKER_NICE = 10;

/** The scheduling calls, replaceable in tests. */
export interface PriorityControl {
  get(): number;
  set(nice: number): void;
}

const osPriority: PriorityControl = { get: () => getPriority(), set: (nice) => setPriority(nice) };

/**
 * Lowers this process's scheduling priority to `nice` (Unix niceness, 0-19; children forked
 * afterwards inherit it). Never raises it: a process already nicer stays as it is, and 0 leaves it
 * unchanged. A refused change is logged and the process runs on. Returns the niceness in effect.
 */
export function lowerPriority(nice: number, logger: Logger, control: PriorityControl = osPriority): number {
  const current = control.get();
  if (nice <= current) return current;
  try {
    control.set(nice);
    return control.get();
  } catch (error) {
    logger.warn({ err: (error as Error).message, nice, current }, 'could not lower the process priority; running at the current one');
    return current;
  }
}
