import { COMMON_PASSWORD_MESSAGE, COMMON_PASSWORDS, PASSWORD_MIN } from '@societas/contracts';
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.js';

/**
 * The server's list of common passwords (OWASP ASVS 6.2.4): zxcvbn-ts's frequency-ranked list of
 * ~49,000 leaked passwords, of which ~18,000 are long enough to pass our minimum length, plus the
 * short list in contracts that the browser checks. Server-side only: the list is ~0.5 MB.
 * See docs/decisions/010-common-password-list.md.
 */
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set([
    ...dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN).map((p) => p.toLowerCase()),
    ...COMMON_PASSWORDS,
  ]);
  return common.has(password.toLowerCase());
}

/** Refuses a common password as a field error on `field` (the form shows it next to that input). */
export function refuseCommonPassword(password: string, field: string): void {
  if (isCommonPassword(password)) {
    throw new AppError('BAD_INPUT', COMMON_PASSWORD_MESSAGE, { [field]: [COMMON_PASSWORD_MESSAGE] });
  }
}
