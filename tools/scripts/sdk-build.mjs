// Builds @strata/sdk as a publishable npm package in dist/libs/sdk (docs/adr/0078-sdk-package.md):
//   dist/index.mjs, dist/index.cjs   the browser-safe core (`@strata/sdk`), platform-neutral
//   dist/node.mjs,  dist/node.cjs    the Node entry (`@strata/sdk/node`, node:fs)
//   types/*.d.ts                     declarations emitted by tsc from libs/sdk/src
//   package.json                     "exports" map (types / import / require per entry), openapi-fetch pinned
//   README.md
//   node tools/scripts/sdk-build.mjs [--out <dir>]     (npm run sdk:build)
// Publish with `npm publish dist/libs/sdk`; libs/sdk/test/sdk-package.int-spec.ts packs and installs it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const outArg = process.argv.indexOf('--out');
const out = outArg === -1 ? join(root, 'dist/libs/sdk') : resolve(process.argv[outArg + 1]);
const src = join(root, 'libs/sdk/src');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const runtimeDependencies = { 'openapi-fetch': rootPackage.dependencies['openapi-fetch'] };

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// JavaScript: each entry bundled with its own modules; openapi-fetch stays a dependency (one copy
// in a consumer's tree), node: built-ins stay imports. The core is built for the neutral platform:
// esbuild fails if anything in it reaches for a Node built-in.
const entries = [
  { name: 'index', platform: 'neutral' },
  { name: 'node', platform: 'node' },
];
for (const { name, platform } of entries) {
  for (const format of ['esm', 'cjs']) {
    await build({
      entryPoints: [join(src, `${name}.ts`)],
      outfile: join(out, 'dist', `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`),
      bundle: true,
      platform,
      format,
      target: 'es2022',
      external: Object.keys(runtimeDependencies),
      mainFields: ['module', 'main'],
      sourcemap: false,
      logLevel: 'warning',
    });
  }
}

// Declarations: tsc over the two entries (and what they import), specs left out.
const tsconfig = join(out, 'tsconfig.types.json');
writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      compilerOptions: {
        target: 'es2022',
        module: 'commonjs',
        moduleResolution: 'node10',
        lib: ['es2022', 'dom'],
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
        strict: true,
        skipLibCheck: true,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: src,
        outDir: join(out, 'types'),
      },
      files: [join(src, 'index.ts'), join(src, 'node.ts')],
    },
    null,
    2,
  ),
);
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { stdio: 'inherit' });
rmSync(tsconfig);

const entry = (name) => ({
  types: `./types/${name}.d.ts`,
  import: `./dist/${name}.mjs`,
  require: `./dist/${name}.cjs`,
});
const pkg = {
  name: '@strata/sdk',
  version: rootPackage.version,
  description: "Strata's TypeScript client: typed calls generated from the OpenAPI document, typed errors, retries, list iterators, uploads, waitForBatch",
  license: rootPackage.license,
  main: './dist/index.cjs',
  module: './dist/index.mjs',
  types: './types/index.d.ts',
  exports: {
    '.': entry('index'),
    './node': entry('node'),
    './package.json': './package.json',
  },
  // TypeScript before 4.7 (moduleResolution node10) does not read "exports": types of `@strata/sdk/node` by path.
  typesVersions: { '*': { node: ['./types/node.d.ts'] } },
  files: ['dist', 'types', 'README.md'],
  sideEffects: false,
  engines: { node: '>=20' },
  dependencies: runtimeDependencies,
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(join(root, 'libs/sdk/README.md'), join(out, 'README.md'));
console.log(`built @strata/sdk ${pkg.version} -> ${relative(process.cwd(), out) || '.'}`);
