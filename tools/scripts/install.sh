#!/usr/bin/env bash
# Installs dependencies when package-lock.json changed since the last install (or none exists).
set -euo pipefail
cd "$(dirname "$0")/../.."
stamp=node_modules/.strata-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "installing dependencies (npm ci)..."
npm ci --no-audit --no-fund
echo "$want" >"$stamp"
