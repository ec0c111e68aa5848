export * from './process-work-item';
export * from './source-loader';
export * from './document-builder';
