import { CONSUMER_DEFAULTS, MAX_TIER } from '@strata/contracts';
import { DEFAULT_WORKER_NICE, baseEnvSchema, envInt, loadConfig } from '@strata/platform';
import { z } from 'zod';

export const workerEnvSchema = baseEnvSchema.extend({
  /** JSON file declaring out-of-process extractors served over NATS (docs/extractors.md); empty = none. */
  REMOTE_EXTRACTORS_FILE: z.string().default(''),
  /** Port of `/health/*` and `/metrics`. */
  HEALTH_PORT: envInt(3012, 1, 65535),
  /** Extractors this worker serves (`name@version`, comma-separated); empty = every built-in one. */
  WORKER_EXTRACTORS: z.string().default(''),
  /** Highest tier this worker consumes; one durable consumer per extractor and tier (chains stop at MAX_TIER). */
  WORKER_MAX_TIER: envInt(MAX_TIER, 0, MAX_TIER),
  /** Work messages processed at once by each worker process. */
  WORKER_CONCURRENCY: envInt(4, 1, 256),
  /** Worker processes this app forks (node:cluster; extraction is CPU-bound); 0 = one per core. */
  WORKER_PROCESSES: envInt(0, 0, 256),
  /**
   * V8 old-space limit of each forked worker process, in MB (`--max-old-space-size`); 0 = Node's
   * default (a share of the machine's memory: gigabytes). With Node's default on a large machine V8
   * lets garbage pile up: the worker's RSS went from 175 to 330 MB over a million objects while
   * its live data stayed under 96 MB; with a limit it stays flat (docs/benchmarks.md). Heavy
   * extractors parse in their own children (EXTRACTOR_MAX_HEAP_MB). Not applied when the pool is
   * one process (nothing is forked): set NODE_OPTIONS=--max-old-space-size=<MB> then.
   */
  WORKER_MAX_HEAP_MB: envInt(512, 0, 65_536),
  /**
   * Scheduling niceness of the worker processes (Unix nice, 0-19): batch work yields the CPU to the
   * API, the poller and NATS on shared cores, so reads stay fast while a batch runs. 0 = unchanged.
   */
  WORKER_NICE: envInt(DEFAULT_WORKER_NICE, 0, 19),
  /** A work message is redelivered after this long without an ack or a progress heartbeat. */
  WORK_ACK_WAIT_MS: envInt(CONSUMER_DEFAULTS.work.ackWaitMs, 1_000),
  /** Deliveries of a work message before its items are recorded as failed. */
  WORK_MAX_DELIVER: envInt(CONSUMER_DEFAULTS.work.maxDeliver, 1, 100),
  /** Child processes heavy extractors (pdf) may run at once; each parses one untrusted file. */
  EXTRACTOR_POOL_SIZE: envInt(2, 1, 64),
  /** Per-item wall-clock limit of an isolated extractor; past it the child is killed (category resource). */
  EXTRACTOR_TIMEOUT_MS: envInt(60_000, 1_000, 3_600_000),
  /** V8 heap cap of each isolated extractor child, in MB. */
  EXTRACTOR_MAX_HEAP_MB: envInt(512, 32, 16_384),
  /** Largest blob an extractor is given; a larger (or an empty) one fails its item with category validation. */
  WORKER_MAX_BLOB_BYTES: envInt(100 * 1024 * 1024, 1, 16 * 1024 * 1024 * 1024),
  /**
   * Target duration of a slice of a work message: the worker records outcomes per slice, so
   * progress and stall detection follow finished items within a long message (a slow extractor);
   * a cheap extractor still runs each message at once. 0 = whole messages only.
   */
  WORKER_PROGRESS_SLICE_MS: envInt(2_000, 0, 600_000),
  /**
   * Fault-injection knob for the test suites only (docs/reliability.md): every extractor run waits
   * this long per item first, as a slow model would. 0 (the default) = off.
   */
  FAULT_EXTRACTOR_DELAY_MS: envInt(0, 0, 60_000),
  /** Bearer token for openai-compatible embedding endpoints (kept out of collection parameters). */
  EMBEDDING_API_KEY: z.string().default(''),
  /** Directory of local models for the onnx embedding provider (one sub-directory per model); empty = provider disabled. */
  EMBEDDING_MODELS_DIR: z.string().default(''),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

/** The only place the worker reads the environment. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  return loadConfig(workerEnvSchema, env);
}
