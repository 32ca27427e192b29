/**
 * The error codes both sides understand. Services throw `AppError(code, message)`;
 * the tRPC error formatter maps the code to an HTTP status and the web app shows the message.
 */
export const APP_ERROR_CODES = [
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYMENT_REQUIRED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export const APP_ERROR_HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYMENT_REQUIRED: 402,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Field errors keyed by the dotted path of the input field, e.g. `{ "email": ["Enter a valid email"] }`. */
export type FieldErrors = Record<string, string[]>;

/** The `data` every tRPC error carries to the browser. No stack, no SQL. */
export interface AppErrorData {
  appCode: AppErrorCode;
  httpStatus: number;
  fieldErrors?: FieldErrors;
  requestId?: string;
}
