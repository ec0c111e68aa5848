export * from './config';
export * from './logger';
export * from './tokens';
export * from './core.module';
export * from './bootstrap';
export * from './process-pool';
