import { busNames } from '@strata/contracts';
import { Redis } from 'ioredis';
import { connect } from 'nats';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NATS_URL = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/**
 * A prefix no other test run uses, so tests can share one NATS and one Redis (streams, subjects
 * and keys all derive from it).
 */
export function uniquePrefix(label = 't'): string {
  return `${label.replace(/[^a-z0-9]/g, '').slice(0, 12) || 't'}-${randomBytes(5).toString('hex')}`;
}

export function tempDir(label = 'strata'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Deletes every stream and Redis key a test run created under its prefix (on the shared servers unless told). */
export async function cleanupPrefix(prefix: string, servers: { natsUrl?: string; redisUrl?: string } = {}): Promise<void> {
  const names = busNames(prefix);
  const nc = await connect({ servers: servers.natsUrl ?? NATS_URL });
  try {
    const jsm = await nc.jetstreamManager();
    for (const stream of Object.values(names.streams)) {
      // Deleting a stream deletes its consumers; a stream the test never made is fine.
      await jsm.streams.delete(stream).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
  const redis = new Redis(servers.redisUrl ?? REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${names.redisPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
