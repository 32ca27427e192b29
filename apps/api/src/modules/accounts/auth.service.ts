import { isSafeReturnPath } from '@societas/contracts';
import { isAPIError } from 'better-auth/api';
import { refuseCommonPassword } from '../../auth/common-passwords.js';
import {
  clearRateLimit,
  hitRateLimits,
  type RateLimitRule,
  releaseRateLimits,
} from '../../auth/rate-limit.js';
import { AppError } from '../../errors.js';
import type { Context } from '../../trpc/context.js';
import { forwardAuthCookies, toFetchHeaders } from '../../trpc/context.js';
import { queueMail } from '../mail/mail.service.js';
import { passwordChangedMail } from '../mail/mail.templates.js';

type AuthCtx = Pick<Context, 'auth' | 'db' | 'env' | 'req' | 'res' | 'ip' | 'log'>;

const FIFTEEN_MINUTES = 15 * 60;
const HOUR = 60 * 60;

const tooMany = () =>
  new AppError('RATE_LIMITED', 'Too many attempts. Please wait a few minutes and try again.');

/**
 * Sign-in buckets, in the order they are counted (counting stops at the first one exceeded):
 * per IP, per account+IP, then a much higher per-account ceiling. Only failures stay counted.
 * One address can put at most SIGN_IN_ACCOUNT_IP_LIMIT failures per window into the account's
 * bucket, so a single attacker cannot reach the ceiling and keep the owner, signing in from
 * elsewhere, out (RELIABILITY accounts 8; docs/decisions/004-rate-limiting.md).
 */
export const SIGN_IN_IP_LIMIT = 30;
export const SIGN_IN_ACCOUNT_IP_LIMIT = 10;
export const SIGN_IN_ACCOUNT_LIMIT = 500;

function signInRules(ip: string, email: string): RateLimitRule[] {
  return [
    { key: `sign-in:ip:${ip}`, limit: SIGN_IN_IP_LIMIT, windowSeconds: FIFTEEN_MINUTES },
    {
      key: `sign-in:account-ip:${email}:${ip}`,
      limit: SIGN_IN_ACCOUNT_IP_LIMIT,
      windowSeconds: FIFTEEN_MINUTES,
    },
    { key: `sign-in:account:${email}`, limit: SIGN_IN_ACCOUNT_LIMIT, windowSeconds: HOUR },
  ];
}

async function limit(ctx: AuthCtx, rules: RateLimitRule[]) {
  const exceeded = await hitRateLimits(ctx.db, rules);
  if (exceeded.length > 0) {
    ctx.log.warn({ rules: exceeded.map((r) => r.key.split(':').slice(0, 2).join(':')) }, 'rate limit hit');
    throw tooMany();
  }
}

/** better-auth's error codes, turned into our messages. Unknown ones are unexpected and rethrown. */
function translate(error: unknown): never {
  if (isAPIError(error)) {
    const code = (error.body as { code?: string } | undefined)?.code;
    switch (code) {
      case 'INVALID_EMAIL_OR_PASSWORD':
        throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect.');
      case 'EMAIL_NOT_VERIFIED':
        throw new AppError(
          'FORBIDDEN',
          'Please confirm your email address first. We have sent you a new confirmation link.',
        );
      case 'INVALID_TOKEN':
        throw new AppError('BAD_INPUT', 'This link is invalid or has expired. Please ask for a new one.');
      case 'INVALID_PASSWORD':
        throw new AppError('BAD_INPUT', 'Your current password is incorrect.', {
          currentPassword: ['Your current password is incorrect.'],
        });
      case 'PASSWORD_TOO_SHORT':
      case 'PASSWORD_TOO_LONG':
        throw new AppError('BAD_INPUT', 'Choose a password of 8 to 128 characters.', {
          password: ['Choose a password of 8 to 128 characters.'],
        });
      case 'USER_ALREADY_EXISTS':
      case 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL':
      // A signed-in user asked for another address's verification link: same answer, no mail.
      case 'EMAIL_MISMATCH':
        // Not expected (enumeration protection answers like a new sign-up), but never reveal it.
        return undefined as never;
    }
  }
  throw error;
}

export async function signUp(
  ctx: AuthCtx,
  input: { name: string; email: string; password: string; next?: string | null },
) {
  refuseCommonPassword(input.password, 'password');
  await limit(ctx, [{ key: `sign-up:ip:${ctx.ip}`, limit: 20, windowSeconds: HOUR }]);
  try {
    await ctx.auth.api.signUpEmail({
      // better-auth carries callbackURL into the verification mail (auth.ts) as our `next`.
      body: {
        name: input.name,
        email: input.email,
        password: input.password,
        ...(input.next ? { callbackURL: input.next } : {}),
      },
      headers: toFetchHeaders(ctx.req),
    });
  } catch (error) {
    translate(error);
  }
  return { ok: true as const };
}

export async function signIn(ctx: AuthCtx, input: { email: string; password: string }) {
  // The attempt takes a slot in every bucket before the password is checked (so parallel guesses
  // are counted too) and gives it back if it succeeds: only failures stay counted.
  const rules = signInRules(ctx.ip, input.email);
  await limit(ctx, rules);
  try {
    const { headers } = await ctx.auth.api.signInEmail({
      body: { email: input.email, password: input.password, rememberMe: true },
      headers: toFetchHeaders(ctx.req),
      returnHeaders: true,
    });
    forwardAuthCookies(ctx.res, headers);
  } catch (error) {
    translate(error);
  }
  const [ipRule, accountIpRule, accountRule] = rules;
  await releaseRateLimits(ctx.db, [ipRule!.key, accountRule!.key]);
  await clearRateLimit(ctx.db, accountIpRule!.key);
  return { ok: true as const };
}

export async function signOut(ctx: AuthCtx) {
  const { headers } = await ctx.auth.api.signOut({ headers: toFetchHeaders(ctx.req), returnHeaders: true });
  forwardAuthCookies(ctx.res, headers);
  return { ok: true as const };
}

export async function requestPasswordReset(ctx: AuthCtx, input: { email: string }) {
  await limit(ctx, [
    { key: `reset:ip:${ctx.ip}`, limit: 10, windowSeconds: FIFTEEN_MINUTES },
    { key: `reset:account:${input.email}`, limit: 5, windowSeconds: HOUR },
  ]);
  try {
    // Same answer whether or not the address has an account (no enumeration).
    await ctx.auth.api.requestPasswordReset({
      body: { email: input.email, redirectTo: `${ctx.env.PUBLIC_URL}/reset-password` },
      headers: toFetchHeaders(ctx.req),
    });
  } catch (error) {
    translate(error);
  }
  return { ok: true as const };
}

export async function resetPassword(ctx: AuthCtx, input: { token: string; password: string }) {
  // Before the token is used, so the link still works with a better password.
  refuseCommonPassword(input.password, 'password');
  await limit(ctx, [{ key: `reset-confirm:ip:${ctx.ip}`, limit: 20, windowSeconds: FIFTEEN_MINUTES }]);
  try {
    await ctx.auth.api.resetPassword({
      body: { token: input.token, newPassword: input.password },
      headers: toFetchHeaders(ctx.req),
    });
  } catch (error) {
    translate(error);
  }
  return { ok: true as const };
}

export async function changePassword(
  ctx: AuthCtx,
  user: { email: string; name: string },
  input: { currentPassword: string; newPassword: string },
) {
  refuseCommonPassword(input.newPassword, 'newPassword');
  await limit(ctx, [
    { key: `change-password:account:${user.email}`, limit: 10, windowSeconds: FIFTEEN_MINUTES },
  ]);
  try {
    const { headers } = await ctx.auth.api.changePassword({
      body: {
        currentPassword: input.currentPassword,
        newPassword: input.newPassword,
        revokeOtherSessions: true,
      },
      headers: toFetchHeaders(ctx.req),
      returnHeaders: true,
    });
    forwardAuthCookies(ctx.res, headers);
  } catch (error) {
    translate(error);
  }
  await queueMail(
    ctx.db,
    user.email,
    'password_changed',
    passwordChangedMail(ctx.env.SOCIETY_NAME, user.name),
  );
  return { ok: true as const };
}

export async function resendVerification(ctx: AuthCtx, input: { email: string }) {
  await limit(ctx, [
    { key: `verify-resend:ip:${ctx.ip}`, limit: 10, windowSeconds: FIFTEEN_MINUTES },
    { key: `verify-resend:account:${input.email}`, limit: 5, windowSeconds: HOUR },
  ]);
  const user = await ctx.db
    .selectFrom('users')
    .select(['email', 'email_verified'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  // Only unverified accounts get a link; the answer is the same either way.
  if (user && !user.email_verified) {
    try {
      await ctx.auth.api.sendVerificationEmail({
        body: { email: input.email },
        headers: toFetchHeaders(ctx.req),
      });
    } catch (error) {
      translate(error);
    }
  }
  return { ok: true as const };
}

/**
 * The link in the verification mail lands here (a plain GET, not tRPC); returns where to go next.
 * Only the click that verifies signs in: better-auth answers a link for an already-verified address
 * without a session (auth.int.test.ts checks this against the installed version).
 */
/** Verifies the link's token and answers where to send the browser (with the return path, if any). */
export async function verifyEmailLink(ctx: AuthCtx, token: string, next?: string | null): Promise<string> {
  try {
    const { headers } = await ctx.auth.api.verifyEmail({
      query: { token },
      headers: toFetchHeaders(ctx.req),
      returnHeaders: true,
    });
    forwardAuthCookies(ctx.res, headers);
    return next && isSafeReturnPath(next)
      ? `/verify-email?status=ok&next=${encodeURIComponent(next)}`
      : '/verify-email?status=ok';
  } catch (error) {
    if (isAPIError(error)) return '/verify-email?error=invalid_token';
    throw error;
  }
}
