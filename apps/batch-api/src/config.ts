import { baseEnvSchema, envInt, loadConfig } from '@strata/platform';
import { z } from 'zod';

const schema = baseEnvSchema.extend({
  /** JSON file declaring out-of-process extractors served over NATS (docs/extractors.md); empty = none. */
  REMOTE_EXTRACTORS_FILE: z.string().default(''),
  PORT: envInt(3000, 1, 65535),
  HOST: z.string().default('0.0.0.0'),
  /** Largest JSON body accepted. */
  MAX_JSON_BYTES: envInt(10 * 1024 * 1024, 1024),
  /** Largest file accepted by a multipart object upload. */
  MAX_UPLOAD_BYTES: envInt(100 * 1024 * 1024, 1024),
  /** Items per work message; must be the same for the poller. */
  WORK_CHUNK_SIZE: envInt(64, 1, 1000),
});

export type BatchApiConfig = z.infer<typeof schema>;

/** The only place batch-api reads the environment. */
export function loadBatchApiConfig(env: Record<string, string | undefined> = process.env): BatchApiConfig {
  return loadConfig(schema, env);
}
