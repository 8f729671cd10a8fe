// Prisma CLI configuration for applying migrations (`prisma migrate deploy`) without any native
// engine download: the WebAssembly schema engine runs through the pg driver adapter.
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { parseDatabaseUrl } from './lib/db/connection';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) return Promise.reject(new Error('DATABASE_URL is not set (npm start sets it for the embedded database)'));
    return Promise.resolve(new PrismaPg(parseDatabaseUrl(url)));
  },
});
