export * from './process-work-item';
