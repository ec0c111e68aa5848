#!/usr/bin/env bash
# `npm run bench:api`: GET batch under load vs a bare express + better-sqlite3 endpoint serving the same
# body (tools/bench/api.bench.ts). Seconds per phase, clients
# and batch size: BENCH_API_SECONDS (20), BENCH_API_CLIENTS (50), BENCH_API_OBJECTS (10000).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/build.sh >/dev/null
bash tools/scripts/ensure-services.sh >/dev/null
node tools/scripts/build-app.mjs --dir tools/bench bench >/dev/null
node --enable-source-maps dist/bench/tools/bench/api.bench.js
