import { build } from 'esbuild';
import { join } from 'node:path';

describe('the SDK core in a browser bundle', () => {
  it('bundles for the browser with no Node built-in (esbuild fails on any)', async () => {
    const result = await build({
      entryPoints: [join(__dirname, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:') || i.endsWith('node.ts'))).toEqual([]);
    // Small enough to ship to a page: the generated types weigh nothing at run time.
    expect(result.outputFiles[0]?.contents.byteLength).toBeLessThan(60_000);
  });
});
