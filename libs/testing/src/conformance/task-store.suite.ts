import type { Task } from '@strata/domain';
import type { TaskStore } from '@strata/ports';
import { randomBytes } from 'node:crypto';

export interface TaskStoreTarget {
  name: string;
  open(): Promise<{ store: TaskStore; expire(taskId: string): Promise<void>; cleanup(): Promise<void> }>;
}

/** The TaskStore contract, run unchanged against every adapter. */
export function taskStoreConformance(target: TaskStoreTarget): void {
  describe(`TaskStore conformance: ${target.name}`, () => {
    let store: TaskStore;
    let expire: (taskId: string) => Promise<void>;
    let cleanup: () => Promise<void>;
    let task: Task;

    beforeEach(async () => {
      ({ store, expire, cleanup } = await target.open());
      task = {
        taskId: `task_${randomBytes(8).toString('hex')}`,
        taskType: 'api_buckets_batches_submit',
        status: 'PENDING',
        inputs: ['btch_1'],
        outputs: null,
        additionalData: { batch_id: 'btch_1', nested: { a: [1, 2] } },
        error: null,
        createdAt: '2026-11-29T00:00:00.000Z',
        updatedAt: '2026-11-29T00:00:00.000Z',
      };
    });

    afterEach(async () => {
      await cleanup();
    });

    it('ping answers; a created task reads back equal; an unknown one is null', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      expect(await store.create(task)).toEqual(task);
      expect(await store.get(task.taskId)).toEqual(task);
      expect(await store.get('task_unknown')).toBeNull();
    });

    it('create is idempotent: a second create returns the first task', async () => {
      await store.create(task);
      const again = await store.create({ ...task, status: 'FAILED' });
      expect(again.status).toBe('PENDING');
      expect((await store.get(task.taskId))?.status).toBe('PENDING');
    });

    it('update merges fields; updating an expired task does not resurrect it', async () => {
      await store.create(task);
      await store.update(task.taskId, { status: 'COMPLETED', outputs: [{ n: 1 }], updatedAt: '2026-11-29T01:00:00.000Z' });
      expect(await store.get(task.taskId)).toEqual({ ...task, status: 'COMPLETED', outputs: [{ n: 1 }], updatedAt: '2026-11-29T01:00:00.000Z' });
      await expire(task.taskId);
      await store.update(task.taskId, { status: 'FAILED' });
      expect(await store.get(task.taskId)).toBeNull();
    });
  });
}
