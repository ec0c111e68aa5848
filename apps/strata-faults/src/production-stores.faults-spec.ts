/* eslint-disable no-restricted-properties -- test-run settings (MONGO_URL, S3_*), not app configuration */
import { ClusterOptions, LocalServer, S3RVER_CREDENTIALS, StrataCluster, startCongoDb, startS3rver } from '@strata/testing';
import { cancelWithFourWorkers, pollerKilledHoldingLease, workerKilledAndRestarted } from './scenarios';
import { OBJECTS } from './support';

jest.setTimeout(900_000);

/**
 * The worker-kill, poller-kill and cancel scenarios on the production adapters: metadata in MongoDB
 * (a CongoDB wire server started here, or MONGO_URL), objects in S3 (s3rver, or S3_ENDPOINT).
 * Vectors stay in sqlite-vec (no Qdrant server in CI). The end checks read MongoDB directly
 * (openStoreReader): every document and outcome exactly once. CongoDB has no transactions, so this
 * also runs recordOutcomes and the outbox writes in their ordered form (docs/adr/0095-transactional-outbox.md).
 */
describe('faults on MongoDB and S3', () => {
  let mongo: LocalServer | null = null;
  let s3: (LocalServer & { bucket: string }) | null = null;
  let storeEnv: Record<string, string>;
  let s3Env: Record<string, string>;
  let cluster: StrataCluster | undefined;

  const startCluster = async (options: ClusterOptions): Promise<StrataCluster> =>
    (cluster = await StrataCluster.start({ ...options, env: { ...(options.env ?? {}), ...storeEnv } }));

  /**
   * CongoDB is an in-memory wire server written in TypeScript: it slows down as its data grows, so
   * each scenario gets a fresh one and at most 200 objects (all FAULT_OBJECTS on a real MONGO_URL).
   */
  const objects = process.env['MONGO_URL'] === undefined ? Math.min(OBJECTS, 200) : OBJECTS;

  beforeAll(async () => {
    if (process.env['S3_ENDPOINT'] !== undefined) {
      s3Env = Object.fromEntries(
        ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k] as string]])),
      );
    } else {
      s3 = await startS3rver('strata-faults');
      s3Env = { S3_ENDPOINT: s3.url, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey };
    }
  }, 120_000);

  beforeEach(async () => {
    const mongoUrl = process.env['MONGO_URL'] ?? (mongo = await startCongoDb()).url;
    storeEnv = { MONGO_URL: mongoUrl, ...s3Env };
  }, 120_000);

  afterEach(async () => {
    await cluster?.destroy();
    cluster = undefined;
    await mongo?.stop();
    mongo = null;
  });

  afterAll(async () => {
    await s3?.stop();
  });

  it('worker kill -9, restarted 2 s later (MongoDB + S3)', async () => {
    await workerKilledAndRestarted(startCluster, ' (MongoDB + S3)', objects);
    expect((cluster as StrataCluster).logs('batch-api')).toContain('"metadata":"mongodb","objectStorage":"s3"');
  });

  it('poller kill -9 holding the lease, second poller takes over (MongoDB + S3)', async () => {
    await pollerKilledHoldingLease(startCluster, ' (MongoDB + S3)', objects);
  });

  it('cancel with four workers mid-chunk (MongoDB + S3)', async () => {
    await cancelWithFourWorkers(startCluster, ' (MongoDB + S3)', objects);
  });
});
