import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: this file is apps/api/src/env.ts, or bundled into apps/api/dist/main.js. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY lists. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isProxyAddress = (entry: string) => {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};

/**
 * Which proxies' X-Forwarded-For to believe, in the forms Fastify's `trustProxy` takes:
 * `false` (none), a comma-separated list of proxy addresses, CIDRs or the names `loopback`,
 * `linklocal`, `uniquelocal` (the client is the nearest address not in the list), or `true` (every
 * hop: the leftmost address wins, so only safe behind a proxy that *replaces* the header).
 * Hop counts are refused: Fastify 5 ignores them (they cannot check the immediate peer).
 */
const trustProxySchema = z
  .string()
  .optional()
  .transform((value, ctx): boolean | string[] => {
    const v = (value ?? 'false').trim();
    if (v === 'false' || v === '0' || v === '') return false;
    if (v === 'true' || v === '1') return true;
    const entries = v.split(',').map((e) => e.trim());
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'TRUST_PROXY must be true, false, or proxy addresses/CIDRs like 10.0.0.0/8,127.0.0.1 (or loopback, linklocal, uniquelocal); hop counts are not supported',
    });
    return z.NEVER;
  });

/** https, or http on a loopback host (where browsers keep Secure cookies too). */
function isSecureOrigin(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}

/**
 * Every setting the server reads. This module is the only reader of process.env (see biome.json);
 * docs/operations.md lists these variables.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url({ message: 'PUBLIC_URL must be a URL like https://members.example.org' }).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    DATA_DIR: z.string().min(1).default(join(REPO_ROOT, '.data')),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Societas <no-reply@societas.test>'),
    SOCIETY_NAME: z.string().min(1).default('Societas'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    /**
     * Background work (scheduled tasks, mail delivery) in this process: 'inline' runs the worker
     * inside the API; 'off' leaves it to `npm run worker`; 'auto' = inline on the embedded database.
     */
    WORKER: z.enum(['auto', 'inline', 'off']).default('auto'),
    /**
     * Job search: 'on' keeps a bounded cache of each searched text's matches in front of the SQL,
     * following every write (one listening connection); 'off' asks PostgreSQL on every search.
     */
    JOB_SEARCH_CACHE: z.enum(['on', 'off']).default('on'),
    TRUST_PROXY: trustProxySchema,
    WEB_DIST_DIR: z.string().default(join(REPO_ROOT, 'apps/web/dist')),
    STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'STRIPE_SECRET_KEY must start with sk_').optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .startsWith('whsec_', 'STRIPE_WEBHOOK_SECRET must start with whsec_')
      .optional(),
    /** Tests only: send the Stripe SDK's requests to a local stand-in, e.g. http://127.0.0.1:12111. */
    STRIPE_API_BASE: z
      .url({ message: 'STRIPE_API_BASE must be a URL like http://127.0.0.1:12111' })
      .optional(),
    /**
     * 'off': this installation takes no card payments (no Stripe account): checkout answers that
     * payments are unavailable, never the test-mode page. Required in production without a key.
     */
    PAYMENTS: z.enum(['on', 'off'], { message: "PAYMENTS must be 'on' or 'off'" }).default('on'),
    /** The currency membership prices are charged in (plan_prices rows in this currency are used). */
    MEMBERSHIP_CURRENCY: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'MEMBERSHIP_CURRENCY must be a three-letter code like USD')
      .transform((v) => v.toUpperCase())
      .default('USD'),
    /**
     * Uploaded files go to an S3-compatible bucket (S3, R2, MinIO) when S3_BUCKET is set, else to
     * local disk under DATA_DIR/files (ADR 018).
     */
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name like societas-files')
      .optional(),
    /** Unset for AWS S3; the service's address for R2, MinIO and others, e.g. http://minio:9000. */
    S3_ENDPOINT: z.url({ message: 'S3_ENDPOINT must be a URL like http://minio:9000' }).optional(),
    /**
     * Where browsers reach the bucket, when not at S3_ENDPOINT (a container network name): signed
     * links to private files are made for this address.
     */
    S3_PUBLIC_ENDPOINT: z
      .url({ message: 'S3_PUBLIC_ENDPOINT must be a URL like https://files.example.org' })
      .optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style addresses (endpoint/bucket/key), which MinIO and most stand-ins need. */
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'], { message: "S3_FORCE_PATH_STYLE must be 'true' or 'false'" })
      .optional(),
  })
  .superRefine((env, ctx) => {
    const s3Settings = [
      'S3_ENDPOINT',
      'S3_PUBLIC_ENDPOINT',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
    ] as const;
    if (!env.S3_BUCKET) {
      for (const name of s3Settings.filter((n) => env[n])) {
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} is set but S3_BUCKET is not` });
      }
    } else {
      for (const name of ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[name]) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `${name} is required when S3_BUCKET is set`,
          });
        }
      }
    }
    if (env.STRIPE_SECRET_KEY?.startsWith('sk_live_') && env.NODE_ENV !== 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message:
          'A live Stripe key (sk_live_) is only accepted with NODE_ENV=production; use an sk_test_ key here',
      });
    }
    if (env.NODE_ENV === 'production' && env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_WEBHOOK_SECRET'],
        message: 'STRIPE_WEBHOOK_SECRET is required in production when STRIPE_SECRET_KEY is set',
      });
    }
    // Production never offers the free test-mode checkout (issue 19): a Stripe key, or PAYMENTS=off.
    if (env.NODE_ENV === 'production' && !env.STRIPE_SECRET_KEY && env.PAYMENTS !== 'off') {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_SECRET_KEY'],
        message:
          'STRIPE_SECRET_KEY is required in production; set PAYMENTS=off if this installation takes no card payments',
      });
    }
    if (env.PAYMENTS === 'off' && env.STRIPE_SECRET_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['PAYMENTS'],
        message: 'PAYMENTS=off takes no card payments: unset STRIPE_SECRET_KEY, or set PAYMENTS=on',
      });
    }
    if (env.NODE_ENV === 'production' && env.STRIPE_API_BASE) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_API_BASE'],
        message: 'STRIPE_API_BASE is for tests only',
      });
    }
    if (env.NODE_ENV === 'production' && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_SECRET'],
        message: 'AUTH_SECRET is required in production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'PUBLIC_URL is required in production' });
    }
    // Production cookies are always Secure; browsers drop those over plain http except on loopback.
    if (env.NODE_ENV === 'production' && env.PUBLIC_URL && !isSecureOrigin(env.PUBLIC_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message:
          'PUBLIC_URL must start with https:// in production (session cookies are Secure); http:// is accepted only for localhost',
      });
    }
  });

export type RawEnv = z.infer<typeof envSchema>;

export interface BillingConfig {
  /**
   * 'stripe': real Stripe (or the test stand-in); 'local': the built-in test-mode checkout page;
   * 'off': no card payments at all (PAYMENTS=off).
   */
  mode: 'stripe' | 'local' | 'off';
  /** Events whose livemode differs from this are refused. */
  livemode: boolean;
  /** Verifies webhook signatures; null when a Stripe key is set without a webhook secret. */
  webhookSecret: string | null;
  /** Where the SDK sends requests (tests); undefined = api.stripe.com. */
  apiBase?: { host: string; port: number; protocol: 'http' | 'https' };
}

export interface S3Config {
  bucket: string;
  endpoint?: string;
  /** The endpoint signed links are made for (defaults to `endpoint`). */
  publicEndpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export interface Env extends RawEnv {
  billing: BillingConfig;
  /** The bucket uploaded files go to; null: local disk under DATA_DIR/files. */
  s3: S3Config | null;
  PUBLIC_URL: string;
  AUTH_SECRET: string;
  /** Mail stays in the outbox (dev mailbox) instead of going out by SMTP. */
  devMailbox: boolean;
  isProduction: boolean;
  /** Session cookies get Secure and the __Secure- prefix: always in production, and on https. */
  secureCookies: boolean;
}

export class EnvError extends Error {}

/** For the process entry points: the parsed settings, or the message naming what is wrong and exit 1. */
export function parseEnvOrExit(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Empty strings count as unset, as in most .env loaders. */
function withoutEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string
  >;
}

/**
 * A development secret kept under DATA_DIR so sessions survive restarts without configuration.
 * Production must set AUTH_SECRET (enforced above).
 */
function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = envSchema.safeParse(withoutEmpty(source));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const raw = result.data;
  const authSecret = raw.AUTH_SECRET ?? developmentSecret(raw.DATA_DIR);
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, '');
  return {
    ...raw,
    billing: billingConfig(raw, authSecret),
    s3: raw.S3_BUCKET
      ? {
          bucket: raw.S3_BUCKET,
          endpoint: raw.S3_ENDPOINT,
          publicEndpoint: raw.S3_PUBLIC_ENDPOINT,
          region: raw.S3_REGION,
          accessKeyId: raw.S3_ACCESS_KEY_ID!,
          secretAccessKey: raw.S3_SECRET_ACCESS_KEY!,
          // A custom endpoint (MinIO, a stand-in) usually has no per-bucket host names.
          forcePathStyle: raw.S3_FORCE_PATH_STYLE
            ? raw.S3_FORCE_PATH_STYLE === 'true'
            : Boolean(raw.S3_ENDPOINT),
        }
      : null,
    PUBLIC_URL: publicUrl,
    secureCookies: raw.NODE_ENV === 'production' || publicUrl.startsWith('https://'),
    AUTH_SECRET: authSecret,
    devMailbox: !raw.SMTP_URL,
    isProduction: raw.NODE_ENV === 'production',
  };
}

/**
 * Without a Stripe key the local checkout signs its events with a secret derived from AUTH_SECRET,
 * so the one webhook route verifies every event the same way.
 */
function billingConfig(raw: RawEnv, authSecret: string): BillingConfig {
  const mode = raw.STRIPE_SECRET_KEY ? 'stripe' : raw.PAYMENTS === 'off' ? 'off' : 'local';
  const localSecret = `whsec_${createHmac('sha256', authSecret).update('societas-local-stripe-webhook').digest('base64url')}`;
  const config: BillingConfig = {
    mode,
    livemode: raw.STRIPE_SECRET_KEY?.startsWith('sk_live_') ?? false,
    webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? (mode === 'stripe' ? null : localSecret),
  };
  if (raw.STRIPE_API_BASE) {
    const url = new URL(raw.STRIPE_API_BASE);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    config.apiBase = {
      host: url.hostname,
      port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
      protocol,
    };
  }
  return config;
}
