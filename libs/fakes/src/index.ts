export * from './manual-clock';
export * from './in-memory-metadata-store';
export * from './in-memory-object-storage';
export * from './in-memory-vector-store';
export * from './in-memory-task-store';
export * from './recording-publisher';
export * from './recording-wake-ups';
export * from './wait-for';
