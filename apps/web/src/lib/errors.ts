import { APP_ERROR_CODES, type AppErrorCode, type AppErrorData, type FieldErrors } from '@societas/contracts';

/**
 * Reading errors from the API. Every tRPC error carries `AppErrorData` in `error.data`
 * (see packages/contracts/src/errors.ts); these helpers turn any thrown value into something a
 * page can show: a message, the field errors keyed by form path, and the request id to quote.
 *
 * Pure functions with no tRPC or React imports so they can be unit-tested in node.
 */

export interface ReadableError {
  /** What to show the person. Never a stack trace. */
  message: string;
  appCode: AppErrorCode | undefined;
  httpStatus: number | undefined;
  fieldErrors: FieldErrors;
  requestId: string | undefined;
}

export const NETWORK_ERROR_MESSAGE =
  'We could not reach the server. Check your connection and try again in a moment.';
export const UNKNOWN_ERROR_MESSAGE = 'Something went wrong on our side. Please try again.';

const APP_CODES: ReadonlySet<string> = new Set(APP_ERROR_CODES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readFieldErrors(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const result: FieldErrors = {};
  for (const [key, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      const strings = messages.filter((m): m is string => typeof m === 'string' && m.length > 0);
      if (strings.length > 0) result[key] = strings;
    } else if (typeof messages === 'string' && messages.length > 0) {
      result[key] = [messages];
    }
  }
  return result;
}

/** The `AppErrorData` of an error, if it carries one (a TRPCClientError from our API does). */
export function getAppErrorData(error: unknown): Partial<AppErrorData> | undefined {
  if (!isRecord(error) || !isRecord(error.data)) return undefined;
  const data = error.data;
  const appCode = typeof data.appCode === 'string' && APP_CODES.has(data.appCode) ? data.appCode : undefined;
  return {
    appCode: appCode as AppErrorCode | undefined,
    httpStatus: typeof data.httpStatus === 'number' ? data.httpStatus : undefined,
    fieldErrors: readFieldErrors(data.fieldErrors),
    requestId: typeof data.requestId === 'string' && data.requestId ? data.requestId : undefined,
  };
}

function looksLikeNetworkFailure(message: string): boolean {
  return /failed to fetch|networkerror|network request failed|load failed|fetch failed|unexpected token </i.test(
    message,
  );
}

/** Normalise anything thrown by a query or mutation. */
export function readError(error: unknown): ReadableError {
  const data = getAppErrorData(error);
  const rawMessage =
    isRecord(error) && typeof error.message === 'string'
      ? error.message
      : typeof error === 'string'
        ? error
        : '';

  let message = rawMessage.trim();
  // The server already appends "Reference: <id>" to unexpected errors; keep it once, at the end.
  if (data?.requestId) message = message.replace(` Reference: ${data.requestId}`, '').trim();
  if (!data?.appCode) {
    // No AppErrorData: the request never reached our API (offline, proxy down, HTML error page).
    if (!message || looksLikeNetworkFailure(message)) message = NETWORK_ERROR_MESSAGE;
  }
  if (!message) message = UNKNOWN_ERROR_MESSAGE;

  return {
    message,
    appCode: data?.appCode,
    httpStatus: data?.httpStatus,
    fieldErrors: data?.fieldErrors ?? {},
    requestId: data?.requestId,
  };
}

/** True when the error is an API error with the given code. */
export function hasAppCode(error: unknown, code: AppErrorCode): boolean {
  return getAppErrorData(error)?.appCode === code;
}

/**
 * Codes that mean the person's own request was refused (a wrong value, a missing record, a rule).
 * Their message says what to do; a reference to quote to support would suggest a fault on our side.
 */
const PERSON_CODES: ReadonlySet<AppErrorCode> = new Set([
  'BAD_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'PAYMENT_REQUIRED',
]);

/** The request id to quote, only for errors on our side (INTERNAL, UNAVAILABLE, unknown). */
export function referenceOf(readable: Pick<ReadableError, 'appCode' | 'requestId'>): string | undefined {
  return readable.appCode && PERSON_CODES.has(readable.appCode) ? undefined : readable.requestId;
}

/** The message plus "Reference: <id>" for an error on our side, for support requests. */
export function formatErrorMessage(error: unknown): string {
  const readable = readError(error);
  const reference = referenceOf(readable);
  return reference ? `${readable.message} Reference: ${reference}` : readable.message;
}

export const NOT_FOUND_MESSAGE =
  'There is nothing at this address. The link may be mistyped or out of date, or it was removed.';

/**
 * How a failed query (a page's data, with no form on it) reads. A NOT_FOUND, or a BAD_INPUT (the
 * id in the address is not even well-formed: "Please check the highlighted fields" on a page with
 * no fields), is "not found": no reference, and no "Try again" since trying again cannot help.
 */
export function describeQueryError(error: unknown): {
  notFound: boolean;
  message: string;
  reference: string | undefined;
} {
  const readable = readError(error);
  if (readable.appCode === 'NOT_FOUND' || readable.appCode === 'BAD_INPUT') {
    const fromServer = readable.appCode === 'NOT_FOUND' && Object.keys(readable.fieldErrors).length === 0;
    return {
      notFound: true,
      message: fromServer ? readable.message : NOT_FOUND_MESSAGE,
      reference: undefined,
    };
  }
  return { notFound: false, message: readable.message, reference: referenceOf(readable) };
}

/**
 * Map error keys onto the fields a form actually renders. A key matches a field when it is the
 * field's path or lies below it: `researchAreas.3` shows on the `researchAreas` input,
 * `visibility.orcid` on the `visibility.orcid` control. The longest matching field wins.
 * Keys that match no field are returned in `unmatched` so the page can still show them.
 */
export function mapFieldErrors(
  fieldErrors: Record<string, string[] | string | undefined>,
  fields?: readonly string[],
): { errors: Record<string, string>; unmatched: string[] } {
  const errors: Record<string, string> = {};
  const unmatched: string[] = [];
  const sorted = fields ? [...fields].sort((a, b) => b.length - a.length) : undefined;

  for (const [key, value] of Object.entries(fieldErrors)) {
    const messages = (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
    if (messages.length === 0) continue;
    const target = sorted
      ? sorted.find((field) => key === field || key.startsWith(`${field}.`))
      : key === ''
        ? undefined
        : key;
    if (target === undefined) {
      unmatched.push(...messages);
      continue;
    }
    // First message per field is enough; more would crowd the input.
    if (!(target in errors)) errors[target] = messages[0]!;
  }
  return { errors, unmatched };
}

/** The slice of a Mantine form these helpers need (keeps this file free of React imports). */
export interface FormErrorTarget {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * Put a server error's field errors on a Mantine form. Returns the message for an Alert, or
 * `null` when every problem is shown next to a field already.
 */
export function applyServerErrors(
  form: FormErrorTarget,
  error: unknown,
  fields?: readonly string[],
): string | null {
  const readable = readError(error);
  const { errors, unmatched } = mapFieldErrors(readable.fieldErrors, fields);
  const matched = Object.keys(errors).length;
  if (matched > 0) form.setErrors(errors);
  if (matched > 0 && unmatched.length === 0) return null;
  // Field messages no rendered field shows are the useful text; "check the highlighted fields"
  // would point at nothing.
  const parts = [unmatched.length > 0 ? unmatched.join(' ') : readable.message];
  const reference = referenceOf(readable);
  if (reference) parts.push(`Reference: ${reference}`);
  return parts.join(' ');
}

/** Key for errors that belong to the whole form rather than one field. */
export const FORM_ERROR_KEY = '_form';

/**
 * Wrap a client-side validator so its error keys land on rendered fields too (zod reports
 * `researchAreas.0` for a bad tag; the TagsInput is bound to `researchAreas`).
 */
export function withFieldMapping<V>(
  validate: (values: V) => Record<string, unknown>,
  fields: readonly string[],
): (values: V) => Record<string, string> {
  return (values) => {
    const raw = validate(values);
    const normalized: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(raw)) {
      if (value == null || value === false) continue;
      normalized[key] = [String(value)];
    }
    const { errors, unmatched } = mapFieldErrors(normalized, fields);
    // Never let an unmatched error pass silently: a form with errors must not submit.
    if (unmatched.length > 0) errors[FORM_ERROR_KEY] = unmatched.join(' ');
    return errors;
  };
}

/**
 * Only allow same-site relative paths as a post-sign-in destination (no `//evil.example`,
 * no `https://...`, no `javascript:`).
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
