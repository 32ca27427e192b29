import type { AppErrorCode, FieldErrors } from '@societas/contracts';

/**
 * The one domain error. `message` is safe to show to the user; `fieldErrors` point at form fields.
 * Anything else thrown is unexpected: logged with the request id, shown as a short message.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`);
export const forbidden = (message = 'You do not have access to this.') => new AppError('FORBIDDEN', message);
