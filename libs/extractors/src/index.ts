export * from './chunker';
export * from './hash-embedder';
export * from './extractor';
export * from './text-extractor';
export * from './registry';
export * from './passthrough-extractor';
