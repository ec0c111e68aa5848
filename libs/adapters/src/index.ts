export * from './sqlite/sqlite-database';
export * from './sqlite/sqlite-metadata.store';
export * from './sqlite/sqlite-vec-vector.store';
export * from './local/local-object.storage';
export * from './redis/redis-task.store';
export * from './http/guarded-webhook.sender';
export * from './sqlite/sqlite-webhook.repository';
