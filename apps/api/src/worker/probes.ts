import { createServer, type Server } from 'node:http';
import { type DB, sql } from '@societas/db';

export const PROBE_PATHS = { health: '/health', ready: '/ready' } as const;

/** /health (the process is alive) and /ready (the database answers within 2 s) for the worker. */
export function createProbeServer(db: DB): Server {
  return createServer(async (req, res) => {
    if (req.url === PROBE_PATHS.health) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === PROBE_PATHS.ready) {
      try {
        await Promise.race([
          sql`SELECT 1`.execute(db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
        ]);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      } catch {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"unavailable"}');
      }
      return;
    }
    res.writeHead(404).end();
  });
}
