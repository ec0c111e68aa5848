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
echo "== deploy manifests (offline schema check)"
node tools/scripts/validate-deploy.mjs
echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== build"
bash tools/scripts/build.sh
echo "== services"
bash tools/scripts/ensure-services.sh
echo "== tools"
bash tools/scripts/ensure-tools.sh
echo "== tests"
# The fault-injection suite (apps/strata-faults) runs in a shortened form here: every scenario with
# fewer objects. `npm run test:faults` runs it in full (2,000 objects per scenario).
export FAULT_OBJECTS="${FAULT_OBJECTS:-500}"
# The chaos soak (apps/strata-faults/src/chaos.soak-spec.ts) runs 2 minutes here; `npm run soak` 10.
export SOAK_MINUTES="${SOAK_MINUTES:-2}"
npx jest --ci --runInBand "$@"
