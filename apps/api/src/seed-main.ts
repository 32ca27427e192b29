import { migrateToLatest } from '@societas/db';
import { DatabaseNotEmptyError, seedDemo } from '@societas/db/seed';
import { runOneOffCommand } from './lib/one-off-command.js';
import { fileStorage } from './modules/files/index.js';

/**
 * `node apps/api/dist/seed.js`: loads the demo data into an empty database (trying the compose
 * stack or a staging site). Refuses when any user exists.
 */
runOneOffCommand('Seeding failed', async (handle, env) => {
  await migrateToLatest(handle.db);
  try {
    const storage = fileStorage(env);
    const summary = await seedDemo(handle.db, {
      storeFile: (key, bytes, type) => storage.put(key, bytes, type),
    });
    console.log(
      `Demo data loaded: ${summary.members} members, ${summary.jobs} jobs, ${summary.committees} committees.`,
    );
  } catch (error) {
    if (!(error instanceof DatabaseNotEmptyError)) throw error;
    console.log(error.message);
  }
});
