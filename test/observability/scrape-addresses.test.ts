import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { SCRAPE_JOBS, type PrometheusConfig, type ScrapeConfig } from '../../constructs/observability/prometheus-config.js';
import { find, synthAddons } from './support/addons-synth.js';
import { requireProgram } from './support/programs.js';
import { startPrometheus, type RunningPrometheus } from './support/prometheus-server.js';

interface TargetsData {
  activeTargets: { discoveredLabels: Record<string, string>; labels: Record<string, string>; scrapeUrl: string; health: string; lastError: string }[];
}

/** A metrics endpoint on a loopback address. */
async function metricsOn(host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end('# TYPE up_probe gauge\nup_probe 1\n');
  });
  server.listen(0, host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What Kubernetes pod discovery gives a running, annotated pod with this IP. */
function discoveredPod(name: string, ip: string, port: number): Record<string, string> {
  return {
    __meta_kubernetes_namespace: 'dog-app',
    __meta_kubernetes_pod_name: name,
    __meta_kubernetes_pod_ip: ip,
    __meta_kubernetes_pod_phase: 'Running',
    __meta_kubernetes_pod_label_app: 'dog-app',
    __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
    __meta_kubernetes_pod_annotation_prometheus_io_path: '/metrics',
    __meta_kubernetes_pod_annotation_prometheus_io_port: String(port),
  };
}

/**
 * The synthesized `kubernetes-pods` job, its discovery swapped for static targets that carry the labels pod
 * discovery would give (Debian's Prometheus has no Kubernetes discovery); the relabel rules run unchanged.
 * Discovery sets `__address__` to `<pod IP>:<first container port>`, or the bare IP when no port is declared;
 * the rules must replace it with the annotated port, bracketing an IPv6 address as a URL needs.
 */
describe('Prometheus scrape addresses of annotated pods, relabelled by a real Prometheus', function () {
  this.timeout(90_000);
  let prometheus: RunningPrometheus | undefined;
  const servers: { close(): Promise<void> }[] = [];
  let v4Port: number;

  before(async function () {
    const binary = requireProgram(this, 'prometheus', 'prometheus');
    const { objects } = synthAddons();
    const config = parse(find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml']) as PrometheusConfig;
    const v4 = await metricsOn('127.0.0.1');
    servers.push(v4);
    v4Port = v4.port;
    const pods = config.scrape_configs.find((j) => j.job_name === SCRAPE_JOBS.pods)!;
    const { kubernetes_sd_configs: _sd, ...rest } = pods;
    const job: ScrapeConfig = {
      ...rest,
      scrape_interval: '1s',
      scrape_timeout: '1s',
      static_configs: [
        { targets: ['127.0.0.1'], labels: discoveredPod('v4-pod', '127.0.0.1', v4.port) },
        { targets: ['[fd00:10:244:1::2a]:8080'], labels: discoveredPod('v6-pod', 'fd00:10:244:1::2a', 15020) },
        { targets: ['[2001:db8:0:0:0:0:0:1]'], labels: discoveredPod('v6-full-pod', '2001:db8:0:0:0:0:0:1', 8080) },
        { targets: ['10.244.1.17:8080'], labels: discoveredPod('v4-cluster-pod', '10.244.1.17', 15020) },
      ],
    };
    prometheus = await startPrometheus(binary, () => stringify({ global: config.global, scrape_configs: [job] }));
  });

  after(async () => {
    await prometheus?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function targets(until: (data: TargetsData) => boolean): Promise<TargetsData> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const data = await prometheus!.api<TargetsData>('/api/v1/targets');
      if (until(data)) return data;
      if (Date.now() > deadline) throw new Error(`targets not ready: ${JSON.stringify(data.activeTargets.map((t) => [t.scrapeUrl, t.health]))}`);
      await sleep(250);
    }
  }

  const byPod = (data: TargetsData) => Object.fromEntries(data.activeTargets.map((t) => [t.labels.pod, t]));

  it('scrapes every pod on its annotated port: IPv4 as ip:port, IPv6 as [ip]:port', async () => {
    const data = await targets((d) => d.activeTargets.length === 4);
    const urls = Object.fromEntries(Object.entries(byPod(data)).map(([pod, t]) => [pod, t.scrapeUrl]));
    expect(byPod(data)['v6-pod'].labels).to.include({ instance: '[fd00:10:244:1::2a]:15020', namespace: 'dog-app', pod: 'v6-pod', app: 'dog-app' });
    expect(urls).to.deep.equal({
      'v4-pod': `http://127.0.0.1:${v4Port}/metrics`,
      'v6-pod': 'http://[fd00:10:244:1::2a]:15020/metrics',
      'v6-full-pod': 'http://[2001:db8:0:0:0:0:0:1]:8080/metrics',
      'v4-cluster-pod': 'http://10.244.1.17:15020/metrics',
    });
  });

  it('reaches the pod there: the annotated port serves its metrics (up)', async () => {
    const data = await targets((d) => (byPod(d)['v4-pod']?.health ?? 'unknown') !== 'unknown');
    const pod = byPod(data)['v4-pod'];
    expect(`${pod.health} ${pod.lastError}`.trim()).to.equal('up');
  });
});
