#!/usr/bin/env bash
# `npm run bench:scale` (outside CI): one batch of BENCH_SCALE_OBJECTS (1,000,000) objects through
# the four built apps (tools/bench/scale.bench.ts): ingest and processing objects/s, peak RSS per
# process, GET batch latency during the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/build.sh >/dev/null
bash tools/scripts/ensure-services.sh >/dev/null
node tools/scripts/build-app.mjs --dir tools/bench bench >/dev/null
node --enable-source-maps dist/bench/tools/bench/scale.bench.js
