#!/usr/bin/env bash
# Builds the four apps and the `strata` CLI into dist/apps/<app> (Nx caches unchanged ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
export NX_DAEMON=false NX_TUI=false NX_NO_CLOUD=true
npx nx run-many -t build --projects=batch-api,poller,extractor-worker,webhook-dispatcher,cli --outputStyle=stream
