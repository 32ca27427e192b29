import type { Executor, FilePurpose } from '@societas/db';

const FILE_COLUMNS = [
  'id',
  'owner_user_id',
  'purpose',
  'visibility',
  'content_type',
  'size_bytes',
  'storage_key',
  'created_at',
] as const;

export async function insertFile(
  db: Executor,
  f: {
    id: string;
    ownerUserId: string;
    purpose: FilePurpose;
    visibility: 'public' | 'private';
    contentType: string;
    sizeBytes: number;
    storageKey: string;
  },
) {
  return db
    .insertInto('files')
    .values({
      id: f.id,
      owner_user_id: f.ownerUserId,
      purpose: f.purpose,
      visibility: f.visibility,
      content_type: f.contentType,
      size_bytes: f.sizeBytes,
      storage_key: f.storageKey,
    })
    .returning(FILE_COLUMNS)
    .executeTakeFirstOrThrow();
}
export type FileRow = Awaited<ReturnType<typeof insertFile>>;

export async function findFile(db: Executor, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('files').select(FILE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findFilesByIds(db: Executor, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('files').select(FILE_COLUMNS).where('id', 'in', ids).execute();
}

export async function listFilesOfOwner(db: Executor, userId: string): Promise<FileRow[]> {
  return db.selectFrom('files').select(FILE_COLUMNS).where('owner_user_id', '=', userId).execute();
}

export async function deleteFileRows(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('files').where('id', 'in', ids).execute();
}

/** Marks files as used by a saved form (the first time only; later saves keep the first date). */
export async function markFilesAttached(db: Executor, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('files')
    .set({ attached_at: now })
    .where('id', 'in', ids)
    .where('attached_at', 'is', null)
    .execute();
}

/** Uploads no saved form used, made before `before` (oldest first, a bounded batch per run). */
export async function listUnattachedBefore(db: Executor, before: Date, limit = 1000): Promise<FileRow[]> {
  return db
    .selectFrom('files')
    .select(FILE_COLUMNS)
    .where('attached_at', 'is', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}
