import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '../env.js';
import { appendSetCookies } from '../trpc/context.js';

/**
 * OWASP's device cookie (docs/decisions/004-rate-limiting.md, "Device cookies"): a browser that
 * signed in to an account, or reset its password from the emailed link, gets a cookie that names
 * the account and a random nonce, signed with AUTH_SECRET. Sign-in from a browser presenting a
 * valid one for the account being signed in to is counted against that cookie only, so an attack
 * on the account from many addresses (the account-wide ceiling) does not keep its owner out.
 * The account is not in the cookie in clear: the signature covers it, and the check recomputes it
 * from the email being signed in to.
 */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

type DeviceEnv = Pick<Env, 'AUTH_SECRET' | 'secureCookies'>;

/** `__Host-` in secure mode: the browser then insists on Secure, Path=/ and no Domain. */
export function deviceCookieName(env: Pick<Env, 'secureCookies'>): string {
  return env.secureCookies ? '__Host-societas.device' : 'societas.device';
}

function signature(env: DeviceEnv, email: string, nonce: string): Buffer {
  return createHmac('sha256', env.AUTH_SECRET).update(`device-cookie:v1:${email}:${nonce}`).digest();
}

function readCookie(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The cookie's nonce when this browser holds a valid device cookie for `email`, otherwise null. */
export function deviceNonceFor(req: FastifyRequest, env: DeviceEnv, email: string): string | null {
  const value = readCookie(req, deviceCookieName(env));
  const [nonce, sig, ...rest] = (value ?? '').split('.');
  if (!nonce || !sig || rest.length > 0 || !/^[\w-]{22}$/.test(nonce)) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(env, email, nonce);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}

/** Gives this browser a new device cookie for `email` (a fresh nonce, so a used one is retired). */
export function issueDeviceCookie(res: FastifyReply, env: DeviceEnv, email: string): void {
  const nonce = randomBytes(16).toString('base64url');
  const value = `${nonce}.${signature(env, email, nonce).toString('base64url')}`;
  const cookie = [
    `${deviceCookieName(env)}=${value}`,
    'Path=/',
    `Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(env.secureCookies ? ['Secure'] : []),
  ].join('; ');
  appendSetCookies(res, [cookie]);
}
