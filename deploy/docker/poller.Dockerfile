# syntax=docker/dockerfile:1
# poller: built from the repository root (docker build -f deploy/docker/poller.Dockerfile .).
# Stage 1 installs everything and builds; stage 2 keeps dist/apps/poller and production
# node_modules only, and runs as the unprivileged "node" user.

FROM node:20.19-bookworm-slim AS build
WORKDIR /src
# better-sqlite3 compiles from source (the embedded default stays available in every image).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY tools/stubs tools/stubs
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/scripts/build-app.mjs poller && npm prune --omit=dev --no-audit --no-fund

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production DATA_DIR=/var/lib/strata
WORKDIR /app
COPY --from=build --chown=root:root /src/node_modules ./node_modules
COPY --from=build --chown=root:root /src/dist/apps/poller ./dist/apps/poller
COPY --from=build --chown=root:root /src/package.json ./package.json
RUN mkdir -p /var/lib/strata && chown node:node /var/lib/strata
USER node
EXPOSE 3011
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:3011/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM is handled by the app (drain, then close stores); node runs as PID 1 with --init in compose/k8s.
CMD ["node", "--enable-source-maps", "dist/apps/poller/apps/poller/src/main.js"]
