import { isSafeReturnPath, type SessionUserView } from '@societas/contracts';
import { isAPIError } from 'better-auth/api';
import { refuseCommonPassword } from '../../auth/common-passwords.js';
import { deviceNonceFor, issueDeviceCookie } from '../../auth/device-cookie.js';
import {
  clearRateLimit,
  hitRateLimits,
  type RateLimitRule,
  releaseRateLimits,
} from '../../auth/rate-limit.js';
import { AppError } from '../../errors.js';
import type { ServiceContext } from '../../lib/service-context.js';
import type { Context } from '../../trpc/context.js';
import { forwardAuthCookies, toFetchHeaders } from '../../trpc/context.js';
import { passwordChangedMail, queueMail } from '../mail/index.js';
import { societySettings } from '../settings/index.js';
import { findUserLocale } from './account.repository.js';
import { deleteResetTokensOf, usableResetToken } from './reset-tokens.repository.js';
import { chairedCommitteeIds, employerIdsFor } from './roles.repository.js';

/** A service context plus what better-auth needs: its API, the request (cookies) and the reply. */
export interface AuthServiceContext extends ServiceContext {
  auth: Context['auth'];
  req: Context['req'];
  res: Context['res'];
  /** The client address Fastify derived under TRUST_PROXY. */
  ip: string;
}

/** The auth service context of one request (tRPC or a plain route such as the verification link). */
export function authContext(
  ctx: Pick<Context, 'auth' | 'db' | 'env' | 'log' | 'req' | 'res' | 'ip' | 'user'>,
  now: Date = new Date(),
): AuthServiceContext {
  return {
    db: ctx.db,
    env: ctx.env,
    log: ctx.log,
    actor: ctx.user,
    requestId: String(ctx.req.id),
    now,
    auth: ctx.auth,
    req: ctx.req,
    res: ctx.res,
    ip: ctx.ip,
  };
}

type AuthCtx = AuthServiceContext;

/** The signed-in user as the web app sees them: who they are and which roles they hold. */
export async function sessionUser(
  db: ServiceContext['db'],
  user: NonNullable<Context['user']>,
): Promise<SessionUserView> {
  const [employerIds, chairOfCommitteeIds, locale] = await Promise.all([
    employerIdsFor(db, user.id),
    chairedCommitteeIds(db, user.id),
    findUserLocale(db, user.id),
  ]);
  const { id, name, email, emailVerified, role } = user;
  return {
    id,
    name,
    email,
    emailVerified,
    isAdmin: role === 'admin',
    employerIds,
    chairOfCommitteeIds,
    locale,
  };
}

const FIFTEEN_MINUTES = 15 * 60;
const HOUR = 60 * 60;

const tooMany = () =>
  new AppError('RATE_LIMITED', 'Too many attempts. Please wait a few minutes and try again.');

/**
 * Sign-in buckets, in the order they are counted (counting stops at the first one exceeded):
 * per IP, per account+IP, then a much higher per-account ceiling. Only failures stay counted.
 * One address can put at most SIGN_IN_ACCOUNT_IP_LIMIT failures per window into the account's
 * bucket, so a single attacker cannot reach the ceiling and keep the owner, signing in from
 * elsewhere, out (docs/reliability.md A8; docs/decisions/004-rate-limiting.md).
 */
export const SIGN_IN_IP_LIMIT = 30;
export const SIGN_IN_ACCOUNT_IP_LIMIT = 10;
export const SIGN_IN_ACCOUNT_LIMIT = 500;
/**
 * Failures allowed per device cookie (a browser that signed in to the account before) per 15 min.
 * Past it the cookie is no longer trusted and the attempt is counted like any other.
 */
export const SIGN_IN_DEVICE_LIMIT = 10;
/**
 * Sign-ups per address per hour: a conference booth or a campus behind one address signs many
 * people up in an hour. Each sign-up still mails only the address typed in (a taken address at most
 * once an hour), and the account itself is only usable once its owner confirms.
 */
export const SIGN_UP_IP_LIMIT = 300;

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
  await limit(ctx, [{ key: `sign-up:ip:${ctx.ip}`, limit: SIGN_UP_IP_LIMIT, windowSeconds: HOUR }]);
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

/**
 * Which buckets a sign-in counts against. A browser holding a valid device cookie for this account
 * (OWASP's device-cookie scheme) is counted against that cookie alone, so it passes the per-IP and
 * account-wide limits an attack from many addresses fills. Once the cookie's own limit is spent it
 * counts as untrusted again. Untrusted clients get the per-IP, per-account+IP and account rules.
 * Returns the rules counted and the trusted cookie's nonce (null when untrusted).
 */
async function countSignIn(ctx: AuthCtx, email: string) {
  const nonce = deviceNonceFor(ctx.req, ctx.env, email);
  if (nonce) {
    const rule = {
      key: `sign-in:device:${nonce}`,
      limit: SIGN_IN_DEVICE_LIMIT,
      windowSeconds: FIFTEEN_MINUTES,
    };
    if ((await hitRateLimits(ctx.db, [rule])).length === 0) return { trustedDevice: rule, rules: [] };
  }
  const rules = signInRules(ctx.ip, email);
  await limit(ctx, rules);
  return { trustedDevice: null, rules };
}

export async function signIn(ctx: AuthCtx, input: { email: string; password: string }) {
  // The attempt takes a slot in its buckets before the password is checked (so parallel guesses
  // are counted too) and gives it back if it succeeds: only failures stay counted.
  const { trustedDevice, rules } = await countSignIn(ctx, input.email);
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
  if (trustedDevice) {
    await clearRateLimit(ctx.db, trustedDevice.key);
  } else {
    const [ipRule, accountIpRule, accountRule] = rules;
    await releaseRateLimits(ctx.db, [ipRule!.key, accountRule!.key]);
    await clearRateLimit(ctx.db, accountIpRule!.key);
  }
  // This browser has now proved it knows the password: it is trusted for this account from now on.
  issueDeviceCookie(ctx.res, ctx.env, input.email);
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

/**
 * Whether a reset link can still be used, so the page says so when it opens instead of after the
 * new password is typed twice. The answer is only yes or no (no account is named), and it is
 * rate-limited per address like the reset itself: tokens are 24 random characters, not guessable.
 */
export async function resetTokenStatus(ctx: AuthCtx, input: { token: string }) {
  await limit(ctx, [{ key: `reset-check:ip:${ctx.ip}`, limit: 30, windowSeconds: FIFTEEN_MINUTES }]);
  return { usable: (await usableResetToken(ctx.db, input.token)) !== null };
}

export async function resetPassword(ctx: AuthCtx, input: { token: string; password: string }) {
  // Before the token is used, so the link still works with a better password.
  refuseCommonPassword(input.password, 'password');
  await limit(ctx, [{ key: `reset-confirm:ip:${ctx.ip}`, limit: 20, windowSeconds: FIFTEEN_MINUTES }]);
  const owner = await usableResetToken(ctx.db, input.token);
  try {
    await ctx.auth.api.resetPassword({
      body: { token: input.token, newPassword: input.password },
      headers: toFetchHeaders(ctx.req),
    });
  } catch (error) {
    translate(error);
  }
  if (owner) {
    // The password changed: every other link mailed before now is dead too.
    await deleteResetTokensOf(ctx.db, owner.userId);
    // Opening the emailed link proved the mailbox: this browser may now sign in past an attack on
    // the account (the untrusted client's way back in when the account-wide limit is reached).
    issueDeviceCookie(ctx.res, ctx.env, owner.email);
  }
  return { ok: true as const };
}

export async function changePassword(
  ctx: AuthCtx,
  user: { id: string; email: string; name: string },
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
  // An old reset link must not undo the new password.
  await deleteResetTokensOf(ctx.db, user.id);
  await queueMail(
    ctx.db,
    user.email,
    'password_changed',
    passwordChangedMail((await societySettings(ctx)).name, user.name),
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
