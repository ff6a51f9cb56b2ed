import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { SCRAPE_JOBS, type PrometheusConfig, type ScrapeConfig, type StaticConfig } from '../../constructs/observability/prometheus-config.js';
import { find, synthAddons } from './support/addons-synth.js';
import { requireProgram } from './support/programs.js';
import { startPrometheus, type RunningPrometheus } from './support/prometheus-server.js';

interface Target {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapeUrl: string;
  health: string;
  lastError: string;
}
interface TargetsData {
  activeTargets: Target[];
  droppedTargets: { discoveredLabels: Record<string, string> }[];
}

/** A metrics endpoint on 127.0.0.1. */
async function metricsServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    // A scraped series carrying its own `namespace`: with honor_labels it wins over the target's.
    res.end('# TYPE relabel_probe gauge\nrelabel_probe{namespace="from-app"} 1\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Pod {
  name: string;
  ip: string;
  /** `__address__` as discovery sets it: the IP and the first declared container port, if any. */
  address: string;
  annotations?: Record<string, string>;
  phase?: string;
  containerPortName?: string;
  labels?: Record<string, string>;
}

/** What Kubernetes pod discovery (role pod) gives one container port of a pod. */
function discovered(pod: Pod): StaticConfig {
  const labels: Record<string, string> = {
    __meta_kubernetes_namespace: 'dog-app',
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_ip: pod.ip,
    __meta_kubernetes_pod_phase: pod.phase ?? 'Running',
  };
  for (const [k, v] of Object.entries(pod.labels ?? { app: 'dog-app', version: 'v1' })) labels[`__meta_kubernetes_pod_label_${k}`] = v;
  for (const [k, v] of Object.entries(pod.annotations ?? {})) labels[`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
  if (pod.containerPortName) labels.__meta_kubernetes_pod_container_port_name = pod.containerPortName;
  return { targets: [pod.address], labels };
}

const scraped = (port: number | string, extra: Record<string, string> = {}) => ({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(port), ...extra });

/**
 * The scrape jobs ObservabilityAddons synthesizes, run by a real Prometheus: every job's Kubernetes discovery
 * is swapped for static targets carrying the labels discovery would give (Debian's Prometheus has no
 * Kubernetes discovery); the relabel rules, paths, schemes and label handling run unchanged. Which targets
 * are kept, at which URL and with which labels is what decides whether dashboards have data: an IPv6 pod
 * scraped at `fd00::1:15020` (no brackets) or a merged sidecar scraped twice are silent outages of metrics.
 */
describe('Prometheus relabelling of the synthesized scrape jobs, by a real Prometheus', function () {
  this.timeout(90_000);
  let binary: string;
  let prometheus: RunningPrometheus | undefined;
  let runningConfig: string | undefined;
  let server: { port: number; close(): Promise<void> } | undefined;
  let data: TargetsData;
  let discovery: Record<string, ScrapeConfig['kubernetes_sd_configs']>;

  before(async function () {
    binary = requireProgram(this, 'prometheus', 'prometheus');
    server = await metricsServer();
  });

  // Each test synthesizes the configuration it checks; Prometheus is restarted only when that text differs
  // from the one it runs (once per run of this suite), so every test reads the targets of its own synthesis.
  beforeEach(async function () {
    const { objects } = synthAddons({ istioNamespace: 'istio-control' });
    const config = parse(find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml']) as PrometheusConfig;
    discovery = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j.kubernetes_sd_configs]));
    const port = server!.port;
    const targets: Record<string, StaticConfig[]> = {
      [SCRAPE_JOBS.pods]: [
        discovered({ name: 'v4-pod', ip: '127.0.0.1', address: '127.0.0.1', annotations: scraped(port) }),
        discovered({ name: 'v4-cluster-pod', ip: '10.244.1.17', address: '10.244.1.17:8080', annotations: scraped(15020) }),
        discovered({ name: 'v6-pod', ip: 'fd00:10:244:1::2a', address: '[fd00:10:244:1::2a]:8080', annotations: scraped(15020) }),
        discovered({ name: 'v6-full-pod', ip: '2001:db8:0:0:0:0:0:1', address: '[2001:db8:0:0:0:0:0:1]', annotations: scraped(8080) }),
        discovered({ name: 'https-pod', ip: '10.244.1.18', address: '10.244.1.18:8443', annotations: scraped(8443, { 'prometheus.io/scheme': 'https', 'prometheus.io/path': '/stats' }) }),
        discovered({ name: 'unannotated-pod', ip: '10.244.1.19', address: '10.244.1.19:8080' }),
        discovered({ name: 'opted-out-pod', ip: '10.244.1.20', address: '10.244.1.20:8080', annotations: scraped(8080, { 'prometheus.io/scrape': 'false' }) }),
        discovered({ name: 'pending-pod', ip: '10.244.1.21', address: '10.244.1.21:8080', annotations: scraped(8080), phase: 'Pending' }),
        discovered({ name: 'done-pod', ip: '10.244.1.22', address: '10.244.1.22:8080', annotations: scraped(8080), phase: 'Succeeded' }),
      ],
      [SCRAPE_JOBS.envoy]: [
        discovered({ name: 'gateway-pod', ip: '10.244.2.3', address: '10.244.2.3:15090', containerPortName: 'http-envoy-prom', labels: { app: 'istio-ingressgateway' } }),
        discovered({ name: 'merged-pod', ip: '10.244.2.4', address: '10.244.2.4:15090', containerPortName: 'http-envoy-prom', annotations: scraped(15020) }),
        discovered({ name: 'app-port', ip: '10.244.2.4', address: '10.244.2.4:8080', containerPortName: 'http', annotations: scraped(15020) }),
        discovered({ name: 'pending-gateway', ip: '10.244.2.5', address: '10.244.2.5:15090', containerPortName: 'http-envoy-prom', phase: 'Pending' }),
      ],
    };
    const declared = Object.values(targets).flat().length + 1;
    const jobs = config.scrape_configs.map((job): ScrapeConfig => {
      if (!job.kubernetes_sd_configs) return job;
      const { kubernetes_sd_configs: _sd, ...rest } = job;
      return { ...rest, scrape_interval: '1s', scrape_timeout: '1s', static_configs: targets[job.job_name] };
    });
    const text = stringify({ global: config.global, scrape_configs: jobs });
    if (prometheus && text === runningConfig) return;
    await prometheus?.stop();
    prometheus = undefined;
    prometheus = await startPrometheus(binary, () => text);
    runningConfig = text;
    // Until every declared target is kept or dropped and each kept one has been scraped once (up or down).
    const deadline = Date.now() + 30_000;
    for (;;) {
      data = await prometheus.api<TargetsData>('/api/v1/targets');
      const settled = data.activeTargets.length + data.droppedTargets.length >= declared && data.activeTargets.every((t) => t.health !== 'unknown');
      if (settled || Date.now() > deadline) break;
      await sleep(250);
    }
  });

  after(async () => {
    await prometheus?.stop();
    prometheus = undefined;
    runningConfig = undefined;
    await server?.close();
  });

  const urlsOf = (job: string) => data.activeTargets.filter((t) => t.labels.job === job).map((t) => t.scrapeUrl).sort();
  const target = (pod: string) => data.activeTargets.find((t) => t.labels.pod === pod)!;

  it('scrapes annotated running pods on their annotated port and path: IPv4 as ip:port, IPv6 as [ip]:port', () => {
    expect(urlsOf(SCRAPE_JOBS.pods)).to.deep.equal(
      [
        `http://127.0.0.1:${server!.port}/metrics`,
        'http://10.244.1.17:15020/metrics',
        'http://[fd00:10:244:1::2a]:15020/metrics',
        'http://[2001:db8:0:0:0:0:0:1]:8080/metrics',
        'https://10.244.1.18:8443/stats',
      ].sort(),
    );
    expect(target('v6-pod').labels.instance).to.equal('[fd00:10:244:1::2a]:15020');
  });

  it('drops pods that are not annotated, opted out, pending or finished, and proxies already merged on 15020', () => {
    const dropped = data.droppedTargets.map((t) => t.discoveredLabels.__meta_kubernetes_pod_name ?? `${t.discoveredLabels.__meta_kubernetes_service_name}:${t.discoveredLabels.__meta_kubernetes_endpoint_port_name}`);
    expect(dropped.sort()).to.deep.equal(
      [
        // kubernetes-pods
        'unannotated-pod', 'opted-out-pod', 'pending-pod', 'done-pod',
        // envoy-stats: the merged pod's Envoy port, an app port (not *-envoy-prom), a pending gateway
        'merged-pod', 'app-port', 'pending-gateway',
      ].sort(),
    );
  });

  it("keeps the proxies' Envoy stats", () => {
    expect(urlsOf(SCRAPE_JOBS.envoy)).to.deep.equal(['http://10.244.2.3:15090/stats/prometheus']);
    expect(urlsOf(SCRAPE_JOBS.prometheus)).to.deep.equal(['http://localhost:9090/metrics']);
  });

  it('discovers pods in every namespace (istiod is one of them: its pods carry the scrape annotations)', () => {
    expect(discovery).to.deep.equal({
      [SCRAPE_JOBS.prometheus]: undefined,
      [SCRAPE_JOBS.pods]: [{ role: 'pod' }],
      [SCRAPE_JOBS.envoy]: [{ role: 'pod' }],
    });
  });

  it('labels series with the pod labels, namespace and pod', () => {
    expect(target('v4-pod').labels).to.deep.include({ job: SCRAPE_JOBS.pods, namespace: 'dog-app', pod: 'v4-pod', app: 'dog-app', version: 'v1' });
    expect(target('gateway-pod').labels).to.deep.include({ job: SCRAPE_JOBS.envoy, namespace: 'dog-app', pod: 'gateway-pod', app: 'istio-ingressgateway' });
  });

  it("scrapes the pod there (up), keeping the app's own labels over the target's (honor_labels)", async () => {
    expect(`${target('v4-pod').health} ${target('v4-pod').lastError}`.trim()).to.equal('up');
    const deadline = Date.now() + 30_000;
    let result: { metric: Record<string, string> }[] = [];
    while (Date.now() < deadline) {
      ({ result } = await prometheus!.api<{ result: { metric: Record<string, string> }[] }>('/api/v1/query', { query: 'relabel_probe' }));
      if (result.length) break;
      await sleep(250);
    }
    expect(result.map((r) => r.metric)).to.deep.equal([{ __name__: 'relabel_probe', namespace: 'from-app', pod: 'v4-pod', app: 'dog-app', version: 'v1', instance: `127.0.0.1:${server!.port}`, job: SCRAPE_JOBS.pods }]);
  });
});
