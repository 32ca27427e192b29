import type { FastifyInstance } from 'fastify';

/**
 * Stops accepting, waits for in-flight requests, and closes the server. Fastify closes the
 * keep-alive connections that are idle when close() begins; one that turns idle afterwards would
 * hold close() open until its keep-alive timeout (72 s in Fastify), so sweep them as they go idle.
 */
export async function closeServer(app: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => app.server.closeIdleConnections(), 200);
  try {
    await app.close();
  } finally {
    clearInterval(sweep);
  }
}
