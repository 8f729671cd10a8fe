// npm run db:seed — the demo accounts and incidents, into an empty DATABASE_URL database.
import { disconnectDb } from '../../lib/db/client';
import { seedIfEmpty } from '../../prisma/seed';

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is not set');
  process.exit(2);
}
const result = await seedIfEmpty({ demo: true });
console.log(result.seeded ? 'seeded the demo accounts and incidents' : 'the database already has users: nothing seeded');
await disconnectDb();
