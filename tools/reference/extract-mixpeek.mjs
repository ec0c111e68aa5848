// Writes tools/reference/mixpeek-openapi-0.81.shared.json: the part of Mixpeek's published
// OpenAPI 0.81 document (../shared/reference/mixpeek-openapi-0.81.json, 3.8 MB) that the contract
// tests need: for every route Strata shares with Mixpeek (same method, same path shape), Mixpeek's
// success response schema and request body schema, and the components they reference.
//   node tools/reference/extract-mixpeek.mjs [path/to/mixpeek-openapi-0.81.json]
// Strata's routes come from docs/openapi.json (`npm run openapi`).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const source = process.argv[2] ?? join(root, '../shared/reference/mixpeek-openapi-0.81.json');
const mixpeek = JSON.parse(readFileSync(source, 'utf8'));
const strata = JSON.parse(readFileSync(join(root, 'docs/openapi.json'), 'utf8'));

/** A path with its parameter names erased and no trailing slash: how routes are matched. */
export const shape = (path) => path.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '');

const strataRoutes = new Set();
for (const [path, ops] of Object.entries(strata.paths)) for (const method of Object.keys(ops)) strataRoutes.add(`${method.toUpperCase()} ${shape(path)}`);

const routes = {};
const wanted = new Set();
const collect = (node) => {
  if (Array.isArray(node)) return node.forEach(collect);
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = value.slice('#/components/schemas/'.length);
      if (!wanted.has(name)) {
        wanted.add(name);
        collect(mixpeek.components.schemas[name]);
      }
    } else collect(value);
  }
};

for (const [path, ops] of Object.entries(mixpeek.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const key = `${method.toUpperCase()} ${shape(path)}`;
    if (!strataRoutes.has(key)) continue;
    const [status, response] = Object.entries(op.responses ?? {}).find(([s]) => s.startsWith('2')) ?? [];
    const responseSchema = response?.content?.['application/json']?.schema ?? null;
    const requestSchema = op.requestBody?.content?.['application/json']?.schema ?? null;
    routes[key] = { mixpeek_path: path, operation_id: op.operationId ?? null, status, response_schema: responseSchema, request_schema: requestSchema };
    collect(responseSchema);
    collect(requestSchema);
  }
}

const schemas = {};
for (const name of [...wanted].sort()) schemas[name] = mixpeek.components.schemas[name];
const out = {
  $comment:
    'Extract of Mixpeek OpenAPI 0.81 (shared/reference/mixpeek-openapi-0.81.json): the routes Strata shares and the schemas they reference. Regenerate with node tools/reference/extract-mixpeek.mjs.',
  info: mixpeek.info,
  routes: Object.fromEntries(Object.entries(routes).sort(([a], [b]) => a.localeCompare(b))),
  components: { schemas },
};
writeFileSync(join(root, 'tools/reference/mixpeek-openapi-0.81.shared.json'), `${JSON.stringify(out, null, 1)}\n`);
console.log(`${Object.keys(routes).length} shared routes, ${wanted.size} schemas -> tools/reference/mixpeek-openapi-0.81.shared.json`);
