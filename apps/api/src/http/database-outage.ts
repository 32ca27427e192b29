import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.js';

/**
 * While PostgreSQL cannot be reached (restart, failover, network cut, an embedded server being
 * restarted), requests answer 503 with Retry-After and a sentence for the person, like /ready, not
 * 500 "Something went wrong": nothing is wrong with the request and trying again soon will work.
 */

export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The portal cannot reach its database just now. Please try again in a minute.';

/** Socket errors of a connection that could not be made or was cut. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery); class 08 is
 * connection_exception.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** pg and pg-pool report these without a code. */
const CONNECTION_MESSAGES = [
  /^timeout exceeded when trying to connect$/i, // pg-pool: connectionTimeoutMillis passed
  /^Connection terminated/i, // pg: the server closed the socket (also "due to connection timeout")
  /^Client has encountered a connection error/i, // pg: a client reused after its socket failed
];

function isConnectionFailure(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08...$/.test(code)) {
      return true;
    }
  }
  return typeof message === 'string' && CONNECTION_MESSAGES.some((re) => re.test(message));
}

/**
 * Whether `error`, or anything it wraps (`cause`, AggregateError's `errors`), says the database
 * could not be reached.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  if (error instanceof DatabaseUnavailableError || isConnectionFailure(error)) return true;
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  if (isDatabaseUnavailable(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1));
}

/** The AppError a request gets instead of the driver's error (UNAVAILABLE: HTTP 503). */
export class DatabaseUnavailableError extends AppError {
  constructor() {
    super('UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
  }
}

/** The retry hint for a reply answered with DATABASE_UNAVAILABLE_MESSAGE. */
export function setDatabaseRetryAfter(reply: FastifyReply): FastifyReply {
  return reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
}
