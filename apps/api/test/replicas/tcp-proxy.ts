import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the API processes and PostgreSQL, so a test can make the database
 * unreachable (`block`) or slow (`delayMs`) without touching the server itself.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let blocked = false;
  let delayMs = 0;

  const forward = (from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk) => {
      if (delayMs === 0) {
        chain = chain.then(() => void to.write(chunk));
      } else {
        const wait = delayMs;
        chain = chain.then(() =>
          new Promise<void>((r) => setTimeout(r, wait)).then(() => void to.write(chunk)),
        );
      }
    });
    from.on('end', () => void chain.then(() => to.end()));
  };

  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    /** Refuses new connections and cuts the open ones: the database is "down". */
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    unblock() {
      blocked = false;
    },
    /** Holds every forwarded chunk this long (0 = pass straight through). */
    setDelay(ms: number) {
      delayMs = ms;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
