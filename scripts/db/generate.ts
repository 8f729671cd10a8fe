// `npm install` runs this (postinstall): generates the Prisma client into lib/db/generated,
// offline (engineType "client": no native query engine).
import { runPrisma } from '../lib/prisma-cli';

await runPrisma(['generate'], { quiet: true });
console.log('[cordon] Prisma client generated');
