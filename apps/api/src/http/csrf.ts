import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * True when the browser says the request came from another site: an Origin that is neither an
 * allowed origin nor this host, or (without Origin) Sec-Fetch-Site: cross-site.
 */
export function isCrossOrigin(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === 'cross-site';
  let sameHost = false;
  try {
    sameHost = new URL(origin).host === req.headers.host;
  } catch {
    sameHost = false;
  }
  return !allowed.has(origin) && !sameHost;
}

export const allowedOriginSet = (allowedOrigins: string[]) =>
  new Set(allowedOrigins.map((o) => new URL(o).origin));

/**
 * CSRF defence for state-changing requests (docs/reliability.md A6): a JSON content type (which a
 * cross-site form cannot send without a CORS preflight we never grant) and, when the browser says
 * where the request came from, the same origin. Mutations are never accepted via GET (tRPC answers 405).
 * Uploads (multipart, which a form can send) have their own guard: files.routes.ts.
 */
export function csrfGuard(allowedOrigins: string[]) {
  const allowed = allowedOriginSet(allowedOrigins);
  return async function guard(req: FastifyRequest, reply: FastifyReply) {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/json')) {
      return reply.code(415).send({ error: 'Send requests as application/json.' });
    }
    if (isCrossOrigin(req, allowed)) {
      return reply.code(403).send({ error: 'Cross-origin requests are not allowed.' });
    }
  };
}
