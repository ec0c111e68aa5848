export * from './sqlite/sqlite-database';
export * from './sqlite/sqlite-metadata.store';
export * from './sqlite/sqlite-vec-vector.store';
export * from './local/local-object.storage';
export * from './redis/redis-task.store';
export * from './mongo/mongo-metadata.store';
export * from './s3/s3-object.storage';
export * from './qdrant/qdrant-vector.store';
export { pointId as qdrantPointId } from './qdrant/qdrant-mapping';
