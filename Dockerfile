# syntax=docker/dockerfile:1
# The dog-image service. Build: docker build -t dog-app-mesh:0.1.0 .

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
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=peer --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/lib ./lib
# A numeric uid that is neither root nor 1337, the uid Istio reserves for its sidecar proxy.
USER 10001:10001
EXPOSE 8080
CMD ["node", "lib/service/main.js"]
