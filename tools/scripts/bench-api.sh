#!/usr/bin/env bash
# `npm run bench:api`: API latency while a batch runs (tools/bench/api.bench.ts). Duration, clients
# and batch size: BENCH_API_SECONDS (60), BENCH_API_CLIENTS (50), BENCH_API_OBJECTS (10000).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/build.sh >/dev/null
bash tools/scripts/ensure-services.sh >/dev/null
node tools/scripts/build-app.mjs --dir tools/bench bench >/dev/null
node --enable-source-maps dist/bench/tools/bench/api.bench.js
