# Container image of the route API: build with dev dependencies, run with production dependencies only,
# as an unprivileged user, serving the embedded network on 0.0.0.0:3000.

# ---- build: compile TypeScript to dist/ ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the "prepare" script builds, which needs the sources copied below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# ---- runtime: production dependencies, compiled code, network data, map page ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 (the default live-state store) is the one native module: built for this image alone.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm rebuild better-sqlite3 \
    && npm cache clean --force \
    && mkdir -p /app/var && chown node:node /app/var
COPY --from=build /app/dist ./dist
COPY graph-data ./graph-data
COPY public ./public
# The files stay owned by root: the service can read them but not change them. Only ./var (the SQLite store
# when DATABASE_URL is unset) is the service's; mount a volume there to keep it across containers.
VOLUME /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# server.js handles SIGTERM itself: requests in flight finish, then it exits 0.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server.js"]
