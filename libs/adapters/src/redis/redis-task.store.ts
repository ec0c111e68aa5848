import { TERMINAL_BATCH_STATUSES, Task } from '@strata/domain';
import type { TaskStore } from '@strata/ports';
import type { Redis } from 'ioredis';

/** Tasks live about a day in Redis; after that the batch is the record. */
export const TASK_TTL_SECONDS = 24 * 3600;

const FIELDS = ['taskId', 'taskType', 'status', 'inputs', 'outputs', 'additionalData', 'error', 'createdAt', 'updatedAt'] as const;

function encode(patch: Partial<Task>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = JSON.stringify(v);
  return out;
}

// Create-if-absent with its expiry, atomically (a crash cannot leave a task that never expires).
const CREATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1]))
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]), ARGV[3])
return 1`;

// Merge-if-exists, keeping the TTL: HSET on an expired key would otherwise create a task with no
// expiry. A terminal status is final: a late writer (a progress refresh racing a cancel) cannot
// turn a CANCELED or COMPLETED task back into PROCESSING. The Lua table is generated from the
// domain's terminal set; statuses are stored JSON-encoded, hence the quotes in the keys.
const LUA_TERMINAL_TABLE = [...TERMINAL_BATCH_STATUSES].map((s) => `['${JSON.stringify(s)}'] = true`).join(', ');
const UPDATE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local current = redis.call('HGET', KEYS[1], 'status')
local terminal = { ${LUA_TERMINAL_TABLE} }
for i = 1, #ARGV, 2 do
  if not (ARGV[i] == 'status' and current and terminal[current]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 1`;

/** TaskStore on Redis: one hash per task, expiring {@link TASK_TTL_SECONDS} after creation. */
export class RedisTaskStore implements TaskStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly ttlSeconds = TASK_TTL_SECONDS,
  ) {}

  private key(taskId: string): string {
    return `${this.keyPrefix}task:${taskId}`;
  }

  /** Sorted set of task ids by creation time: the listing index (trimmed to the TTL on read). */
  private indexKey(): string {
    return `${this.keyPrefix}tasks`;
  }

  async list(query: { status: Task['status'] | null; offset: number; limit: number }): Promise<{ results: Task[]; total: number }> {
    await this.redis.zremrangebyscore(this.indexKey(), '-inf', Date.now() - this.ttlSeconds * 1_000);
    const ids = await this.redis.zrevrange(this.indexKey(), 0, -1);
    const tasks: Task[] = [];
    for (const id of ids) {
      const task = await this.get(id);
      if (task === null) {
        await this.redis.zrem(this.indexKey(), id);
        continue;
      }
      if (query.status === null || task.status === query.status) tasks.push(task);
    }
    return { results: tasks.slice(query.offset, query.offset + query.limit), total: tasks.length };
  }

  async delete(taskId: string): Promise<void> {
    await this.redis.multi().del(this.key(taskId)).zrem(this.indexKey(), taskId).exec();
  }

  async create(task: Task): Promise<Task> {
    const args = Object.entries(encode(task)).flat();
    const created = await this.redis.eval(
      CREATE_SCRIPT,
      2,
      this.key(task.taskId),
      this.indexKey(),
      String(this.ttlSeconds),
      String(Date.parse(task.createdAt)),
      task.taskId,
      ...args,
    );
    if (created === 1) return task;
    return (await this.get(task.taskId)) ?? task;
  }

  async get(taskId: string): Promise<Task | null> {
    const raw = await this.redis.hgetall(this.key(taskId));
    if (raw['taskId'] === undefined) return null;
    const task: Record<string, unknown> = {};
    for (const field of FIELDS) task[field] = raw[field] === undefined ? null : JSON.parse(raw[field] as string);
    return task as unknown as Task;
  }

  async update(taskId: string, patch: Partial<Omit<Task, 'taskId' | 'createdAt'>>): Promise<void> {
    const args = Object.entries(encode(patch)).flat();
    if (args.length === 0) return;
    await this.redis.eval(UPDATE_SCRIPT, 1, this.key(taskId), ...args);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // The connection is owned by whoever created it.
  }
}
