export * from './batch-coordinator';
