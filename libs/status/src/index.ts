export * from './batch-state-machine';
export * from './batch-progress';
