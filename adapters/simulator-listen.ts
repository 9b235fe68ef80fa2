import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Puts an upstream simulator's server on its port and says where clients reach it. Its sockets stay
 * open longer than clients' pools keep idle ones, so a client never reuses a socket the simulator
 * has just closed.
 */
export async function listenSimulator(server: Server, port: number, host = '127.0.0.1'): Promise<{ port: number; origin: string }> {
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { port: bound, origin: `http://${urlHost}:${bound}` };
}
