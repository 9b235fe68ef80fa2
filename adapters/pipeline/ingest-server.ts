import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { HubError, InputError } from '../../core/errors';
import type { PiiCipher } from '../../core/pii';
import type { Store } from '../../core/store/database';
import { drainInbox, storeDelivery } from './inbox';
import { checkPushBody } from './push-body';
import type { PullAdapter, PushAdapter } from './source-adapter';

/**
 * The push endpoints. A delivery is verified over its raw bytes, checked to be UTF-8 JSON
 * (push-body.ts), stored in the inbox, and only then acknowledged; the inbox is drained right
 * after, outside the request.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface PushRoute {
  sourceId: string;
  push: PushAdapter;
  mapper: Pick<PullAdapter, 'map'>;
}

export interface IngestServer {
  url: string;
  port: number;
  /** Resolves when every delivery stored so far has been applied (tests and shutdown use it). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function startIngestServer(options: {
  store: Store;
  pii: PiiCipher;
  routes: PushRoute[];
  port: number;
  host?: string;
  logger?: Logger;
}): Promise<IngestServer> {
  const byPath = new Map(options.routes.map((r) => [r.push.path, r]));
  const deps = { store: options.store, pii: options.pii };
  const draining = new Map<string, Promise<void>>();
  /** Sources with a delivery stored since their running drain last looked at the inbox. */
  const storedSince = new Set<string>();

  /**
   * One drain loop per source at a time. A delivery stored while it runs does not queue a loop
   * of its own (one per push meant at least one claim transaction per push and small batches: the
   * hub took 196 pushes/s, 283 with this; RELIABILITY.md, load); it asks the running loop to look
   * once more, so batches grow with the load.
   */
  const scheduleDrain = (route: PushRoute): Promise<void> => {
    const running = draining.get(route.sourceId);
    if (running) {
      storedSince.add(route.sourceId);
      return running;
    }
    const next = (async () => {
      try {
        do {
          storedSince.delete(route.sourceId);
          for (;;) {
            const result = await drainInbox(deps, route.sourceId, route.push, route.mapper);
            if (result.deliveries === 0) break;
            options.logger?.info({ source: route.sourceId, ...result }, 'inbox drained');
          }
        } while (storedSince.has(route.sourceId));
      } catch (e) {
        options.logger?.error({ source: route.sourceId, err: (e as Error).message }, 'inbox drain failed; deliveries stay pending');
      } finally {
        // In the same step as the last look at storedSince: a delivery stored from here on starts a
        // new loop. (The entry is this loop's: it was set before the loop's first await returned.)
        draining.delete(route.sourceId);
      }
    })();
    draining.set(route.sourceId, next);
    return next;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      options.logger?.error({ err: e.message }, 'ingest request failed');
      if (!res.headersSent) reply(res, 500, { code: 'INTERNAL', message: 'the delivery was not stored; retry later' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/health') return reply(res, 200, { status: 'ok' });
    const route = byPath.get(path);
    if (!route) return reply(res, 404, { code: 'NOT_FOUND', message: `no ingest endpoint at ${path}` });
    if (req.method !== 'POST') return reply(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'use POST' });
    // The body is read (up to the limit) before any answer: replying while the client is still
    // sending makes some clients see a reset instead of the status.
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === null) return reply(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes` });
    const contentType = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(contentType)) {
      return reply(res, 415, { code: 'UNSUPPORTED_MEDIA_TYPE', message: `content-type must be application/json, got "${contentType}"` });
    }
    let deliveryId: string;
    try {
      deliveryId = route.push.verify({ headers: req.headers, rawBody: body, now: Date.now() }).deliveryId;
    } catch (e) {
      if (e instanceof HubError && e.code === 'SIGNATURE_INVALID') {
        options.logger?.warn({ source: route.sourceId, reason: e.message }, 'push refused');
        return reply(res, 401, { code: 'SIGNATURE_INVALID', message: e.message });
      }
      throw e;
    }
    try {
      checkPushBody(body);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      options.logger?.warn({ source: route.sourceId, deliveryId, rule: e.rule }, 'push refused');
      return reply(res, 400, { code: e.rule, message: e.message });
    }
    const stored = await storeDelivery(deps, route.sourceId, deliveryId, body);
    const ack = route.push.acknowledgement();
    res.writeHead(ack.status, { 'content-type': ack.contentType });
    res.end(ack.body);
    options.logger?.info({ source: route.sourceId, deliveryId, stored }, 'push stored');
    void scheduleDrain(route);
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Deliveries stored and acknowledged before a crash, but not yet applied, are applied now:
  // otherwise they would wait for the next push of their source, which may never come.
  for (const route of options.routes) void scheduleDrain(route);
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    drained: async () => {
      await Promise.all(options.routes.map((r) => scheduleDrain(r)));
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...draining.values()]);
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Reads the whole body, or null once it passes the limit (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
