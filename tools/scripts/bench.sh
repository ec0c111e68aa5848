#!/usr/bin/env bash
# `npm run bench`: builds the apps and the benchmark, makes sure NATS and Redis run, then runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/install.sh
bash tools/scripts/build.sh >/dev/null
bash tools/scripts/ensure-services.sh >/dev/null
bash tools/scripts/ensure-tools.sh >/dev/null
node tools/scripts/build-app.mjs --dir tools/bench bench >/dev/null
node --enable-source-maps dist/bench/tools/bench/pipeline.bench.js
node --enable-source-maps dist/bench/tools/bench/extractors.bench.js
node --enable-source-maps dist/bench/tools/bench/mixed.bench.js
