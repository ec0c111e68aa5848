// Bundles the dashboard (apps/dashboard: preact + htm + @strata/sdk's browser core) with esbuild
// into static files: index.html, app.js (+ map), styles.css, favicon.svg. batch-api serves them at /ui
// (docs/adr/0094-dashboard.md); build-app.mjs calls this for batch-api, so the files land in
// dist/apps/batch-api/ui and ship in its image. `node tools/scripts/build-dashboard.mjs <out-dir>`.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const src = join(root, 'apps/dashboard/src');

/** Builds the dashboard into `outDir` (emptied first); returns the bundle's size in bytes. */
export async function buildDashboard(outDir) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(src, 'main.ts')],
    outfile: join(outDir, 'app.js'),
    // Resolves @strata/sdk through the tsconfig paths; DOM typings are not esbuild's business.
    tsconfig: join(root, 'apps/dashboard/tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css', 'favicon.svg']) await copyFile(join(src, file), join(outDir, file));
  const bytes = result.metafile.outputs[relative(process.cwd(), join(outDir, 'app.js'))]?.bytes ?? Object.values(result.metafile.outputs).reduce((n, o) => Math.max(n, o.bytes), 0);
  return bytes;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = resolve(process.argv[2] ?? join(root, 'dist/dashboard'));
  const bytes = await buildDashboard(out);
  console.log(`built dashboard: app.js ${(bytes / 1024).toFixed(1)} KiB -> ${relative(root, out)}`);
}
