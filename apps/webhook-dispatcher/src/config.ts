import { baseEnvSchema, envInt, loadConfig } from '@strata/platform';
import { z } from 'zod';

const schema = baseEnvSchema.extend({
  HEALTH_PORT: envInt(3013, 1, 65535),
  DISPATCHER_CONCURRENCY: envInt(8, 1, 256),
});

export type DispatcherConfig = z.infer<typeof schema>;

/** The only place the dispatcher reads the environment. */
export function loadDispatcherConfig(env: Record<string, string | undefined> = process.env): DispatcherConfig {
  return loadConfig(schema, env);
}
