import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(240_000);

const root = resolve(__dirname, '../../..');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

/** A consumer of the package, run as CommonJS or ESM: a real HTTP call answered by a small server, both entries loaded. */
const consumer = (load: string) => `${load}
const http = require_http();
const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/v1/buckets/b/batches/btch_known00000') {
    res.end(JSON.stringify({ batch_id: 'btch_known00000', status: 'COMPLETED', seen_namespace: req.headers['x-namespace'] }));
  } else {
    res.statusCode = 404;
    res.end(JSON.stringify({ success: false, status: 404, error: { message: 'batch not found', type: 'NotFoundError', details: {} } }));
  }
});
server.listen(0, '127.0.0.1', async () => {
  const strata = new sdk.StrataClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, namespace: 'demo', retry: false });
  const found = await strata.batches.get('b', 'btch_known00000');
  let missing = null;
  try { await strata.batches.get('b', 'btch_missing0000'); } catch (e) { missing = { notFound: e instanceof sdk.NotFoundError, api: e instanceof sdk.StrataApiError, status: e.status, message: e.message }; }
  server.close();
  console.log(JSON.stringify({ found, missing, contentType: node.contentTypeOf('a.pdf'), uploadFile: typeof node.uploadFile, waitForBatch: typeof sdk.waitForBatch }));
});
`;

const typedConsumer = `import { StrataClient, NotFoundError, type components } from '@strata/sdk';
import { uploadFile } from '@strata/sdk/node';

const strata = new StrataClient({ baseUrl: 'http://localhost:3000', apiKey: 'sk_x', namespace: 'demo' });
export async function run(): Promise<string> {
  const batch: components['schemas']['BatchModel'] = await strata.batches.get('articles', 'btch_x');
  const uploaded: { object_id: string } = await uploadFile(strata, 'articles', './notes.txt', { property: 'content' });
  const err: NotFoundError | null = null;
  return batch.batch_id + uploaded.object_id + String(err);
}
`;

/** Used wrongly: the declarations must make the compiler refuse it. */
const wrongConsumer = `import { StrataClient } from '@strata/sdk';
const strata = new StrataClient({ baseUrl: 'http://localhost:3000' });
export const n: number = strata.batches.get('articles');
`;

/**
 * The SDK as a user gets it from npm: `npm run sdk:build`'s package packed with `npm pack`,
 * installed from the tarball into an empty project outside the workspace (no tsconfig paths, no
 * workspace node_modules), then required (CommonJS), imported (ESM) and type-checked against its
 * .d.ts (docs/adr/0078-sdk-package.md). Its one dependency, openapi-fetch, is installed from
 * tarballs of the workspace's copy, so the test needs no registry.
 */
describe('@strata/sdk as a packed npm package', () => {
  let work: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'strata-sdk-pack-'));
    execFileSync(process.execPath, [join(root, 'tools/scripts/sdk-build.mjs'), '--out', join(work, 'package')], { stdio: 'pipe' });
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    npm(['pack', join(work, 'package'), '--pack-destination', tarballs], work);
    for (const dep of ['openapi-fetch', 'openapi-typescript-helpers']) npm(['pack', join(root, 'node_modules', dep), '--pack-destination', tarballs], work);
    project = join(work, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    npm(['install', '--offline', '--no-package-lock', ...files], project);
  });

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('packs the built entries, declarations and README with an exports map, and only openapi-fetch as a dependency', () => {
    const installed = join(project, 'node_modules/@strata/sdk');
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg['exports']).toEqual({
      '.': { types: './types/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' },
      './node': { types: './types/node.d.ts', import: './dist/node.mjs', require: './dist/node.cjs' },
      './package.json': './package.json',
    });
    expect(pkg['dependencies']).toEqual({ 'openapi-fetch': '0.17.0' });
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json', 'types']);
    // The browser-safe core does not import a Node built-in.
    for (const file of ['index.mjs', 'index.cjs']) expect(readFileSync(join(installed, 'dist', file), 'utf8')).not.toMatch(/["']node:/);
    expect(readFileSync(join(installed, 'dist/node.mjs'), 'utf8')).toMatch(/["']node:fs["']/);
  });

  it.each([
    ['CommonJS require', 'consumer.cjs', "const sdk = require('@strata/sdk');\nconst node = require('@strata/sdk/node');\nconst require_http = () => require('node:http');"],
    ['ESM import', 'consumer.mjs', "import * as sdk from '@strata/sdk';\nimport * as node from '@strata/sdk/node';\nimport * as httpModule from 'node:http';\nconst require_http = () => httpModule;"],
  ])('works through %s: a call, a typed error, both entries', (_, file, load) => {
    writeFileSync(join(project, file), consumer(load));
    const output = execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(output)).toEqual({
      found: { batch_id: 'btch_known00000', status: 'COMPLETED', seen_namespace: 'demo' },
      missing: { notFound: true, api: true, status: 404, message: expect.stringContaining('batch not found') },
      contentType: 'application/pdf',
      uploadFile: 'function',
      waitForBatch: 'function',
    });
  });

  /** tsc over `files` in the consumer project; its diagnostics (empty when clean). */
  const tsc = (files: string[], module: 'node16' | 'commonjs'): string => {
    const args = ['--noEmit', '--strict', '--target', 'es2022', '--module', module, '--moduleResolution', module === 'node16' ? 'node16' : 'node10'];
    args.push('--lib', 'es2022,dom', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types'));
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), ...args, ...files], { cwd: project, encoding: 'utf8' });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout);
    }
  };

  // One compiler run per module setup: the right consumer compiles clean, the wrong one is refused.
  it.each([
    ['ESM (node16)', 'mts', 'node16'],
    ['CommonJS (node16)', 'cts', 'node16'],
    ['an older setup (node10, typesVersions)', 'ts', 'commonjs'],
  ] as const)('type-checks a consumer against the .d.ts as %s, and refuses a wrong call', (_, ext, module) => {
    writeFileSync(join(project, `typed.${ext}`), typedConsumer);
    writeFileSync(join(project, `wrong.${ext}`), wrongConsumer);
    const errors = tsc([`typed.${ext}`, `wrong.${ext}`], module).split('\n').filter((l) => l.includes('error TS'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((l) => !l.startsWith(`wrong.${ext}`))).toEqual([]);
  });
});
