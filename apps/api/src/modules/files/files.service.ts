import { randomUUID } from 'node:crypto';
import {
  acceptedTypesText,
  FILE_PURPOSE_RULES,
  type FilePurpose,
  formatFileSize,
  UPLOAD_FIELD,
  type UploadedFile,
} from '@societas/contracts';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { hitRateLimits } from '../../auth/rate-limit.js';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import { recordAudit } from '../audit/index.js';
import {
  deleteFileRows,
  type FileRow,
  findFile,
  findFilesByIds,
  insertFile,
  listFilesOfOwner,
  listUnattachedBefore,
  markFilesAttached,
} from './files.repository.js';
import { checkFileUrlSignature, fileContentPath, fileStorage, SIGNED_URL_SECONDS } from './storage.js';

/** Programs and scripts: named in the refusal, since a renamed one is the case to explain. */
const EXECUTABLE_TYPES = new Set([
  'application/x-elf',
  'application/x-msdownload',
  'application/x-mach-binary',
  'application/x-executable',
  'application/x-sharedlib',
  'application/vnd.microsoft.portable-executable',
  'application/java-archive',
  'application/wasm',
]);

/** Image formats we re-encode to (WebP keeps transparency for logos and is read by every browser). */
const IMAGE_OUTPUT = 'image/webp';
/** Decoding bound: a small file can claim an enormous canvas (a "pixel bomb"). */
const MAX_INPUT_PIXELS = 60_000_000;
/**
 * Uploads a person may make in an hour: far above a form's needs (a few tries at a logo), low
 * enough that one account cannot fill the store or keep sharp busy (each image is decoded).
 */
export const UPLOADS_PER_HOUR = 60;
/** An upload no saved form used within this long is removed by the housekeeping task. */
export const UNATTACHED_FILE_HOURS = 24;

const EXTENSIONS: Record<string, string> = { 'image/webp': 'webp', 'image/png': 'png' };

/**
 * An image as we store it: decoded (bounded), turned upright by its EXIF orientation, resized to
 * fit the purpose, and written anew without its metadata (sharp keeps none unless asked). A
 * favicon is padded to a transparent square PNG, since browsers squash a non-square icon.
 */
async function reencodeImage(bytes: Buffer, rule: (typeof FILE_PURPOSE_RULES)[FilePurpose]) {
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
  if (rule.imageOutput === 'png-square') {
    const stored = await image
      .resize({
        width: rule.maxImagePixels,
        height: rule.maxImagePixels,
        fit: 'contain',
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      })
      .png()
      .toBuffer();
    return { stored, contentType: 'image/png' };
  }
  const stored = await image
    .resize({
      width: rule.maxImagePixels,
      height: rule.maxImagePixels,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .webp({ quality: 85 })
    .toBuffer();
  return { stored, contentType: IMAGE_OUTPUT };
}

const fileError = (message: string) => new AppError('BAD_INPUT', message, { [UPLOAD_FIELD]: [message] });

export function tooLargeError(purpose: FilePurpose): AppError {
  const rule = FILE_PURPOSE_RULES[purpose];
  return fileError(
    `This file is too large for a ${rule.label}: the limit is ${formatFileSize(rule.maxBytes)}. Try a smaller file or a lower resolution scan.`,
  );
}

function actorOf(ctx: ServiceContext) {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in to continue.');
  return ctx.actor;
}

/** A file's address for people: stable and public, or for a private file the route that checks who asks. */
function fileUrl(ctx: ServiceContext, row: Pick<FileRow, 'id' | 'visibility'>): string {
  return row.visibility === 'public'
    ? `${ctx.env.PUBLIC_URL}${fileContentPath(row.id)}`
    : `/api/files/${row.id}`;
}

function fileOut(ctx: ServiceContext, row: FileRow): UploadedFile {
  return {
    id: row.id,
    purpose: row.purpose,
    visibility: row.visibility,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    url: fileUrl(ctx, row),
    createdAt: row.created_at,
  };
}

/**
 * Checks an upload's bytes against its purpose and keeps it. The type comes from the bytes
 * (file-type's magic numbers), never from the name or the Content-Type the browser sent; images
 * are decoded and re-encoded with sharp (bounded, EXIF orientation applied, metadata dropped), so
 * what we store and serve is an image we wrote.
 */
export async function uploadFile(
  ctx: ServiceContext,
  purpose: FilePurpose,
  bytes: Buffer,
): Promise<UploadedFile> {
  const owner = actorOf(ctx);
  const rule = FILE_PURPOSE_RULES[purpose];
  const exceeded = await hitRateLimits(ctx.db, [
    { key: `upload:user:${owner.id}`, limit: UPLOADS_PER_HOUR, windowSeconds: 3600 },
  ]);
  if (exceeded.length) {
    const message = 'You have uploaded many files in the last hour. Please wait a little and try again.';
    throw new AppError('RATE_LIMITED', message, { [UPLOAD_FIELD]: [message] });
  }
  const wanted = `${rule.label[0]!.toUpperCase()}${rule.label.slice(1)} must be a ${acceptedTypesText(purpose)} file.`;
  if (bytes.length === 0) throw fileError(`This file is empty. ${wanted}`);
  if (bytes.length > rule.maxBytes) throw tooLargeError(purpose);
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && EXECUTABLE_TYPES.has(detected.mime)) {
    throw fileError(
      `This file is a program, whatever its name says, and we do not accept programs. ${wanted}`,
    );
  }
  if (!detected || !rule.accept.includes(detected.mime)) {
    const what = detected ? `a ${detected.ext.toUpperCase()} file` : 'not a file type we recognise';
    throw fileError(`This file is ${what}. ${wanted}`);
  }
  let stored = bytes;
  let contentType = detected.mime;
  if (detected.mime.startsWith('image/')) {
    try {
      ({ stored, contentType } = await reencodeImage(bytes, rule));
    } catch (error) {
      ctx.log.info({ err: error, purpose }, 'upload: image could not be decoded');
      throw fileError(`We could not read this image; it may be damaged. ${wanted}`);
    }
  }
  const id = randomUUID();
  const storageKey = `${purpose}/${id}.${EXTENSIONS[contentType] ?? detected.ext}`;
  await fileStorage(ctx.env).put(storageKey, stored, contentType);
  const row = await insertFile(ctx.db, {
    id,
    ownerUserId: owner.id,
    purpose,
    visibility: rule.visibility,
    contentType,
    sizeBytes: stored.length,
    storageKey,
  });
  return fileOut(ctx, row);
}

/**
 * Where `GET /api/files/:id` sends the person: a public file's stable address; a private file's
 * short-lived signed link, only for its owner and administrators (an administrator opening
 * someone else's file is audited).
 */
export async function fileLink(ctx: ServiceContext, id: string): Promise<string> {
  const row = await findFile(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That file was not found.');
  if (row.visibility === 'public') return fileUrl(ctx, row);
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Please sign in to open this file.');
  const isOwner = ctx.actor.id === row.owner_user_id;
  if (!isOwner && ctx.actor.role !== 'admin') {
    throw new AppError(
      'FORBIDDEN',
      'This file is private: only the person who uploaded it and administrators can open it.',
    );
  }
  if (!isOwner) {
    await recordAudit(ctx.db, {
      actorUserId: ctx.actor.id,
      action: 'file.opened',
      entityType: 'file',
      entityId: row.id,
      after: { purpose: row.purpose, owner: row.owner_user_id },
      requestId: ctx.requestId,
    });
  }
  return signedFileUrl(ctx, row);
}

export function signedFileUrl(ctx: ServiceContext, row: FileRow): Promise<string> {
  const expiresAt = new Date(ctx.now.getTime() + SIGNED_URL_SECONDS * 1000);
  return fileStorage(ctx.env).signedUrl(
    { id: row.id, storageKey: row.storage_key, contentType: row.content_type },
    ctx.now,
    expiresAt,
  );
}

/**
 * The bytes behind `GET /api/files/:id/content`: a public file for anyone; a private one only
 * with a valid, unexpired signature (disk mode; in S3 mode the signed link goes to the bucket).
 */
export async function fileContent(
  ctx: ServiceContext,
  id: string,
  query: { expires?: string; signature?: string },
): Promise<{ bytes: Buffer; contentType: string; visibility: 'public' | 'private' }> {
  const row = await findFile(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', 'That file was not found.');
  if (row.visibility === 'private') {
    const check = checkFileUrlSignature(ctx.env, row.id, query.expires, query.signature, ctx.now);
    if (check === 'expired') {
      throw new AppError(
        'FORBIDDEN',
        'This link has expired. Open the file again from the page where you found it.',
      );
    }
    if (check !== 'valid') throw new AppError('FORBIDDEN', 'This link is not valid.');
  }
  const bytes = await fileStorage(ctx.env).get(row.storage_key);
  if (!bytes) throw new AppError('NOT_FOUND', 'That file was not found.');
  return { bytes, contentType: row.content_type, visibility: row.visibility };
}

/** For a form that refers to an upload: the file must be the actor's own and of the right kind. */
export async function assertOwnUpload(ctx: ServiceContext, id: string, purpose: FilePurpose, field: string) {
  const row = await findFile(ctx.db, id);
  if (!row || row.owner_user_id !== actorOf(ctx).id || row.purpose !== purpose) {
    throw new AppError('BAD_INPUT', 'That upload was not found. Upload the file again.', {
      [field]: ['Upload the file again'],
    });
  }
  await markFilesAttached(ctx.db, [row.id], ctx.now);
}

/** The id of one of our files behind a stored address (`…/api/files/<id>/content`), if it is one. */
export function fileIdOfUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const match = /\/api\/files\/([0-9a-f-]{36})(?:\/content)?(?:[?#]|$)/i.exec(url);
  return match?.[1] ?? null;
}

/**
 * A saved form now shows these addresses (a logo, a photo): the files behind them, if they are
 * ours, are in use and stay. Addresses elsewhere on the web are left alone. Call it in the
 * transaction that saves the form.
 */
export async function markUrlsInUse(ctx: ServiceContext, urls: (string | null | undefined)[]) {
  const ids = urls.map(fileIdOfUrl).filter((id): id is string => id !== null);
  await markFilesAttached(ctx.db, ids, ctx.now);
}

/**
 * Housekeeping: uploads no saved form used for a day (a photo chosen, then the form abandoned)
 * are removed, bytes first. Files in use are never touched, however old.
 */
export async function deleteUnattachedFiles(ctx: ServiceContext): Promise<number> {
  const before = new Date(ctx.now.getTime() - UNATTACHED_FILE_HOURS * 3600 * 1000);
  const rows = await listUnattachedBefore(ctx.db, before);
  const storage = fileStorage(ctx.env);
  for (const row of rows) await storage.delete(row.storage_key);
  await deleteFileRows(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.length;
}

/** What a page shows of attached files (type, size, where to open them), by id. */
export async function fileSummaries(ctx: ServiceContext, ids: string[]) {
  const rows = await findFilesByIds(ctx.db, [...new Set(ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, contentType: r.content_type, sizeBytes: r.size_bytes, url: fileUrl(ctx, r) },
    ]),
  );
}

/**
 * Deleting a person's data deletes their files: the stored bytes first (so no row is left pointing
 * at nothing it could not reach), then the rows (proofs keep their text; their file_id is cleared).
 * Returns how many files were removed.
 */
export async function deleteFilesOfOwner(ctx: ServiceContext, userId: string): Promise<number> {
  const rows = await listFilesOfOwner(ctx.db, userId);
  const storage = fileStorage(ctx.env);
  for (const row of rows) await storage.delete(row.storage_key);
  await deleteFileRows(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.length;
}
