import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * CSRF defence for state-changing requests (docs/reliability.md A6): a JSON content type (which a
 * cross-site form cannot send without a CORS preflight we never grant) and, when the browser says
 * where the request came from, the same origin. Mutations are never accepted via GET (tRPC answers 405).
 */
export function csrfGuard(allowedOrigins: string[]) {
  const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin));
  return async function guard(req: FastifyRequest, reply: FastifyReply) {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return;
    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    if (!contentType.startsWith('application/json')) {
      return reply.code(415).send({ error: 'Send requests as application/json.' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      let sameHost = false;
      try {
        sameHost = new URL(origin).host === req.headers.host;
      } catch {
        sameHost = false;
      }
      if (!allowed.has(origin) && !sameHost) {
        return reply.code(403).send({ error: 'Cross-origin requests are not allowed.' });
      }
    } else if (req.headers['sec-fetch-site'] === 'cross-site') {
      return reply.code(403).send({ error: 'Cross-origin requests are not allowed.' });
    }
  };
}
