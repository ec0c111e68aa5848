import type { Task } from '@strata/domain';
import { REDIS_URL, cleanupPrefix, uniquePrefix } from '@strata/testing';
import { Redis } from 'ioredis';
import { RedisTaskStore, TASK_TTL_SECONDS } from './redis-task.store';

describe('RedisTaskStore (real Redis)', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisTaskStore;
  const task: Task = {
    taskId: 'task_abc',
    taskType: 'api_buckets_batches_submit',
    status: 'PENDING',
    inputs: ['btch_1'],
    outputs: null,
    additionalData: { batch_id: 'btch_1' },
    error: null,
    createdAt: '2026-11-29T00:00:00.000Z',
    updatedAt: '2026-11-29T00:00:00.000Z',
  };

  beforeEach(async () => {
    prefix = uniquePrefix('tasks');
    redis = new Redis(REDIS_URL);
    store = new RedisTaskStore(redis, `${prefix}:`);
  });

  afterEach(async () => {
    redis.disconnect();
    await cleanupPrefix(prefix);
  });

  it('creates a task with a 24 h expiry and reads it back', async () => {
    await store.create(task);
    expect(await store.get('task_abc')).toEqual(task);
    const ttl = await redis.ttl(`${prefix}:task:task_abc`);
    expect(ttl).toBeGreaterThan(TASK_TTL_SECONDS - 10);
    expect(ttl).toBeLessThanOrEqual(TASK_TTL_SECONDS);
  });

  it('create is idempotent: a second create returns the first task', async () => {
    await store.create(task);
    const again = await store.create({ ...task, status: 'FAILED' });
    expect(again.status).toBe('PENDING');
  });

  it('update merges fields and keeps the expiry; updating an expired task does not resurrect it', async () => {
    await store.create(task);
    await store.update('task_abc', { status: 'COMPLETED', outputs: [{ n: 1 }] });
    expect(await store.get('task_abc')).toMatchObject({ status: 'COMPLETED', outputs: [{ n: 1 }], inputs: ['btch_1'] });
    expect(await redis.ttl(`${prefix}:task:task_abc`)).toBeGreaterThan(0);
    await store.update('task_gone', { status: 'COMPLETED' });
    expect(await store.get('task_gone')).toBeNull();
    expect(await redis.exists(`${prefix}:task:task_gone`)).toBe(0);
  });

  it('keeps a terminal status: a late PROCESSING write does not undo a cancel', async () => {
    await store.create(task);
    await store.update('task_abc', { status: 'CANCELED' });
    await store.update('task_abc', { status: 'PROCESSING', additionalData: { progress: 1 } });
    expect(await store.get('task_abc')).toMatchObject({ status: 'CANCELED', additionalData: { progress: 1 } });
  });
});
