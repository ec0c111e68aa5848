export * from './metadata-store.port';
export * from './object-storage.port';
export * from './vector-store.port';
export * from './task-store.port';
export * from './bus.port';
export * from './logger.port';
export * from './webhook-store.port';
export * from './webhook-delivery.port';
