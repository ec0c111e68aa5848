#!/usr/bin/env bash
# Builds and tags the four images from one REGISTRY and TAG (the same two values the Helm chart's
# image.registry / image.tag and deploy/compose take). Needs a Docker engine; run from anywhere:
#   REGISTRY=registry.example.com/strata TAG=0.1.0 bash deploy/docker/build-images.sh [--push]
set -euo pipefail
cd "$(dirname "$0")/../.."
REGISTRY="${REGISTRY:?set REGISTRY, e.g. registry.example.com/strata}"
TAG="${TAG:?set TAG, e.g. 0.1.0}"
for app in batch-api poller extractor-worker webhook-dispatcher; do
  docker build -f "deploy/docker/${app}.Dockerfile" -t "${REGISTRY}/strata-${app}:${TAG}" .
  if [ "${1:-}" = "--push" ]; then docker push "${REGISTRY}/strata-${app}:${TAG}"; fi
done
