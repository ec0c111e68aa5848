export * from './names';
export * from './consumer-defaults';
export * from './work-item';
export * from './events';
export * from './wake-ups';
export * from './queues';
export * from './remote-extractor';
export * from './batch-events';
