import {
  APP_ERROR_HTTP_STATUS,
  type AppErrorCode,
  type AppErrorData,
  type FieldErrors,
} from '@societas/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import superjson from 'superjson';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../http/database-outage.js';
import type { Context } from './context.js';

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PAYMENT_REQUIRED: 'PAYMENT_REQUIRED',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};
const APP_CODE: Partial<Record<TRPCError['code'], AppErrorCode>> = Object.fromEntries(
  Object.entries(TRPC_CODE).map(([app, trpc]) => [trpc, app as AppErrorCode]),
);

function zodFieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  return fields;
}

/**
 * Thrown when building a request's context fails (e.g. the session lookup), so the error still
 * carries the request id: tRPC has no context to give the error formatter then.
 */
export class ContextCreationError extends Error {
  constructor(
    readonly requestId: string,
    cause: unknown,
  ) {
    super('Could not create the request context', { cause });
    this.name = 'ContextCreationError';
  }
}

/** Errors a user may see the message of. Everything else becomes a short message with a reference. */
function isExpected(error: TRPCError): boolean {
  return error.code !== 'INTERNAL_SERVER_ERROR' || error.cause instanceof AppError;
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Never send stacks to the browser, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    // tRPC's own codes (e.g. METHOD_NOT_SUPPORTED) keep their HTTP status; ours map one to one.
    const httpStatus =
      error.cause instanceof AppError
        ? APP_ERROR_HTTP_STATUS[error.cause.code]
        : getHTTPStatusCodeFromError(error);
    const appCode: AppErrorCode =
      error.cause instanceof AppError
        ? error.cause.code
        : (APP_CODE[error.code] ?? (httpStatus < 500 ? 'BAD_INPUT' : 'INTERNAL'));
    const requestId =
      ctx?.requestId ?? (error.cause instanceof ContextCreationError ? error.cause.requestId : undefined);
    const data: AppErrorData = {
      appCode,
      // The adapter answers with this status, so it must be right for every error.
      httpStatus,
      ...(requestId ? { requestId } : {}),
    };
    let message = shape.message;
    // Field errors only for bad input. A ZodError under any other code is ours (e.g. an output
    // that failed its schema): unexpected, so the user gets the short message with a reference.
    if (error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError) {
      data.fieldErrors = zodFieldErrors(error.cause);
      message = 'Please check the highlighted fields.';
    } else if (error.cause instanceof AppError && error.cause.fieldErrors) {
      data.fieldErrors = error.cause.fieldErrors;
    } else if (!isExpected(error)) {
      message = `Something went wrong on our side.${requestId ? ` Reference: ${requestId}` : ''}`;
    }
    return { message, code: shape.code, data };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * PostgreSQL cannot store a NUL character in text (22021) or jsonb (22P05); any string input may
 * carry one, so that is the caller's bad input, not our failure.
 */
function isNulInText(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05';
}

/** Turns a thrown AppError into the matching TRPCError (HTTP status, code, safe message). */
const appErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  // The database is down or restarting: 503 with a retry hint (server.ts), not 500.
  if (!result.ok && !(result.error.cause instanceof AppError) && isDatabaseUnavailable(result.error.cause)) {
    ctx.req.log.warn({ err: result.error.cause }, 'database unavailable');
    const cause = new DatabaseUnavailableError();
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: cause.message, cause });
  }
  if (!result.ok && isNulInText(result.error.cause)) {
    const cause = new AppError('BAD_INPUT', 'Text may not contain NUL characters.');
    throw new TRPCError({ code: 'BAD_REQUEST', message: cause.message, cause });
  }
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors);

/** Any signed-in user. Whether their membership is active is a separate fact (membership module). */
export const memberProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Please sign in to continue.');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const adminProcedure = memberProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'This area is for administrators.');
  return next();
});
