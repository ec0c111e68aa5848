import { NatsRequestReply } from '@strata/messaging';
import { NATS_URL, uniquePrefix, waitFor } from '@strata/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NatsConnection, connect } from 'nats';
import { RemoteExtractorSpec, remoteExtractor } from './remote-extractor';

const ROOT = join(__dirname, '../../..');
const EXAMPLE = join(ROOT, 'tools/examples/remote-extractor');

/** The example remote extractor as a separate OS process, answering over the real NATS. */
describe('remote extractor over NATS (tools/examples/remote-extractor)', () => {
  const prefix = uniquePrefix('remote');
  const spec = JSON.parse(readFileSync(join(EXAMPLE, 'word-stats.extractor.json'), 'utf8')) as RemoteExtractorSpec;
  let nc: NatsConnection;
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    child = spawn(process.execPath, [join(EXAMPLE, 'word-stats-extractor.mjs')], {
      cwd: ROOT,
      env: { ...process.env, NATS_URL, STRATA_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    await waitFor(() => output.includes('listening'), { timeoutMs: 10_000, description: 'the example extractor to listen' });
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await nc?.close();
  });

  it('sends a work message’s inputs and maps the replies back to documents and per-item errors', async () => {
    const extractor = remoteExtractor(spec, new NatsRequestReply(nc), prefix);
    expect(extractor.vectorIndexes({})).toEqual([{ name: 'word_stats_v1_shape', dimensions: 4, distance: 'cosine' }]);
    const results = await extractor.run(
      [
        { itemId: 'a', values: { text: 'four words right here' } },
        { itemId: 'b', values: { text: Buffer.from('bytes become $binary') } },
        { itemId: 'c', values: { text: 42 } },
      ],
      extractor.parseParameters({ min_length: 2 }),
      { namespaceId: 'ns_x', collectionId: 'col_x', objects: undefined as never },
    );
    expect(results[0]).toMatchObject({ itemId: 'a', ok: true, documents: [{ position: 0, payload: { word_count: 4, average_word_length: 4.5 } }] });
    expect(results[0]?.ok && results[0].documents[0]?.vectors['word_stats_v1_shape']).toEqual(Float32Array.from([4, 4.5, 21, 1]));
    expect(results[1]).toMatchObject({ itemId: 'b', ok: true, documents: [{ payload: { word_count: 3 } }] });
    expect(results[2]).toMatchObject({ itemId: 'c', ok: false, error: { category: 'validation', stage: 'resolve_inputs', retryable: false } });
  });

  it('fails every item as network (retryable) when no extractor answers', async () => {
    const absent = remoteExtractor({ ...spec, name: 'nobody_home', timeoutMs: 500 }, new NatsRequestReply(nc), prefix);
    const [result] = await absent.run([{ itemId: 'a', values: { text: 'x' } }], {});
    expect(result).toMatchObject({ ok: false, error: { category: 'network', stage: 'remote_call', retryable: true } });
  });
});
