import type { DB } from '@societas/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Auth } from '../auth/auth.js';
import { SESSION_ABSOLUTE_SECONDS } from '../auth/session-lifetime.js';
import type { Env } from '../env.js';
import type { JobSearch } from '../modules/jobs/index.js';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  role: 'user' | 'admin';
}

export interface Services {
  db: DB;
  auth: Auth;
  env: Env;
  log: Logger;
  /** The public job search (PostgreSQL, with or without the per-text cache: JOB_SEARCH_CACHE). */
  jobSearch: JobSearch;
}

export interface Context extends Services {
  req: FastifyRequest;
  res: FastifyReply;
  requestId: string;
  ip: string;
  user: SessionUser | null;
  sessionId: string | null;
}

/** Adds Set-Cookie lines to the reply, keeping the ones already set. */
export function appendSetCookies(res: FastifyReply, cookies: string[]): void {
  if (cookies.length === 0) return;
  const existing = res.getHeader('set-cookie');
  const prior =
    existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
  res.header('set-cookie', [...prior, ...cookies]);
}

/** Copies better-auth's Set-Cookie headers (sign-in, refresh, sign-out) onto the Fastify reply. */
export function forwardAuthCookies(res: FastifyReply, headers: Headers | null | undefined): void {
  appendSetCookies(res, headers?.getSetCookie() ?? []);
}

/**
 * The request's headers for better-auth. X-Forwarded-For is replaced by the one client address
 * Fastify derived under TRUST_PROXY, so better-auth never sees an address the client made up.
 */
export function toFetchHeaders(req: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set('x-forwarded-for', req.ip);
  return headers;
}

export async function createContext(
  services: Services,
  { req, res }: { req: FastifyRequest; res: FastifyReply },
): Promise<Context> {
  const base = { ...services, req, res, requestId: String(req.id), ip: req.ip, user: null, sessionId: null };
  if (!req.headers.cookie) return base;
  const { headers, response } = await services.auth.api.getSession({
    headers: toFetchHeaders(req),
    returnHeaders: true,
  });
  forwardAuthCookies(res, headers);
  if (!response) return base;
  const { session, user } = response;
  // Absolute timeout: a session older than 30 days ends even if it has been used every day.
  if (Date.now() - new Date(session.createdAt).getTime() > SESSION_ABSOLUTE_SECONDS * 1000) {
    await services.db.deleteFrom('sessions').where('id', '=', session.id).execute();
    return base;
  }
  return {
    ...base,
    sessionId: session.id,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerified: user.emailVerified,
      role: (user as { role?: string }).role === 'admin' ? 'admin' : 'user',
    },
  };
}
