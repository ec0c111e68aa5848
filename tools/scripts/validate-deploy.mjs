#!/usr/bin/env node
// Offline checks of deploy/ (no Docker engine, no cluster, no network needed):
//  - every Kubernetes manifest validates against the Kubernetes / KEDA OpenAPI schemas shipped in
//    the kubernetes-models and @kubernetes-models/keda packages;
//  - Strata's own rules: probes on /health/ready and /health/live, resource requests, non-root,
//    an HPA and a KEDA ScaledObject for the workers, kustomizations that list existing files;
//  - the compose file has the whole production stack, Redis with noeviction and AOF, NATS with
//    JetStream, pinned images, and one service per app built from that app's Dockerfile;
//  - one multi-stage, non-root Dockerfile per app on Node 22, built from dist/apps/<app>, with
//    that app's production dependencies only, ffmpeg in the extractor-worker's;
//  - the Helm chart (deploy/helm/strata) rendered offline by helm-lite with its default values and
//    with KEDA and a chart-made Secret, then held to the same schemas and rules;
//  - the Grafana dashboard and the Prometheus alert rules refer only to metrics the apps export.
// Exit code 1 with every problem listed; `npm run validate:deploy`.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as parseYamlText, parseAllDocuments } from 'yaml';
import { renderChart } from './helm-lite.mjs';

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
  if (!/npm (install|ci) --omit=dev/.test(text) || !text.includes(`dist/apps/${app}/package.json`)) fail(file, "the app's own production dependencies only (dist/apps/<app>/package.json)");
  for (const from of text.matchAll(/^ARG NODE_IMAGE=(\S+)/gm)) if (!/^node:22\.\d+\.\d+-/.test(from[1])) fail(file, `Node 22 LTS base image pinned to a release (got ${from[1]})`);
  if (!/^ARG NODE_IMAGE=/m.test(text)) fail(file, 'ARG NODE_IMAGE=node:22.x.y-... (one base image per file)');
  const hasFfmpeg = /apt-get install[^\n]*\bffmpeg\b/.test(last);
  if (app === 'extractor-worker' && !hasFfmpeg) fail(file, 'the extractor-worker image needs ffmpeg (video extractor)');
  if (app !== 'extractor-worker' && hasFfmpeg) fail(file, 'only the extractor-worker image carries ffmpeg');
}

// Helm chart, rendered offline (tools/scripts/helm-lite.mjs; there is no helm binary here)
const chartDir = join(deploy, 'helm/strata');
const chartValues = parseYamlText(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
const variants = [
  { name: 'default values', values: {} },
  { name: 'keda + chart-made Secret + tracing', values: { keda: { enabled: true }, secrets: { create: true, values: { MONGO_URL: 'mongodb://m:27017/strata' } }, tracing: { otlpEndpoint: 'http://otel:4318' } } },
];
let helmResources = 0;
for (const variant of variants) {
  let rendered;
  try {
    rendered = renderChart(chartDir, { releaseName: 'strata', values: variant.values });
  } catch (error) {
    fail(chartDir, `${variant.name}: ${error.message}`);
    continue;
  }
  const docs = [];
  for (const [file, text] of Object.entries(rendered)) {
    const parsed = parseAllDocuments(text, { merge: true });
    for (const d of parsed) for (const e of d.errors) fail(join(chartDir, 'templates', file), `${variant.name}: YAML: ${e.message}`);
    for (const doc of parsed.map((d) => d.toJS()).filter((d) => d !== null && d !== undefined)) {
      const where = join(chartDir, 'templates', file);
      const model = MODELS[`${doc.apiVersion}/${doc.kind}`];
      if (model === undefined) fail(where, `${variant.name}: no schema for ${doc.apiVersion} ${doc.kind}`);
      else {
        try {
          new (model())(doc).validate();
        } catch (error) {
          fail(where, `${variant.name}: ${doc.kind}/${doc.metadata?.name}: ${error.message}`);
        }
      }
      docs.push({ where, doc });
    }
  }
  helmResources += docs.length;
  const merged = { ...chartValues, ...variant.values, keda: { ...chartValues.keda, ...(variant.values.keda ?? {}) } };
  const tag = chartValues.image.tag || parseYamlText(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')).appVersion;
  for (const app of Object.keys(APPS)) {
    const dep = docs.find((d) => d.doc.kind === 'Deployment' && d.doc.metadata.name === `strata-${app}`);
    if (dep === undefined) {
      fail(chartDir, `${variant.name}: no Deployment strata-${app}`);
      continue;
    }
    const spec = dep.doc.spec.template.spec;
    const c = spec.containers[0];
    if (spec.securityContext?.runAsNonRoot !== true) fail(dep.where, `${variant.name}: ${app}: runAsNonRoot`);
    if (c.image !== `${chartValues.image.registry}/${chartValues.image.repository}-${app}:${tag}`) fail(dep.where, `${variant.name}: ${app}: image from image.registry/repository/tag (got ${c.image})`);
    if (c.readinessProbe?.httpGet?.path !== '/health/ready' || c.livenessProbe?.httpGet?.path !== '/health/live' || c.startupProbe === undefined) fail(dep.where, `${variant.name}: ${app}: readiness, liveness and startup probes`);
    if (c.resources?.requests?.cpu === undefined || c.resources?.requests?.memory === undefined) fail(dep.where, `${variant.name}: ${app}: cpu and memory requests`);
    if (!(c.ports ?? []).some((p) => p.containerPort === APPS[app])) fail(dep.where, `${variant.name}: ${app}: port ${APPS[app]}`);
    if (dep.doc.spec.template.metadata.annotations?.['prometheus.io/path'] !== '/metrics') fail(dep.where, `${variant.name}: ${app}: Prometheus scrape annotations`);
    const bootstrap = (c.env ?? []).find((e) => e.name === 'STRATA_BOOTSTRAP_API_KEY');
    if (app === 'batch-api' && bootstrap?.valueFrom?.secretKeyRef?.name !== chartValues.bootstrapApiKey.secretName) fail(dep.where, `${variant.name}: batch-api: STRATA_BOOTSTRAP_API_KEY from the bootstrap Secret`);
    if (app !== 'batch-api' && bootstrap !== undefined) fail(dep.where, `${variant.name}: ${app}: only batch-api gets the bootstrap key`);
  }
  const workerHpa = docs.find((d) => d.doc.kind === 'HorizontalPodAutoscaler' && d.doc.spec.scaleTargetRef.name === 'strata-extractor-worker');
  const scaledObject = docs.find((d) => d.doc.kind === 'ScaledObject');
  if (merged.keda.enabled) {
    if (workerHpa !== undefined) fail(chartDir, `${variant.name}: the worker HPA must give way to KEDA`);
    const expected = merged.keda.extractors.flatMap((e) => Array.from({ length: merged.keda.maxTier + 1 }, (_, t) => `${merged.prefix}-work-${e.replace('@', '_')}-t${t}`));
    const triggers = scaledObject?.doc.spec.triggers ?? [];
    const consumers = triggers.map((t) => t.metadata.consumer);
    if (JSON.stringify(consumers.slice().sort()) !== JSON.stringify(expected.slice().sort())) fail(chartDir, `${variant.name}: one KEDA trigger per extractor and tier (expected ${expected.length}, got ${consumers.length})`);
    for (const t of triggers) {
      if (t.type !== 'nats-jetstream' || t.metadata.stream !== `${merged.prefix.toUpperCase().replace(/-/g, '_')}_WORK` || !t.metadata.natsServerMonitoringEndpoint) fail(chartDir, `${variant.name}: trigger ${t.metadata.consumer}: nats-jetstream on the work stream with a monitoring endpoint`);
    }
  } else {
    if (scaledObject !== undefined) fail(chartDir, `${variant.name}: no ScaledObject without keda.enabled`);
    if (workerHpa === undefined) fail(chartDir, `${variant.name}: a CPU HPA for the workers`);
  }
  const secretName = variant.values.secrets?.create ? 'strata-secrets' : chartValues.secrets.existingSecret;
  for (const d of docs.filter((x) => x.doc.kind === 'Deployment')) {
    if (!d.doc.spec.template.spec.containers[0].envFrom.some((e) => e.secretRef?.name === secretName)) fail(d.where, `${variant.name}: env from the Secret ${secretName}`);
  }
}

// Grafana dashboard and Prometheus alert rules: only metrics the apps export
const exported = new Set();
for (const src of ['libs/platform/src/metrics.ts', 'libs/platform/src/jetstream-metrics.ts']) {
  for (const m of readFileSync(join(root, src), 'utf8').matchAll(/'(strata_[a-z_]+)'/g)) exported.add(m[1]);
}
const DEFAULTS = /^strata_(process|nodejs)_[a-z_]+$/;
const known = (name) => exported.has(name) || exported.has(name.replace(/_(bucket|sum|count)$/, '')) || DEFAULTS.test(name);
const metricsIn = (expr) => [...expr.matchAll(/\b(strata_[a-z_]+)\b/g)].map((m) => m[1]);
const dashboardFile = join(deploy, 'grafana/strata-dashboard.json');
if (!existsSync(dashboardFile)) fail(dashboardFile, 'missing');
else {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  const exprs = (dashboard.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr));
  if (exprs.length === 0) fail(dashboardFile, 'no panels with queries');
  for (const e of exprs) for (const m of metricsIn(e)) if (!known(m)) fail(dashboardFile, `unknown metric ${m}`);
}
const rulesFile = join(deploy, 'prometheus/strata-alerts.yaml');
if (!existsSync(rulesFile)) fail(rulesFile, 'missing');
else {
  const rules = parseYamlText(readFileSync(rulesFile, 'utf8'));
  const alerts = (rules.groups ?? []).flatMap((g) => g.rules ?? []);
  for (const name of ['StrataBatchStalled', 'StrataItemErrorRatioHigh', 'StrataConsumerLagHigh', 'StrataWebhookDeliveriesFailing']) {
    if (!alerts.some((a) => a.alert === name)) fail(rulesFile, `alert ${name} is missing`);
  }
  for (const a of alerts) {
    if (typeof a.expr !== 'string' || a.labels?.severity === undefined || a.annotations?.summary === undefined) fail(rulesFile, `${a.alert}: expr, labels.severity and annotations.summary`);
    for (const m of metricsIn(String(a.expr))) if (!known(m)) fail(rulesFile, `${a.alert}: unknown metric ${m}`);
  }
}

if (problems.length > 0) {
  console.error(`deploy/ has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `deploy/ is valid: ${resources.length} Kubernetes resources, ${helmResources} rendered Helm resources (${variants.length} value sets), ${Object.keys(services).length} compose services, ${Object.keys(APPS).length} Dockerfiles, dashboard and alert rules`,
);
