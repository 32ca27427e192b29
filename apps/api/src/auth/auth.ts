import { isSafeReturnPath, PASSWORD_MAX, PASSWORD_MIN } from '@societas/contracts';
import type { DB } from '@societas/db';
import { hashPassword, verifyPassword } from '@societas/db';
import { betterAuth } from 'better-auth';
import type { Env } from '../env.js';
import {
  existingAccountSignUpMail,
  passwordResetMail,
  queueMail,
  verificationMail,
} from '../modules/mail/index.js';
import { societySettings } from '../modules/settings/index.js';
import { hitRateLimits } from './rate-limit.js';
import { DAY, SESSION_IDLE_SECONDS } from './session-lifetime.js';

/**
 * better-auth owns accounts, sessions, tokens and password hashing (argon2id via @node-rs/argon2).
 * Our tables are snake_case; these maps tell better-auth the column names.
 * See docs/decisions/003-better-auth.md.
 */
export function createAuth(options: { db: DB; env: Env }) {
  const { db, env } = options;
  // Mails name the society as its settings do at the time they are sent.
  const society = async () => (await societySettings({ db, env })).name;
  const timestamps = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;
  return betterAuth({
    appName: 'Societas',
    baseURL: env.PUBLIC_URL,
    basePath: '/api/auth',
    secret: env.AUTH_SECRET,
    database: { db, type: 'postgres' },
    trustedOrigins: [env.PUBLIC_URL],
    // Our own throttling runs in the tRPC procedures (shared across replicas in Postgres).
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    user: {
      modelName: 'users',
      fields: { emailVerified: 'email_verified', ...timestamps },
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'user', input: false },
      },
    },
    session: {
      modelName: 'sessions',
      fields: {
        userId: 'user_id',
        expiresAt: 'expires_at',
        ipAddress: 'ip_address',
        userAgent: 'user_agent',
        ...timestamps,
      },
      expiresIn: SESSION_IDLE_SECONDS,
      updateAge: DAY,
    },
    account: {
      modelName: 'accounts',
      fields: {
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        ...timestamps,
      },
    },
    verification: {
      modelName: 'verifications',
      fields: { expiresAt: 'expires_at', ...timestamps },
    },
    advanced: {
      cookiePrefix: 'societas',
      useSecureCookies: env.secureCookies,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // toFetchHeaders puts the client address Fastify worked out (TRUST_PROXY) in this header.
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: true,
      autoSignIn: false,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => verifyPassword(hash, password),
      },
      sendResetPassword: async ({ user, token }) => {
        const url = `${env.PUBLIC_URL}/reset-password?token=${encodeURIComponent(token)}`;
        await queueMail(db, user.email, 'password_reset', passwordResetMail(await society(), user.name, url));
      },
      // Sign-up with a taken email answers exactly like a new sign-up; the owner gets this note,
      // at most once an hour however often someone tries (no mail-bombing through sign-up).
      onExistingUserSignUp: async ({ user }) => {
        const repeated = await hitRateLimits(db, [
          { key: `existing-account-notice:${user.email.toLowerCase()}`, limit: 1, windowSeconds: 60 * 60 },
        ]);
        if (repeated.length > 0) return;
        await queueMail(
          db,
          user.email,
          'existing_account',
          existingAccountSignUpMail(
            await society(),
            user.name,
            `${env.PUBLIC_URL}/sign-in`,
            `${env.PUBLIC_URL}/forgot-password`,
          ),
        );
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      sendOnSignIn: true,
      autoSignInAfterVerification: true,
      expiresIn: DAY,
      sendVerificationEmail: async ({ user, token, url: betterAuthUrl }) => {
        // The page the person signed up from (sign-up's callbackURL), carried through the link.
        const next = new URL(betterAuthUrl).searchParams.get('callbackURL');
        const back =
          next && next !== '/' && isSafeReturnPath(next) ? `&next=${encodeURIComponent(next)}` : '';
        const url = `${env.PUBLIC_URL}/api/auth/verify-email?token=${encodeURIComponent(token)}${back}`;
        await queueMail(db, user.email, 'verify_email', verificationMail(await society(), user.name, url));
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
