import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type CreateAppOptions, type DogApp } from './app.js';
import type { ServiceConfig } from './config.js';
import { ConnectionTracker } from './connections.js';
import { isClientGone, logClientError } from './client-errors.js';
import { boundedPipelining, MAX_WAITING_PER_CONNECTION } from './pipeline.js';

/** A listening service and the way to stop it gracefully. */
export interface RunningService {
  readonly app: DogApp;
  readonly server: http.Server;
  /** `http://host:port` as actually bound. */
  readonly url: string;
  /**
   * Graceful stop: readiness goes 503; after `shutdownDelayMs` (connections kept alive meanwhile) the listener
   * closes and every answer from then on carries `Connection: close`; requests in flight, and requests that still
   * arrive on open connections, are answered (each connection closes after its answer); a connection is closed by
   * the server only once it has had no request pending and received nothing for `QUIET_MS`. After
   * `shutdownGraceMs` Dog API calls are aborted and whatever is left is cut off. Resolves when the server is
   * closed; safe to call more than once.
   */
  shutdown(): Promise<void>;
}

/** Node's server timeouts, set for running behind a mesh proxy. */
const KEEP_ALIVE_MS = 65_000; // above Envoy's and common load balancers' idle timeouts, so the proxy closes first
/** During shutdown, an idle keep-alive connection is closed once it received nothing for this long. */
export const QUIET_MS = 250;

/** Creates the app and listens on `config.host:config.port`. */
export async function startServer(config: ServiceConfig, options: CreateAppOptions = {}): Promise<RunningService> {
  const app = createApp(config, options);
  const listener = boundedPipelining(app.callback(), (socket) =>
    app.logger.info({ remote: socket.remoteAddress, waiting: MAX_WAITING_PER_CONNECTION }, 'closing a connection that pipelines requests without reading the answers'),
  );
  const server = http.createServer(
    {
      keepAliveTimeout: KEEP_ALIVE_MS,
      // The whole request (headers and body) must arrive in time: a stalled upload cannot hold a connection, or a shutdown.
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.round(config.requestTimeoutMs / 4))),
    },
    listener,
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    logClientError(app.logger, err);
    const answering = (socket as { _httpMessage?: { headersSent: boolean } | null })._httpMessage;
    if ((isClientGone(err) && err.code !== 'ERR_HTTP_REQUEST_TIMEOUT') || !socket.writable || answering?.headersSent) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  const connections = new ConnectionTracker(server);
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  app.logger.info({ url, dogApi: config.dogApiUrl }, 'listening');

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      const started = Date.now();
      app.beginShutdown();
      app.logger.info({ inFlight: app.inFlight, delayMs: config.shutdownDelayMs, graceMs: config.shutdownGraceMs }, 'shutting down: readiness is 503');
      if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
      // One turn of the event loop first, so that connections the kernel already completed are accepted, not reset.
      await new Promise((resolve) => setImmediate(resolve));
      app.logger.info({ inFlight: app.inFlight, connections: connections.size }, 'closing the listener, draining requests in flight');
      // net's close, not http's: http's also closes idle connections at once, resetting requests on their way.
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      app.closeConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      while ((connections.size > 0 || app.inFlight > 0) && Date.now() < deadline) {
        connections.closeQuiet(QUIET_MS);
        await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
      }
      const timedOut = app.inFlight > 0;
      if (timedOut) app.logger.warn({ inFlight: app.inFlight }, 'grace period over: aborting Dog API calls and closing connections');
      // Aborted Dog API calls let their requests answer 503 at once; a moment later every connection is cut.
      app.close();
      await Promise.race([closed, sleep(timedOut ? 250 : 1000)]);
      server.closeAllConnections();
      await closed;
      app.logger.info({ ms: Date.now() - started, timedOut }, 'shut down');
    })();
    return stopping;
  };

  return { app, server, url, shutdown };
}
