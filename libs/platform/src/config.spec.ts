import { baseEnvSchema, loadConfig, selectAdapters, storePrefix } from './config';

describe('adapter selection by configuration', () => {
  it('uses the embedded stores when no production variable is set', () => {
    expect(selectAdapters(loadConfig(baseEnvSchema, {}))).toEqual({ metadata: 'sqlite', objectStorage: 'local', vectors: 'sqlite-vec' });
  });

  it('picks MongoDB, S3 and Qdrant from their variables, each on its own', () => {
    expect(selectAdapters(loadConfig(baseEnvSchema, { MONGO_URL: 'mongodb://db:27017/strata' }))).toEqual({
      metadata: 'mongodb',
      objectStorage: 'local',
      vectors: 'sqlite-vec',
    });
    expect(selectAdapters(loadConfig(baseEnvSchema, { S3_BUCKET: 'blobs' })).objectStorage).toBe('s3');
    expect(selectAdapters(loadConfig(baseEnvSchema, { S3_ENDPOINT: 'http://minio:9000' })).objectStorage).toBe('s3');
    expect(selectAdapters(loadConfig(baseEnvSchema, { QDRANT_URL: 'http://qdrant:6333' })).vectors).toBe('qdrant');
  });

  it('refuses malformed values with a message naming the variable', () => {
    expect(() => loadConfig(baseEnvSchema, { MONGO_URL: 'http://db' })).toThrow('MONGO_URL');
    expect(() => loadConfig(baseEnvSchema, { QDRANT_URL: 'not a url' })).toThrow('QDRANT_URL');
    expect(() => loadConfig(baseEnvSchema, { S3_FORCE_PATH_STYLE: 'yes' })).toThrow('S3_FORCE_PATH_STYLE');
  });

  it('derives store names from STRATA_PREFIX', () => {
    expect(storePrefix(loadConfig(baseEnvSchema, { STRATA_PREFIX: 'e2e-abc' }))).toBe('e2e_abc');
  });
});
