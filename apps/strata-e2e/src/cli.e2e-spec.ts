import { StrataClient } from '@strata/sdk';
import { StrataCluster } from '@strata/testing';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { twoSentences } from './support';

jest.setTimeout(180_000);

const CLI = resolve(__dirname, '../../../dist/apps/cli/apps/cli/src/main.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function quote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Runs the built CLI as a user would; `tty` runs it under a pseudo-terminal (util-linux `script`). */
function strata(args: string[], env: Record<string, string>, options: { tty?: boolean; cwd?: string } = {}): Promise<CliRun> {
  const fullEnv = { PATH: process.env['PATH'] ?? '', HOME: env['HOME'] ?? tmpdir(), ...env };
  const child = options.tty
    ? spawn('script', ['-qfec', [process.execPath, CLI, ...args].map(quote).join(' '), '/dev/null'], { env: { ...fullEnv, TERM: 'xterm', COLUMNS: '120' }, cwd: options.cwd })
    : spawn(process.execPath, [CLI, ...args], { env: fullEnv, cwd: options.cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

describe('the strata CLI against the four services', () => {
  let cluster: StrataCluster;
  let work: string;
  let env: Record<string, string>;
  const namespace = `cli-${Date.now().toString(36)}`;

  beforeAll(async () => {
    cluster = await StrataCluster.start();
    work = mkdtempSync(join(tmpdir(), 'strata-cli-'));
    env = { HOME: work, XDG_CONFIG_HOME: join(work, 'config'), STRATA_API_URL: cluster.api.baseUrl };
  });

  afterAll(async () => {
    await cluster?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('takes its configuration from a profile, the environment and flags, in that order of precedence', async () => {
    const saved = await strata(['config', 'set-profile', 'local', '--url', 'http://127.0.0.1:1', '--ns', 'from-profile', '--default'], env);
    expect(saved).toMatchObject({ code: 0 });
    const fromProfile = await strata(['config', 'show', '--json'], { HOME: work, XDG_CONFIG_HOME: env['XDG_CONFIG_HOME'] as string });
    expect(JSON.parse(fromProfile.stdout)).toMatchObject({ api_url: 'http://127.0.0.1:1', namespace: 'from-profile', profile: 'local' });
    const fromEnv = await strata(['config', 'show', '--json'], { ...env, STRATA_NAMESPACE: 'from-env' });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ api_url: cluster.api.baseUrl, namespace: 'from-env' });
    const fromFlag = await strata(['--namespace', 'from-flag', 'config', 'show', '--json'], { ...env, STRATA_NAMESPACE: 'from-env' });
    expect(JSON.parse(fromFlag.stdout)).toMatchObject({ namespace: 'from-flag' });
    const unknown = await strata(['--profile', 'nope', 'config', 'show'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain("no profile 'nope'");
    // The unreachable URL of the profile gives a message that says what to set.
    const unreachable = await strata(['namespaces', 'list'], { HOME: work, XDG_CONFIG_HOME: env['XDG_CONFIG_HOME'] as string });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toContain('cannot reach the API at http://127.0.0.1:1');
  });

  it('creates resources, uploads a directory (resumable), submits with --watch and searches', async () => {
    const ns = { ...env, STRATA_NAMESPACE: namespace };
    expect((await strata(['namespaces', 'create', namespace], env)).code).toBe(0);
    const bucket = await strata(['buckets', 'create', 'articles', '--schema', '{"properties":{"content":{"type":"text"},"title":{"type":"string"}}}', '--json'], ns);
    expect(bucket.code).toBe(0);
    expect(JSON.parse(bucket.stdout)).toMatchObject({ bucket_name: 'articles' });

    // Bad input: the envelope's message and each validation issue, exit 3.
    const bad = await strata(['buckets', 'create', 'x', '--schema', '{"properties":{"content":{"type":"nonsense"}}}'], ns);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/^error: .+\(422 ValidationError\)\n {2}- /);

    const yamlFile = join(work, 'collection.yaml');
    writeFileSync(
      yamlFile,
      [
        'collection_name: sentences',
        'source: { type: bucket, bucket_ids: [articles] }',
        'feature_extractor:',
        '  feature_extractor_name: text_extractor',
        '  version: v1',
        '  parameters: { split_by: sentences, chunk_size: 1 }',
        '  input_mappings: { text: content }',
      ].join('\n'),
    );
    const collection = await strata(['collections', 'create', '-f', yamlFile, '--json'], ns);
    expect(collection.code).toBe(0);
    const collectionId = JSON.parse(collection.stdout).collection_id as string;
    expect((await strata(['collections', 'list'], ns)).stdout).toMatch(/COLLECTION_ID\s+COLLECTION_NAME[\s\S]*sentences/);

    const dir = join(work, 'docs');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    for (let i = 0; i < 12; i += 1) writeFileSync(join(dir, i < 6 ? '' : 'sub', `doc-${i}.txt`), twoSentences(i));
    const state = join(work, 'upload-state.json');
    const upload = await strata(['objects', 'upload', dir, '-b', 'articles', '-p', 'content', '-c', '3', '--state', state, '--json'], ns, { cwd: work });
    expect(upload.code).toBe(0);
    const summary = JSON.parse(upload.stdout);
    expect(summary.uploaded).toHaveLength(12);
    // A second run finds every file done and uploads nothing again.
    writeFileSync(join(dir, 'doc-new.txt'), twoSentences(99));
    const again = await strata(['objects', 'upload', dir, '-b', 'articles', '-p', 'content', '--state', state], ns, { cwd: work });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('uploaded 1 file(s)');
    expect(again.stdout).toContain('skipped 12 already uploaded');

    const created = await strata(['batch', 'create', '-b', 'articles', '--all', '--json'], ns);
    expect(created.code).toBe(0);
    const batchId = JSON.parse(created.stdout).batch_id as string;
    expect(JSON.parse(created.stdout).object_ids).toHaveLength(13);

    // Captured without a terminal: plain lines, no escape sequences, exit 0 on COMPLETED.
    const watched = await strata(['batch', 'submit', batchId, '-b', 'articles', '--watch'], ns);
    expect(watched.stderr).toContain(`submitted ${batchId}`);
    expect(watched.code).toBe(0);
    expect(watched.stdout).not.toContain('\x1b');
    expect(watched.stdout).toMatch(/\d\d:\d\d:\d\d {2}(QUEUED|PROCESSING|COMPLETED) {2}\d+\/13/);
    expect(watched.stdout.trim().split('\n').at(-1)).toBe('COMPLETED: 13 succeeded, 0 failed of 13');

    const got = await strata(['batch', 'get', batchId, '-b', 'articles', '--json'], ns);
    expect(JSON.parse(got.stdout)).toMatchObject({ batch_id: batchId, status: 'COMPLETED', progress: { processed: 13 } });
    const listed = await strata(['batch', 'list', '-b', 'articles', '--status', 'COMPLETED'], ns);
    expect(listed.stdout).toMatch(new RegExp(`${batchId}\\s+COMPLETED\\s+13\\s+13/13`));
    const task = await strata(['tasks', 'get', JSON.parse(got.stdout).task_id, '--json'], ns);
    expect(JSON.parse(task.stdout)).toMatchObject({ status: 'COMPLETED' });

    const search = await strata(['documents', 'search', collectionId, 'lighthouse', 'harbours', '-k', '3', '--json'], ns);
    expect(search.code).toBe(0);
    expect(JSON.parse(search.stdout).results).toHaveLength(3);

    const missing = await strata(['batch', 'get', 'btch_missing', '-b', 'articles'], ns);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: .*btch_missing.* \(404 NotFoundError\)/);
  });

  it('batch watch exits 2 on COMPLETED_WITH_ERRORS and draws bars in place under a pseudo-terminal', async () => {
    const ns = { ...env, STRATA_NAMESPACE: namespace };
    const sdk = new StrataClient({ baseUrl: cluster.api.baseUrl, namespace });
    const good = [];
    for (let i = 0; i < 4; i += 1) good.push((await sdk.objects.create('articles', { blobs: [{ property: 'content', type: 'text', data: twoSentences(i) }] })).object_id);
    // An object without content: its item fails, the batch completes with errors.
    const bad = await sdk.objects.create('articles', { metadata: { title: 'no content' } });
    const batch = await sdk.batches.create('articles', { object_ids: [...good, bad.object_id] });
    await sdk.batches.submit('articles', batch.batch_id);

    const watched = await strata(['batch', 'watch', batch.batch_id, '-b', 'articles'], ns, { tty: true });
    expect(watched.code).toBe(2);
    // Colours and in-place redraws (cursor up + clear) on a terminal; a bar per tier.
    expect(watched.stdout).toContain('\x1b[');
    expect(watched.stdout).toMatch(/tier 0 +[█░]+ \d+\/5/);
    expect(watched.stdout).toContain('COMPLETED_WITH_ERRORS: 4 succeeded, 1 failed of 5');

    const failed = await strata(['batch', 'failed', batch.batch_id, '-b', 'articles', '--json'], ns);
    expect(JSON.parse(failed.stdout)).toEqual([expect.objectContaining({ object_id: bad.object_id, tier_num: 0 })]);
  });

  it('batch watch exits 1 on a canceled batch', async () => {
    const ns = { ...env, STRATA_NAMESPACE: namespace };
    const sdk = new StrataClient({ baseUrl: cluster.api.baseUrl, namespace });
    const obj = await sdk.objects.create('articles', { blobs: [{ property: 'content', type: 'text', data: twoSentences(7) }] });
    const batch = await sdk.batches.create('articles', { object_ids: [obj.object_id] });
    expect((await strata(['batch', 'cancel', batch.batch_id, '-b', 'articles'], ns)).code).toBe(0);
    const watched = await strata(['batch', 'watch', batch.batch_id, '-b', 'articles', '--json'], ns);
    expect(watched.code).toBe(1);
    expect(JSON.parse(watched.stdout)).toMatchObject({ batch_id: batch.batch_id, status: 'CANCELED' });
  });
});
