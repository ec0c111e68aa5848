export { waitFor } from '@strata/fakes';
export * from './isolation';
export * from './strata-cluster';
export * from './store-inspector';
export * from './local-servers';
export * from './webhook-receiver';
export * from './media-fixtures';
export * from './media-ffmpeg';
export * from './onnx-model';
