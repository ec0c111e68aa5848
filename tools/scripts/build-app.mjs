// Compiles one app and the libraries it uses into dist/apps/<app>/ with swc.
// `@strata/<lib>` imports are rewritten to relative paths, so the output runs with plain
// `node dist/apps/<app>/apps/<app>/src/main.js` and needs nothing but node_modules.
// Type checking is a separate step (`npm run typecheck`): swc only strips types.
import { transformFile } from '@swc/core';
import { mkdir, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
// `build-app.mjs <app>` builds apps/<app>/src; `build-app.mjs --dir <path> <name>` builds any folder
// (the benchmarks in tools/bench) into dist/<name>.
const args = process.argv.slice(2);
const customDir = args[0] === '--dir' ? args[1] : null;
const app = customDir ? args[2] : args[0];
if (!app || (args[0] === '--dir' && !customDir)) {
  console.error('usage: node tools/scripts/build-app.mjs <app-name> | --dir <folder> <name>');
  process.exit(2);
}
const outRoot = customDir ? join(root, 'dist', app) : join(root, 'dist/apps', app);
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = new Map(
  Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [name, join(root, target)]),
);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name)) yield path;
  }
}

// Follow imports from the app's entry so only what it uses is compiled.
const pending = [customDir ? resolve(root, customDir) : join(root, 'apps', app, 'src')];
const seenDirs = new Set();
let files = 0;
const externals = new Set();
await rm(outRoot, { recursive: true, force: true });
while (pending.length > 0) {
  const dir = pending.pop();
  if (seenDirs.has(dir)) continue;
  seenDirs.add(dir);
  for await (const file of walk(dir)) {
    const { code, map } = await transformFile(file, { ...swcrc, swcrc: false, filename: file, sourceMaps: true });
    const outFile = join(outRoot, relative(root, file)).replace(/\.ts$/, '.js');
    for (const m of code.matchAll(/require\("([^".][^"]*)"\)/g)) if (!m[1].startsWith('@strata/')) externals.add(m[1]);
    const rewritten = code.replace(/require\("(@strata\/[a-z-]+(?:\/[a-z-]+)?)"\)/g, (_m, name) => {
      const target = aliases.get(name);
      if (!target) throw new Error(`${file}: unknown alias ${name}`);
      const libSrc = dirname(target);
      pending.push(libSrc);
      let rel = relative(dirname(file), target).replace(/\.ts$/, '');
      if (!rel.startsWith('.')) rel = `./${rel}`;
      return `require("${rel}")`;
    });
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, `${rewritten}\n//# sourceMappingURL=${outFile.split('/').pop()}.map\n`);
    if (map) await writeFile(`${outFile}.map`, map);
    files += 1;
  }
}

// The app's production dependencies: the packages its compiled files require (found while
// compiling), at the versions of the root package.json. deploy/docker/<app>.Dockerfile installs
// only these (with the root package-lock.json), so each image carries what its app uses: the
// onnx runtime only where an extractor is loaded, ffmpeg bindings only in the worker, ...
const rootPkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const BUILTIN = new Set(builtinModules);
const used = new Set();
for (const spec of externals) {
  if (spec.startsWith('node:') || BUILTIN.has(spec.split('/')[0])) continue;
  const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
  used.add(name);
}
const missing = [...used].filter((n) => rootPkg.dependencies?.[n] === undefined && rootPkg.devDependencies?.[n] === undefined);
if (missing.length > 0) throw new Error(`${app} requires packages missing from package.json: ${missing.join(', ')}`);
// `$name` overrides point at a direct dependency: keep only those whose target the app still has.
const keep = (v) => typeof v !== 'string' || !v.startsWith('$') || used.has(v.slice(1));
const overrides = Object.fromEntries(Object.entries(rootPkg.overrides ?? {}).filter(([, v]) => keep(v)));
const dependencies = Object.fromEntries([...used].filter((n) => rootPkg.dependencies?.[n] !== undefined).sort().map((n) => [n, rootPkg.dependencies[n]]));
const devOnly = [...used].filter((n) => rootPkg.dependencies?.[n] === undefined).sort();
// A dev-only package required at run time would be missing from the image: fail the build.
if (!customDir && devOnly.length > 0) throw new Error(`${app} requires dev-only packages at run time (they would be missing from its image): ${devOnly.join(', ')}`);
// batch-api serves the dashboard at /ui: its static bundle goes beside the app (and into its image).
if (!customDir && app === 'batch-api') {
  const { buildDashboard } = await import('./build-dashboard.mjs');
  await buildDashboard(join(outRoot, 'ui'));
}
await writeFile(
  join(outRoot, 'package.json'),
  `${JSON.stringify({ name: `strata-${app}`, version: rootPkg.version, private: true, license: rootPkg.license, engines: rootPkg.engines, dependencies, overrides, allowScripts: rootPkg.allowScripts }, null, 2)}\n`,
);
console.log(`built ${app}: ${files} files, ${Object.keys(dependencies).length} production dependencies -> ${relative(root, outRoot)}`);
