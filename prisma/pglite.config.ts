// Prisma CLI configuration for *writing* migrations without a server or a native engine:
// `prisma migrate diff --from-migrations` replays the committed migrations into an in-memory
// PGlite shadow database and compares the result with schema.prisma.
import { PGlite } from '@electric-sql/pglite';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';

// Prisma 6.19's schema engine sends each whole migration script through executeRaw, i.e. as one
// prepared statement, which PostgreSQL refuses for several commands. Scripts without parameters
// go through PGlite's simple-query `exec` instead.
function withScripts(adapter: SqlDriverAdapter, database: PGlite): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property) {
      if (property === 'executeRaw') {
        return async (query: SqlQuery) => {
          if (query.args.length > 0) return target.executeRaw(query);
          await database.exec(query.sql);
          return 0;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function pgliteFactory(): SqlMigrationAwareDriverAdapterFactory {
  const main = new PGlite();
  // pglite-prisma-adapter is typed against an older @prisma/driver-adapter-utils; the runtime
  // interface is the same (the schema drift test exercises it).
  const open = async (database: PGlite) =>
    withScripts((await new PrismaPGlite(database).connect()) as unknown as SqlDriverAdapter, database);
  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: () => open(main),
    connectToShadowDb: () => open(new PGlite()),
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  adapter: () => Promise.resolve(pgliteFactory()),
});
