#!/usr/bin/env node
// Offline checks of deploy/ (no Docker engine, no cluster, no network needed):
//  - every Kubernetes manifest validates against the Kubernetes / KEDA OpenAPI schemas shipped in
//    the kubernetes-models and @kubernetes-models/keda packages;
//  - Strata's own rules: probes on /health/ready and /health/live, resource requests, non-root,
//    an HPA and a KEDA ScaledObject for the workers, kustomizations that list existing files;
//  - the compose file has the whole production stack, Redis with noeviction and AOF, NATS with
//    JetStream, pinned images, and one service per app built from that app's Dockerfile;
//  - one multi-stage, non-root Dockerfile per app, built from dist/apps/<app>.
// Exit code 1 with every problem listed; `npm run validate:deploy`.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const deploy = join(root, 'deploy');
const APPS = { 'batch-api': 3000, poller: 3011, 'extractor-worker': 3012, 'webhook-dispatcher': 3013 };
const problems = [];
const fail = (where, msg) => problems.push(`${relative(root, where)}: ${msg}`);

const MODELS = {
  'v1/Namespace': () => require('kubernetes-models/v1').Namespace,
  'v1/ConfigMap': () => require('kubernetes-models/v1').ConfigMap,
  'v1/Secret': () => require('kubernetes-models/v1').Secret,
  'v1/Service': () => require('kubernetes-models/v1').Service,
  'apps/v1/Deployment': () => require('kubernetes-models/apps/v1').Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': () => require('kubernetes-models/autoscaling/v2').HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': () => require('kubernetes-models/policy/v1').PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': () => require('@kubernetes-models/keda/keda.sh/v1alpha1').ScaledObject,
};

function walk(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

function parseYaml(file) {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true });
  for (const d of docs) for (const e of d.errors) fail(file, `YAML: ${e.message}`);
  return docs.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined);
}

// Kubernetes
const resources = [];
for (const file of walk(join(deploy, 'k8s')).filter((f) => /\.ya?ml$/.test(f))) {
  for (const doc of parseYaml(file)) {
    if (doc.kind === 'Kustomization') {
      for (const r of doc.resources ?? []) if (!existsSync(join(dirname(file), r))) fail(file, `kustomization lists missing ${r}`);
      continue;
    }
    const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
    if (model === undefined) {
      fail(file, `no schema for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new (model())(doc).validate();
    } catch (error) {
      fail(file, `${doc.kind}/${doc.metadata?.name}: ${error.message}`);
    }
    resources.push({ file, doc });
  }
}
const byKind = (kind) => resources.filter((r) => r.doc.kind === kind);
for (const app of Object.keys(APPS)) {
  const dep = byKind('Deployment').find((r) => r.doc.metadata.name === app);
  if (dep === undefined) {
    fail(join(deploy, 'k8s'), `no Deployment for ${app}`);
    continue;
  }
  const spec = dep.doc.spec.template.spec;
  if (spec.securityContext?.runAsNonRoot !== true) fail(dep.file, `${app}: runAsNonRoot is not set`);
  for (const c of spec.containers) {
    if (c.readinessProbe?.httpGet?.path !== '/health/ready') fail(dep.file, `${app}: readiness probe must GET /health/ready`);
    if (c.livenessProbe?.httpGet?.path !== '/health/live') fail(dep.file, `${app}: liveness probe must GET /health/live`);
    if (c.resources?.requests?.cpu === undefined || c.resources?.requests?.memory === undefined) fail(dep.file, `${app}: cpu and memory requests`);
    if (!(c.envFrom ?? []).some((e) => e.configMapRef) || !(c.envFrom ?? []).some((e) => e.secretRef)) fail(dep.file, `${app}: env from ConfigMap and Secret`);
    if (!(c.ports ?? []).some((p) => p.containerPort === APPS[app])) fail(dep.file, `${app}: port ${APPS[app]}`);
  }
}
const hpa = byKind('HorizontalPodAutoscaler').find((r) => r.doc.spec.scaleTargetRef.name === 'extractor-worker');
if (hpa === undefined) fail(join(deploy, 'k8s'), 'no HPA for extractor-worker');
const scaled = byKind('ScaledObject').find((r) => r.doc.spec.scaleTargetRef.name === 'extractor-worker');
if (scaled === undefined || !scaled.doc.spec.triggers.every((t) => t.type === 'nats-jetstream' && t.metadata.stream && t.metadata.consumer)) {
  fail(join(deploy, 'k8s'), 'no KEDA ScaledObject on the JetStream consumer lag of extractor-worker');
}

// Compose
const composeFile = join(deploy, 'compose/compose.yaml');
const [compose] = parseYaml(composeFile);
const services = compose?.services ?? {};
for (const name of ['mongo', 'minio', 'qdrant', 'nats', 'redis', ...Object.keys(APPS)]) {
  if (services[name] === undefined) fail(composeFile, `service ${name} is missing`);
}
for (const [name, s] of Object.entries(services)) {
  if (typeof s.image !== 'string' || !/:[^:]+$/.test(s.image) || s.image.endsWith(':latest')) fail(composeFile, `${name}: pin the image tag`);
}
const redisCmd = (services.redis?.command ?? []).join(' ');
if (!/--maxmemory-policy noeviction/.test(redisCmd) || !/--appendonly yes/.test(redisCmd)) fail(composeFile, 'redis needs noeviction and AOF');
if (!(services.nats?.command ?? []).includes('-js')) fail(composeFile, 'nats needs JetStream (-js)');
for (const app of Object.keys(APPS)) {
  const s = services[app];
  if (s === undefined) continue;
  if (s.build?.dockerfile !== `deploy/docker/${app}.Dockerfile`) fail(composeFile, `${app}: build from deploy/docker/${app}.Dockerfile`);
  if (!(s.env_file ?? []).includes('strata.env')) fail(composeFile, `${app}: env_file strata.env`);
}

// Dockerfiles
for (const app of Object.keys(APPS)) {
  const file = join(deploy, 'docker', `${app}.Dockerfile`);
  if (!existsSync(file)) {
    fail(file, 'missing');
    continue;
  }
  const text = readFileSync(file, 'utf8');
  const stages = text.split('\n').filter((l) => /^FROM /i.test(l));
  if (stages.length < 2) fail(file, 'must be multi-stage');
  const last = text.slice(text.lastIndexOf('\nFROM '));
  if (!/\nUSER (node|[1-9]\d*)\b/.test(last)) fail(file, 'final stage must run as a non-root USER');
  if (!last.includes(`dist/apps/${app}`)) fail(file, `final stage must copy dist/apps/${app}`);
  if (!last.includes(`/health/live`)) fail(file, 'HEALTHCHECK on /health/live');
  if (!/npm prune --omit=dev|npm ci --omit=dev/.test(text)) fail(file, 'production node_modules only');
}

if (problems.length > 0) {
  console.error(`deploy/ has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`deploy/ is valid: ${resources.length} Kubernetes resources, ${Object.keys(services).length} compose services, ${Object.keys(APPS).length} Dockerfiles`);
