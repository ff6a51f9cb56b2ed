# syntax=docker/dockerfile:1
# The dog-image service, and the dog-app-mesh CLI for the in-mesh traffic generator (`node lib/cli/main.js loadgen`).
# Build:  docker build -t dog-app-mesh:0.1.0 .
# Canary: docker build --build-arg APP_VERSION=v2 -t dog-app-mesh:v2 .   (or set APP_VERSION in the Deployment)

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY constructs ./constructs
COPY service ./service
COPY cli ./cli
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; none of them needs an install script.
RUN npm ci --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/lib ./lib
# Shown in the page footer and the x-app-version header; empty means the package version.
ARG APP_VERSION=""
ENV APP_VERSION=${APP_VERSION}
# A numeric uid that is neither root nor 1337, the uid Istio reserves for its sidecar proxy.
# Nothing is written at run time, so the root filesystem can be mounted read-only.
USER 10001:10001
EXPOSE 8080
STOPSIGNAL SIGTERM
# node itself is PID 1 and handles SIGTERM (readiness 503, drain, exit 0); npm would not forward the signal.
CMD ["node", "--enable-source-maps", "lib/service/main.js"]
