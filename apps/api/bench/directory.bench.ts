/**
 * Directory search timings on a large database:
 *   npm run db:seed -- --members 1000000 --payments-per-member 1     (into DATABASE_URL)
 *   DATABASE_URL=... npx tsx bench/directory.bench.ts
 * Runs each search a few times (first run warms the cache) and prints the median.
 */
import { DIRECTORY_COUNT_CAP } from '@societas/contracts';
import { createKysely, createPool, sql } from '@societas/db';
import { type DirectoryFilters, searchDirectory } from '../src/modules/directory/directory.repository.js';

const url = process.argv[2] ?? process.env.DATABASE_URL;
if (!url) {
  console.error('Pass DATABASE_URL (a database seeded with --members 1000000).');
  process.exit(2);
}
const pool = createPool(url, 4);
const db = createKysely(pool);

const cases: Array<[string, DirectoryFilters, number]> = [
  ['browse, page 1', {}, 1],
  ['browse, page 200', {}, 200],
  ['name "mar"', { name: 'mar' }, 1],
  ['name "wijaya"', { name: 'wijaya' }, 1],
  ['institution "karolinska"', { institution: 'karolinska' }, 1],
  ['country JP', { countryCode: 'JP' }, 1],
  ['research area "organoids"', { researchArea: 'organoids' }, 1],
  ['career stage student + country BR', { careerStage: 'student', countryCode: 'BR' }, 1],
  ['name "zzqx" (no match)', { name: 'zzqx' }, 1],
];

const members = await sql<{ n: string }>`SELECT count(*) AS n FROM member_profiles`.execute(db);
console.log(`member_profiles: ${Number(members.rows[0]!.n).toLocaleString()} rows\n`);
for (const [label, filters, page] of cases) {
  const times: number[] = [];
  let total = 0;
  let capped = false;
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const r = await searchDirectory(
      db,
      filters,
      { page, pageSize: 25 },
      { viewer: 'members', countCap: DIRECTORY_COUNT_CAP },
    );
    times.push(performance.now() - t0);
    total = r.total;
    capped = r.totalCapped;
  }
  const median = times.slice(1).sort((a, b) => a - b)[1]!;
  console.log(
    `${label.padEnd(38)} ${median.toFixed(0).padStart(6)} ms   ${capped ? `>${total}` : total} matches`,
  );
}
await db.destroy();
