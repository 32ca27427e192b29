import { localeSchema, nameSchema } from './profile.js';
import { z } from './zod.js';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address').max(254));

export const COMMON_PASSWORD_MESSAGE = 'This password is too common; choose another';

/**
 * A few of the most common passwords, checked in the browser too. The server refuses a much longer
 * list (apps/api/src/auth/common-passwords.ts; OWASP ASVS 6.2.4).
 */
export const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  'password',
  'password1',
  'password123',
  'qwertyuiop',
  'qwerty123',
  'iloveyou',
  '11111111',
  '00000000',
  'abc12345',
  'letmein1',
  'welcome1',
  'admin123',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  '1q2w3e4r',
  'passw0rd',
  'changeme',
]);

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`)
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), COMMON_PASSWORD_MESSAGE);

/**
 * A page of this site to come back to after signing up or in (`/jobs?q=...`): a path on this
 * origin only, never `//host` or a full URL, so a link cannot send anyone elsewhere.
 */
export const isSafeReturnPath = (path: string) =>
  path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');
export const returnPathSchema = z.string().max(1000).refine(isSafeReturnPath, 'Not a page of this site');

export const signUpInput = z.object({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
  /** Where the verification link leads back to (the page the person signed up from). */
  next: returnPathSchema.nullish(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX),
});

export const requestPasswordResetInput = z.object({ email: emailSchema });
export const resendVerificationInput = z.object({ email: emailSchema });

export const resetPasswordInput = z
  .object({
    token: z.string().min(1, 'This reset link is incomplete; open the link from the email again').max(2000),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  });

/** Asked when the reset page opens: can this link still set a password? */
export const resetTokenStatusInput = z.object({ token: z.string().min(1).max(2000) });
export const resetTokenStatusSchema = z.object({ usable: z.boolean() });

export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password'),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    message: 'The passwords do not match',
    path: ['confirmPassword'],
  });

export const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  emailVerified: z.boolean(),
  isAdmin: z.boolean(),
  employerIds: z.array(z.string()),
  chairOfCommitteeIds: z.array(z.string()),
  /** The language the person chose on their account; null until they choose one. */
  locale: localeSchema.nullable(),
});
export type SessionUserView = z.infer<typeof sessionUserSchema>;
export const okSchema = z.object({ ok: z.literal(true) });
