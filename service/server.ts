import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type CreateAppOptions, type DogApp } from './app.js';
import type { ServiceConfig } from './config.js';

/** A listening service and the way to stop it gracefully. */
export interface RunningService {
  readonly app: DogApp;
  readonly server: http.Server;
  /** `http://host:port` as actually bound. */
  readonly url: string;
  /**
   * Graceful stop: readiness goes 503 (and new requests are still taken for `shutdownDelayMs`), the listener closes, idle keep-alive connections are closed, requests in
   * flight finish (their responses carry `Connection: close`); after `shutdownGraceMs` whatever is left is cut
   * off and Dog API calls are aborted. Resolves when the server is closed; safe to call more than once.
   */
  shutdown(): Promise<void>;
}

/** Node's server timeouts, set for running behind a mesh proxy. */
const KEEP_ALIVE_MS = 65_000; // above Envoy's and common load balancers' idle timeouts, so the proxy closes first
const REQUEST_TIMEOUT_MS = 30_000;

/** Creates the app and listens on `config.host:config.port`. */
export async function startServer(config: ServiceConfig, options: CreateAppOptions = {}): Promise<RunningService> {
  const app = createApp(config, options);
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS, requestTimeout: REQUEST_TIMEOUT_MS }, app.callback());
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
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
      app.logger.info({ inFlight: app.inFlight }, 'closing the listener, draining requests in flight');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      let timedOut: boolean;
      // Requests finishing now answer with Connection: close; sockets left idle in between are closed here.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      try {
        while (app.inFlight > 0 && Date.now() < deadline) await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
        timedOut = app.inFlight > 0;
        if (timedOut) app.logger.warn({ inFlight: app.inFlight }, 'grace period over: aborting Dog API calls and closing connections');
        // Aborted Dog API calls let their requests answer 503 at once; a moment later every connection is cut.
        app.close();
        await Promise.race([closed, sleep(timedOut ? 250 : 1000)]);
        server.closeAllConnections();
        await closed;
      } finally {
        clearInterval(sweep);
      }
      app.logger.info({ ms: Date.now() - started, timedOut }, 'shut down');
    })();
    return stopping;
  };

  return { app, server, url, shutdown };
}
