export * from './ids';
export * from './errors';
export * from './status';
export * from './entities';
export * from './clock';
export * from './webhooks';
export * from './dag';
export * from './factories';
