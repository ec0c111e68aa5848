export * from './ids';
export * from './errors';
export * from './status';
export * from './entities';
export * from './clock';
export * from './dag';
