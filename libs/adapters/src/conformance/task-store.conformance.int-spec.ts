import { busNames } from '@strata/contracts';
import { InMemoryTaskStore } from '@strata/fakes';
import { cleanupPrefix, REDIS_URL, taskStoreConformance, uniquePrefix } from '@strata/testing';
import { Redis } from 'ioredis';
import { RedisTaskStore } from '../redis/redis-task.store';

/** The TaskStore contract against Redis (the shared test server, isolated by prefix) and the fake. */
taskStoreConformance({
  name: 'redis',
  async open() {
    const prefix = uniquePrefix('taskconf');
    const redis = new Redis(REDIS_URL);
    const keyPrefix = busNames(prefix).redisPrefix;
    return {
      store: new RedisTaskStore(redis, keyPrefix),
      // What the 24 h TTL does, without waiting a day.
      expire: async (taskId) => void (await redis.del(`${keyPrefix}task:${taskId}`)),
      async cleanup() {
        redis.disconnect();
        await cleanupPrefix(prefix);
      },
    };
  },
});

taskStoreConformance({
  name: 'in-memory fake',
  async open() {
    const store = new InMemoryTaskStore();
    return { store, expire: async (taskId) => store.expire(taskId), cleanup: async () => undefined };
  },
});
