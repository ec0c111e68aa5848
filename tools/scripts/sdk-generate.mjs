// Regenerates the SDK's types (libs/sdk/src/generated/openapi.ts) from the OpenAPI document that
// batch-api serves at /openapi.json, without starting it: the document is built in-process from the
// controllers (esbuild compiles them to memory), then openapi-typescript turns it into types.
//
//   node tools/scripts/sdk-generate.mjs           write the file (`npm run sdk:generate`)
//   node tools/scripts/sdk-generate.mjs --check   regenerate to memory and fail if the file differs (CI)
//
// See docs/adr/0075-typescript-sdk.md.
import { build } from 'esbuild';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import Module from 'node:module';
import { dirname, join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const target = join(root, 'libs/sdk/src/generated/openapi.ts');
const check = process.argv.includes('--check');

/** The document exactly as GET /openapi.json returns it. */
async function openApiDocument() {
  const entry = `import 'reflect-metadata';
import { DocsController } from './apps/batch-api/src/openapi/docs.controller';
module.exports = new DocsController().openapi();`;
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'sdk-openapi-entry.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    tsconfig: join(root, 'tsconfig.base.json'),
    write: false,
    logLevel: 'warning',
  });
  const filename = join(root, 'sdk-openapi-entry.cjs');
  const mod = new Module(filename);
  mod.filename = filename;
  mod.paths = Module._nodeModulePaths(root);
  mod._compile(result.outputFiles[0].text, filename);
  return mod.exports;
}

/**
 * The client sends X-Namespace from its configuration on every call (one place to set it, per call
 * overridable), so the generated types do not ask for it as a required parameter of each operation.
 */
function withoutNamespaceHeader(document) {
  const copy = structuredClone(document);
  for (const operations of Object.values(copy.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      if (Array.isArray(operation?.parameters)) {
        operation.parameters = operation.parameters.filter((p) => !(p.in === 'header' && String(p.name).toLowerCase() === 'x-namespace'));
      }
    }
  }
  return copy;
}

const HEADER = `/**
 * Generated from batch-api's OpenAPI document by \`npm run sdk:generate\`
 * (tools/scripts/sdk-generate.mjs, openapi-typescript). Do not edit: regenerate.
 * CI fails when this file is not current (\`node tools/scripts/sdk-generate.mjs --check\`).
 */
`;

const document = withoutNamespaceHeader(await openApiDocument());
const ast = await openapiTS(document, { alphabetize: true, emptyObjectsUnknown: true });
const generated = `${HEADER}${astToString(ast)}`;

if (check) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== generated) {
    console.error(`${target} is not current with the OpenAPI document: run \`npm run sdk:generate\` and commit the result.`);
    process.exit(1);
  }
  console.log('SDK types are current with the OpenAPI document');
} else {
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, generated);
  console.log(`wrote ${target} (${Object.keys(document.paths ?? {}).length} paths)`);
}
