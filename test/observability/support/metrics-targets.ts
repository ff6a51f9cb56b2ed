import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS } from '../../../constructs/observability/dashboards/metric-names.js';
import { defaultConfig } from '../../../service/config.js';
import { startServer } from '../../../service/server.js';
import { startDogApiStub } from '../../support/dog-api-stub.js';

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

/** One dog-app pod: the real service on 127.0.0.1, its Dog API a stand-in the target started. */
export interface DogAppTarget extends RunningServer {
  /** Asks the app for a husky, as a visitor would, and returns the status; repeats hit the image cache. */
  hit(): Promise<number>;
}

export async function startDogAppTarget(version: string): Promise<DogAppTarget> {
  const stub = await startDogApiStub();
  const service = await startServer(
    defaultConfig({ port: 0, host: '127.0.0.1', dogApiUrl: stub.url, appVersion: version, logLevel: 'silent' }),
    { defaultMetrics: false },
  );
  return {
    port: Number(new URL(service.url).port),
    async close() {
      await service.shutdown();
      await stub.close();
    },
    async hit() {
      const response = await fetch(`${service.url}/?breed=husky`);
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
