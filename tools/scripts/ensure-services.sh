#!/usr/bin/env bash
# Makes sure NATS (with JetStream) and Redis answer on the configured addresses; starts local
# ones when they do not, or says how to install them. Never stops anything.
set -euo pipefail

NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
STATE_DIR="${STRATA_SERVICES_DIR:-${TMPDIR:-/tmp}/strata-services}"

hostport() { # nats://host:port or redis://host:port -> host port
  local rest="${1#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"
  echo "${rest%:*} ${rest##*:}"
}

listening() { # host port
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && { exec 3>&- 3<&-; return 0; } || return 1
}

wait_for() { # host port name
  for _ in $(seq 1 50); do listening "$1" "$2" && return 0; sleep 0.2; done
  echo "error: $3 did not start on $1:$2 (see $STATE_DIR)" >&2
  return 1
}

read -r nats_host nats_port <<<"$(hostport "$NATS_URL")"
read -r redis_host redis_port <<<"$(hostport "$REDIS_URL")"
mkdir -p "$STATE_DIR"

if listening "$nats_host" "$nats_port"; then
  echo "NATS is up on $nats_host:$nats_port"
else
  if ! command -v nats-server >/dev/null 2>&1; then
    echo "error: NATS is not running on $nats_host:$nats_port and nats-server is not installed." >&2
    echo "       install it with: apt-get install -y nats-server   (or see https://docs.nats.io)" >&2
    exit 1
  fi
  echo "starting nats-server with JetStream on $nats_host:$nats_port (store: $STATE_DIR/nats)"
  nohup nats-server -a "$nats_host" -p "$nats_port" -js -sd "$STATE_DIR/nats" >"$STATE_DIR/nats.log" 2>&1 &
  wait_for "$nats_host" "$nats_port" nats-server
fi

if listening "$redis_host" "$redis_port"; then
  echo "Redis is up on $redis_host:$redis_port"
else
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "error: Redis is not running on $redis_host:$redis_port and redis-server is not installed." >&2
    echo "       install it with: apt-get install -y redis-server" >&2
    exit 1
  fi
  echo "starting redis-server on $redis_host:$redis_port"
  redis-server --bind "$redis_host" --port "$redis_port" --save '' --appendonly no --daemonize yes \
    --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log"
  wait_for "$redis_host" "$redis_port" redis-server
fi
