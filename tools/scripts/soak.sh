#!/usr/bin/env bash
# `npm run soak`: the chaos soak (docs/reliability.md): builds the apps, then runs
# apps/strata-faults/src/chaos.soak-spec.ts for SOAK_MINUTES (default 10) against private NATS and
# Redis servers it starts itself (nats-server and redis-server must be installed). Prints the
# faults it injected and a SOAK-RESULT line.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
bash tools/scripts/build.sh >/dev/null
export SOAK_MINUTES="${SOAK_MINUTES:-10}"
npx jest --ci --runInBand --selectProjects soak "$@"
