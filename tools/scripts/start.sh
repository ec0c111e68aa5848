#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, makes sure NATS and Redis run, then runs the four
# services on the embedded defaults (SQLite files and a local directory under .data/) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/scripts/install.sh
bash tools/scripts/build.sh
bash tools/scripts/ensure-services.sh

export DATA_DIR="${DATA_DIR:-$PWD/.data}"
# Local development runs without API keys unless told otherwise; batch-api logs a warning too.
export AUTH_MODE="${AUTH_MODE:-none}"
if [ "$AUTH_MODE" = none ]; then
  echo "AUTH_MODE=none: no API key needed (development only). Set AUTH_MODE=api_key and STRATA_BOOTSTRAP_API_KEY=sk_... to require keys."
fi
pids=()
stop() {
  trap - INT TERM
  echo "stopping Strata..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  exit 0
}
trap stop INT TERM

for app in batch-api poller extractor-worker webhook-dispatcher; do
  node "dist/apps/$app/apps/$app/src/main.js" &
  pids+=("$!")
done
echo "Strata is starting: API on http://localhost:${PORT:-3000} (data in $DATA_DIR). Ctrl-C stops it."
# If any service exits, stop the others rather than run half a system.
wait -n || true
echo "a service exited; stopping the rest" >&2
stop
