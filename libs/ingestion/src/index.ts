export * from './deps';
export * from './namespaces';
export * from './buckets';
export * from './objects';
export * from './collections';
export * from './batches';
export * from './documents';
export * from './lifecycle-events';
