export * from './batch-state-machine';
