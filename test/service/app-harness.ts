import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import type { Middleware } from 'koa';
import { createApp, type DogApp } from '../../service/app.js';
import { defaultConfig } from '../../service/config.js';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import type { LogLine } from './support.js';

/** The app as `createApp` builds it, with one more handler behind its routes, served on 127.0.0.1. */
export interface AppWithHandler {
  readonly app: DogApp;
  readonly stub: DogApiStub;
  readonly url: string;
  readonly logs: LogLine[];
  close(): Promise<void>;
}

/**
 * Serves the app with `handler` after its routes, so that it answers the paths the routes leave alone (they fall
 * through to it). For failures no route of the service produces on demand: a handler that breaks, an answer that
 * fails while it is being sent.
 */
export async function serveAppWith(handler: Middleware): Promise<AppWithHandler> {
  const stub = await startDogApiStub();
  const logs: LogLine[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const app = createApp(defaultConfig({ dogApiUrl: stub.url, appVersion: 'harness-1', logLevel: 'info' }), { logStream, defaultMetrics: false });
  app.koa.use(handler);
  const server = http.createServer(app.callback());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    app,
    stub,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    async close() {
      app.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stub.close();
    },
  };
}
