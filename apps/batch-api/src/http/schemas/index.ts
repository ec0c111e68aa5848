export * from './registry';
export * from './common.schemas';
export * from './batches.schemas';
export * from './resources.schemas';
export * from './collections.schemas';
export * from './schedules.schemas';
export * from './webhooks.schemas';
