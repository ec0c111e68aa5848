#!/usr/bin/env bash
# `npm run test:faults`: the fault-injection suite in full (docs/reliability.md): builds the apps,
# makes sure the shared NATS and Redis run (the NATS/Redis restart scenarios start their own), then
# runs every scenario with FAULT_OBJECTS objects (default 2,000). Each scenario prints a
# FAULT-RESULT line with its measured figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
bash tools/scripts/build.sh >/dev/null
bash tools/scripts/ensure-services.sh >/dev/null
export FAULT_OBJECTS="${FAULT_OBJECTS:-2000}"
npx jest --ci --runInBand --selectProjects faults "$@"
