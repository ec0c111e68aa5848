export * from './batch-coordinator';
export * from './coordinator-types';
export * from './coordinator-errors';
