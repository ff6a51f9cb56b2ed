import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS } from '../../../constructs/observability/dashboards/metric-names.js';

/** An HTTP server on 127.0.0.1 that the test started; `port` is its real port. */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

async function serveRegistry(registry: Registry, path: string, res: ServerResponse, reqPath: string | undefined): Promise<boolean> {
  if (reqPath !== path) return false;
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(await registry.metrics());
  return true;
}

/**
 * A stand-in for one dog-app pod's `/metrics`: a real HTTP service answering `GET /` and exporting, with
 * prom-client, the service metrics the dashboards read (same names, same labels).
 *
 * When the service's `createApp` is merged, replace this with the real app (listening on 127.0.0.1:0 and
 * pointed at a Dog API stand-in) and keep the rest of the test as it is: it only needs `port` and `hit()`.
 */
export interface DogAppTarget extends RunningServer {
  /** Sends one `GET /` to the app, as a user would, and returns the status. */
  hit(): Promise<number>;
}

export async function startDogAppTarget(): Promise<DogAppTarget> {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({ name: METRICS.serviceRequests, help: 'HTTP requests answered.', labelNames: ['method', 'route', 'status_code'], registers });
  const duration = new Histogram({
    name: METRICS.serviceRequestDuration,
    help: 'Time to answer an HTTP request.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.05, 0.5, 5],
    registers,
  });
  new Gauge({ name: METRICS.serviceInFlight, help: 'HTTP requests being answered.', registers }).set(0);
  const upstream = new Counter({ name: METRICS.dogApiRequests, help: 'Dog API calls.', labelNames: ['endpoint', 'outcome'], registers });
  const upstreamDuration = new Histogram({
    name: METRICS.dogApiRequestDuration,
    help: 'Dog API call duration.',
    labelNames: ['endpoint', 'outcome'],
    buckets: [0.05, 0.5, 2.5],
    registers,
  });
  new Counter({ name: METRICS.dogApiRetries, help: 'Dog API retries.', labelNames: ['endpoint', 'reason'], registers }).inc({ endpoint: 'breeds', reason: 'timeout' }, 0);
  new Counter({ name: METRICS.circuitBreakerRejections, help: 'Calls refused by the breaker.', registers }).inc(0);
  const breaker = new Gauge({ name: METRICS.circuitBreakerState, help: 'Breaker state.', labelNames: ['state'], registers });
  for (const state of ['closed', 'open', 'half_open']) breaker.set({ state }, state === 'closed' ? 1 : 0);
  const lookups = new Counter({ name: METRICS.cacheLookups, help: 'Cache lookups.', labelNames: ['cache', 'result'], registers });
  new Counter({ name: METRICS.cacheStaleServed, help: 'Stale entries served.', labelNames: ['cache'], registers }).inc({ cache: 'images' }, 0);
  new Gauge({ name: METRICS.cacheEntries, help: 'Cache entries.', labelNames: ['cache'], registers }).set({ cache: 'images' }, 1);

  let calledUpstream = false;
  const { server, port } = await listen((req, res) => {
    void (async () => {
      if (await serveRegistry(registry, '/metrics', res, req.url)) return;
      const end = duration.startTimer({ method: req.method ?? 'GET', route: '/' });
      lookups.inc({ cache: 'images', result: calledUpstream ? 'hit' : 'miss' });
      if (!calledUpstream) {
        upstream.inc({ endpoint: 'breeds', outcome: 'ok' });
        upstreamDuration.observe({ endpoint: 'breeds', outcome: 'ok' }, 0.1);
        calledUpstream = true;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('woof\n');
      requests.inc({ method: req.method ?? 'GET', route: '/', status_code: '200' });
      end({ status_code: '200' });
    })();
  });
  return {
    port,
    close: closer(server),
    async hit() {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      await response.text();
      return response.status;
    },
  };
}

/** A stand-in for a sidecar's Envoy stats (`:15090/stats/prometheus`): Istio's standard request metrics. */
export interface EnvoyStatsTarget extends RunningServer {
  /** Counts one request as the destination proxy of `version` would; `count: 0` only creates the series. */
  record(request: { namespace: string; app: string; version: string; code: number; millis: number; count?: number }): void;
}

export async function startEnvoyStatsTarget(): Promise<EnvoyStatsTarget> {
  const registry = new Registry();
  const labelNames = ['reporter', 'destination_workload_namespace', 'destination_app', 'destination_version', 'destination_service', 'response_code'] as const;
  const requests = new Counter({ name: METRICS.istioRequests, help: 'Requests.', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: METRICS.istioRequestDuration,
    help: 'Request duration in ms.',
    labelNames,
    buckets: [5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [registry],
  });
  const { server, port } = await listen((req, res) => {
    void (async () => {
      if (!(await serveRegistry(registry, '/stats/prometheus', res, req.url))) res.writeHead(404).end();
    })();
  });
  return {
    port,
    close: closer(server),
    record({ namespace, app, version, code, millis, count = 1 }) {
      const labels = {
        reporter: 'destination',
        destination_workload_namespace: namespace,
        destination_app: app,
        destination_version: version,
        destination_service: `${app}.${namespace}.svc.cluster.local`,
        response_code: String(code),
      };
      requests.inc(labels, count);
      if (count > 0) duration.observe(labels, millis);
    },
  };
}

/** A stand-in for istiod's monitoring port (15014) with the control-plane metrics the mesh dashboard reads. */
export async function startIstiodTarget(): Promise<RunningServer> {
  const registry = new Registry();
  new Gauge({ name: METRICS.pilotXdsConnections, help: 'Connected proxies.', labelNames: ['version'], registers: [registry] }).set({ version: '1.30.3' }, 3);
  new Counter({ name: METRICS.pilotXdsPushes, help: 'xDS pushes.', labelNames: ['type'], registers: [registry] }).inc({ type: 'cds' }, 5);
  const { server, port } = await listen((req, res) => {
    void (async () => {
      if (!(await serveRegistry(registry, '/metrics', res, req.url))) res.writeHead(404).end();
    })();
  });
  return { port, close: closer(server) };
}
