import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Env, S3Config } from '../../env.js';

/**
 * Where uploaded bytes live (ADR 018). Rows in `files` say whose they are; a store only keeps
 * bytes under a key. Local disk (under DATA_DIR) by default so `npm start` needs nothing; an
 * S3-compatible bucket (S3, R2, MinIO) when S3_BUCKET is set.
 */
export interface FileStorage {
  readonly kind: 'disk' | 's3';
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /**
   * A link to a private file that works until `expiresAt` and for nobody after: an S3 presigned
   * GET, or on disk our own content route with an HMAC over the id and the expiry.
   */
  signedUrl(
    file: { id: string; storageKey: string; contentType: string },
    now: Date,
    expiresAt: Date,
  ): Promise<string>;
}

/** How long a private file's link works: long enough to open it, short enough not to be shared. */
export const SIGNED_URL_SECONDS = 300;

/** The content route of a file: the stable public address, or (with a signature) a private one. */
export const fileContentPath = (id: string) => `/api/files/${id}/content`;

function urlSigningKey(env: Env): Buffer {
  return createHmac('sha256', env.AUTH_SECRET).update('societas-file-url').digest();
}

export function signFileUrl(env: Env, id: string, expiresAtSeconds: number): string {
  return createHmac('sha256', urlSigningKey(env)).update(`${id}.${expiresAtSeconds}`).digest('base64url');
}

export type SignatureCheck = 'valid' | 'expired' | 'invalid';

export function checkFileUrlSignature(
  env: Env,
  id: string,
  expires: string | undefined,
  signature: string | undefined,
  now: Date,
): SignatureCheck {
  if (!expires || !signature || !/^\d{1,12}$/.test(expires)) return 'invalid';
  const expected = Buffer.from(signFileUrl(env, id, Number(expires)));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return Number(expires) * 1000 <= now.getTime() ? 'expired' : 'valid';
}

export class DiskStorage implements FileStorage {
  readonly kind = 'disk';
  constructor(
    private readonly root: string,
    private readonly env: Env,
  ) {}

  /** Keys are ours (uuid-based), but a key never leaves the root, whatever it holds. */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`file key outside the store: ${key}`);
    return path;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes, { mode: 0o600 });
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async signedUrl(file: { id: string }, _now: Date, expiresAt: Date): Promise<string> {
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const signature = signFileUrl(this.env, file.id, expires);
    return `${this.env.PUBLIC_URL}${fileContentPath(file.id)}?expires=${expires}&signature=${signature}`;
  }
}

export class S3Storage implements FileStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  /** Presigning is offline; this client only makes links for the address browsers reach. */
  private readonly linkClient: S3Client;
  constructor(
    private readonly bucket: string,
    config: S3Config,
  ) {
    const clientFor = (endpoint: string | undefined) =>
      new S3Client({
        region: config.region,
        endpoint,
        forcePathStyle: config.forcePathStyle,
        credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      });
    this.client = clientFor(config.endpoint);
    this.linkClient = config.publicEndpoint ? clientFor(config.publicEndpoint) : this.client;
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async signedUrl(
    file: { storageKey: string; contentType: string },
    now: Date,
    expiresAt: Date,
  ): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: file.storageKey,
      ResponseContentType: file.contentType,
      ResponseContentDisposition: 'inline',
    });
    return getSignedUrl(this.linkClient, command, {
      signingDate: now,
      expiresIn: Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 1000)),
    });
  }
}

const stores = new WeakMap<Env, FileStorage>();

/** The store the settings name, made once per settings object (one S3 client per process). */
export function fileStorage(env: Env): FileStorage {
  let store = stores.get(env);
  if (!store) {
    store = env.s3 ? new S3Storage(env.s3.bucket, env.s3) : new DiskStorage(join(env.DATA_DIR, 'files'), env);
    stores.set(env, store);
  }
  return store;
}
