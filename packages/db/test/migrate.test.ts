import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, MIGRATIONS, migrateToLatest, sql } from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';

describe('migrations from parallel work streams', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await createTestDatabase(inject('pgAdminUrl'), inject('pgTemplate'));
  });
  afterAll(() => h.close());

  it('applies a migration merged later even when it sorts before one the database already ran', async () => {
    const names = Object.keys(MIGRATIONS).sort();
    // A database that ran everything except the second-to-last migration (merged from a branch later).
    const late = names.at(-2)!;
    await MIGRATIONS[late]!.down!(h.db);
    await sql`DELETE FROM kysely_migration WHERE name = ${late}`.execute(h.db);

    const result = await migrateToLatest(h.db);
    expect(result.results?.map((r) => [r.migrationName, r.status])).toEqual([[late, 'Success']]);
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
      h.db,
    );
    expect(rows.map((r) => r.name)).toEqual(names);
  });
});
