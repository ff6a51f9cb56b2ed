import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { startTestService, type TestService } from './support.js';
import type { ServiceConfig } from '../../service/config.js';

export type UpstreamHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface LocalUpstream {
  readonly url: string;
  /** Request targets received, oldest first. */
  readonly paths: string[];
  close(): Promise<void>;
}

/** The breed list a local upstream serves unless told otherwise. */
export const SMALL_BREED_LIST = { husky: [], pug: [], hound: ['afghan'] };

/**
 * A Dog API on 127.0.0.1 for answers the shared stub does not play: `/api/breeds/list/all` answered with `breeds`
 * (as dog.ceo does) unless `breeds` is null, everything else by `handler`.
 */
export async function startLocalUpstream(handler: UpstreamHandler, breeds: unknown = SMALL_BREED_LIST): Promise<LocalUpstream> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url === '/api/breeds/list/all' && breeds !== null) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ status: 'success', message: breeds }));
    }
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The service in this process, pointed at a local upstream; `close` stops both. */
export async function serviceOn(
  handler: UpstreamHandler,
  overrides: Partial<ServiceConfig> = {},
  breeds?: unknown,
): Promise<{ t: TestService; upstream: LocalUpstream; close(): Promise<void> }> {
  const upstream = await startLocalUpstream(handler, breeds);
  const t = await startTestService({ dogApiUrl: upstream.url, ...overrides });
  return {
    t,
    upstream,
    async close() {
      await t.close();
      await upstream.close();
    },
  };
}

/** The "Dog API call failed" warnings, as [endpoint, outcome, reason]. */
export function failureWarnings(t: TestService): [unknown, unknown, unknown][] {
  return t.logs.filter((l) => l.msg === 'Dog API call failed').map((l) => [l.endpoint, l.outcome, l.err]);
}
