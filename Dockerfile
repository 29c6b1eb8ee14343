# syntax=docker/dockerfile:1
# Multi-stage build: bundle the TypeScript with esbuild (a dev dependency), install the production dependencies on
# their own (native modules built with the toolchain; modules the bundle leaves out load from there), and run the
# bundled JavaScript on a slim image as non-root.
FROM node:24-slim AS toolchain
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM toolchain AS deps
# Production dependencies only: tsx, TypeScript, vitest and Playwright never reach the image.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:24-slim
ENV NODE_ENV=production PORT=3000 KLAXON_DB=/app/data/klaxon.db
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json klaxon.example.yaml slack-manifest.yaml ./
# A deployment bakes its own config into the image (deploy/ passes --build-arg KLAXON_CONFIG_FILE=klaxon.yaml);
# without it the image runs the sample config, as before.
ARG KLAXON_CONFIG_FILE=klaxon.example.yaml
COPY --chown=node:node ${KLAXON_CONFIG_FILE} ./klaxon.yaml
COPY --chown=node:node runbooks ./runbooks
COPY --chown=node:node bin ./bin
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM drains the outbox for up to 20 s; give it time before SIGKILL (docker stop -t 25).
STOPSIGNAL SIGTERM
# The playground (no Slack settings) listens on loopback; add -e KLAXON_PLAYGROUND_HOST=0.0.0.0 to open it from the host.
CMD ["node", "--enable-source-maps", "dist/start.js"]
