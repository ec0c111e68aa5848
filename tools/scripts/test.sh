#!/usr/bin/env bash
# `npm test`: what CI runs. Installs, lints, type-checks, builds, makes sure NATS and Redis run,
# then runs the unit, integration and end-to-end tests. The integration and end-to-end tests start
# the CongoDB (MongoDB wire protocol) and s3rver servers they need themselves, on free ports.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
bash tools/scripts/install.sh
echo "== lint"
npx nx run-many -t lint --outputStyle=static
echo "== deploy manifests (offline schema check; the Helm chart rendered by helm-lite)"
node --test tools/scripts/helm-lite.test.mjs
node tools/scripts/validate-deploy.mjs
echo "== SDK types current with the OpenAPI document"
node tools/scripts/sdk-generate.mjs --check
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
npx tsc -p apps/dashboard/tsconfig.json --noEmit
echo "== build"
bash tools/scripts/build.sh
echo "== docs/operations.md configuration reference (generated from the config schemas)"
node tools/scripts/config-docs.mjs --check
echo "== services"
bash tools/scripts/ensure-services.sh
echo "== tools"
bash tools/scripts/ensure-tools.sh
echo "== Node 22 for the built apps (end-to-end and fault suites)"
# Assigned first so a failure stops the run here (an eval of a failed substitution would not).
NODE22_ENV="$(bash tools/scripts/node22.sh)"
eval "$NODE22_ENV"
echo "apps run on $("$STRATA_APP_NODE" --version) from $STRATA_APP_DIST"
echo "== tests"
# The fault-injection suite (apps/strata-faults) runs in a shortened form here: every scenario with
# fewer objects. `npm run test:faults` runs it in full (2,000 objects per scenario).
export FAULT_OBJECTS="${FAULT_OBJECTS:-500}"
# The chaos soak (apps/strata-faults/src/chaos.soak-spec.ts) runs 2 minutes here; `npm run soak` 10.
export SOAK_MINUTES="${SOAK_MINUTES:-2}"
npx jest --ci --runInBand "$@"
