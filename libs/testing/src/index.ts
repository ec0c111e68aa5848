export { waitFor } from '@strata/fakes';
export * from './isolation';
export * from './strata-cluster';
export * from './store-inspector';
export * from './store-reader';
export * from './local-servers';
export * from './webhook-receiver';
export * from './media-fixtures';
export * from './media-ffmpeg';
export * from './onnx-model';
export * from './otlp-receiver';
export * from './prometheus-text';
export * from './qdrant-schema-server';
// Conformance suites: one per port, run by each adapter's integration tests (and on the fakes).
export { metadataStoreConformance } from './conformance/metadata-store.suite';
export type { MetadataStoreCapabilities, MetadataStoreTarget } from './conformance/metadata-store.suite';
export * from './conformance/object-storage.suite';
export * from './conformance/task-store.suite';
export * from './conformance/vector-store.suite';
