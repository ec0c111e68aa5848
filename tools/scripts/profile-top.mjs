// Prints the top entries of V8 CPU profiles (`node --cpu-prof`): self time per function and per
// package or source folder. `node tools/scripts/profile-top.mjs <file.cpuprofile|dir> [n]`.
// Used for the profile section of docs/benchmarks.md.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [target, topArg] = process.argv.slice(2);
if (!target) {
  console.error('usage: node tools/scripts/profile-top.mjs <file.cpuprofile|dir> [n]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const files = statSync(target).isDirectory()
  ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(target, f))
  : [target];

const byFunction = new Map();
const byPlace = new Map();
let total = 0;

/** node_modules/<pkg>, a workspace folder (libs/x, apps/x), node: internals, or (program/gc/idle). */
function place(url) {
  if (!url) return '(native/vm)';
  const nm = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return nm[1];
  // A built app holds its libraries under dist/apps/<app>/libs/<lib>: the innermost folder wins.
  const ws = [...url.matchAll(/\/((?:libs|apps|tools)\/[^/]+)(?=\/)/g)].pop();
  if (ws) return ws[1];
  if (url.startsWith('node:')) return 'node:internal';
  return url.split('/').slice(-2).join('/');
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i += 1) {
    const id = profile.samples[i];
    dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  for (const [id, micros] of dt) {
    const node = nodes.get(id);
    const cf = node.callFrame;
    const name = cf.functionName || '(anonymous)';
    const where = place(cf.url);
    const key = `${name} ${where}${cf.url ? `/${cf.url.split('/').pop()}:${cf.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const placeKey = name.startsWith('(') && !cf.url ? name : where;
    byPlace.set(placeKey, (byPlace.get(placeKey) ?? 0) + micros);
    total += micros;
  }
}

function print(title, map) {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(1)} s sampled in ${files.length} profile(s))`);
  console.log('| self % | self ms | entry |\n|---|---|---|');
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${((100 * micros) / total).toFixed(1)} | ${(micros / 1000).toFixed(0)} | ${key} |`);
  }
}

print('Self time by package or folder', byPlace);
print('Self time by function', byFunction);
