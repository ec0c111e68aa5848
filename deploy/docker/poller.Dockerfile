# syntax=docker/dockerfile:1
# poller: built from the repository root:
#   docker build -f deploy/docker/poller.Dockerfile -t $REGISTRY/strata-poller:$TAG .
# (deploy/docker/build-images.sh builds and tags all four from one REGISTRY and TAG.)
# Stage "build" installs everything, compiles the app and writes dist/apps/poller/package.json with
# the packages the app's compiled code requires (tools/scripts/build-app.mjs); stage "deps"
# installs only those, at the versions of package-lock.json; the runtime stage keeps the app and
# those production dependencies and runs as the unprivileged "node" user on Node 22 LTS.
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# better-sqlite3 compiles from source (the embedded default stays available in every image).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY tools/stubs tools/stubs
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/scripts/build-app.mjs poller

FROM build AS deps
WORKDIR /prod
# Only the app's own production dependencies (npm ci --omit=dev would keep every app's).
RUN cp /src/dist/apps/poller/package.json ./package.json && cp /src/package-lock.json ./package-lock.json \
  && npm install --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production DATA_DIR=/var/lib/strata
WORKDIR /app
COPY --from=deps --chown=root:root /prod/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist/apps/poller ./dist/apps/poller
RUN mkdir -p /var/lib/strata && chown node:node /var/lib/strata
USER node
EXPOSE 3011
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3011/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM is handled by the app (drain, then close stores); run with an init (--init, or k8s) as PID 1.
CMD ["node", "--enable-source-maps", "dist/apps/poller/apps/poller/src/main.js"]
