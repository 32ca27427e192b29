import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { closeServer } from '../../src/http/close-server.js';

// A request in flight when shutdown begins leaves a keep-alive connection that turns idle only
// afterwards; Fastify's own close() then waits for its keep-alive timeout (72 s).
it('closes within seconds when a keep-alive request was in flight as shutdown began', async () => {
  const app = Fastify();
  let started!: () => void;
  const inFlight = new Promise<void>((resolve) => {
    started = resolve;
  });
  app.get('/slow', async () => {
    started();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const agent = new Agent({ keepAlive: true });
  const answered = new Promise<number>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/slow', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
  await inFlight;

  const began = performance.now();
  await closeServer(app);
  const took = performance.now() - began;

  expect(await answered).toBe(200);
  expect(took).toBeLessThan(5_000);
  agent.destroy();
});
