import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import { SCRAPE_JOBS, type PrometheusConfig, type ScrapeConfig, type StaticConfig } from '../../constructs/observability/prometheus-config.js';
import { parseManifests, synthProject } from '../support/synth.js';
import { find, synthAddons, type K8sObject } from './support/addons-synth.js';
import { substituteVariables, variableDefaults, type DashboardModel } from './support/dashboards.js';
import {
  startDogAppTarget,
  startEnvoyStatsTarget,
  startIstiodTarget,
  type DogAppTarget,
  type EnvoyStatsTarget,
  type RunningServer,
} from './support/metrics-targets.js';
import { requireProgram } from './support/programs.js';
import { startPrometheus, type RunningPrometheus } from './support/prometheus-server.js';

const run = promisify(execFile);

/** The `prometheus.yml` of the observability chart that `cdk8s synth` of main.ts writes. */
async function distPrometheusConfig(): Promise<{ text: string; objects: K8sObject[] }> {
  const synthesized = await synthProject();
  const file = [...synthesized.keys()].find((f) => f.endsWith('observability.k8s.yaml'))!;
  const objects = parseManifests(synthesized.get(file)!) as K8sObject[];
  return { text: find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml'], objects };
}

async function promtool(binary: string, text: string): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-promtool-'));
  try {
    const file = join(dir, 'prometheus.yml');
    await writeFile(file, text);
    try {
      const { stdout, stderr } = await run(binary, ['check', 'config', file]);
      return { code: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, output: e.stdout + e.stderr };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const NO_KUBERNETES_SD = /field kubernetes_sd_configs not found/;
let warnedNoKubernetesSd = false;

/**
 * `promtool check config`. Debian's prometheus is built without Kubernetes service discovery (its Go client
 * is not packaged), so its promtool rejects `kubernetes_sd_configs` as an unknown field. Against such a build
 * the check runs again with each of those blocks swapped for a static target, which still checks everything
 * else (relabel actions and regexes, paths, durations); the blocks themselves are checked by the test below.
 */
async function promtoolCheck(binary: string, text: string): Promise<{ code: number; output: string }> {
  const first = await promtool(binary, text);
  if (first.code === 0 || !NO_KUBERNETES_SD.test(first.output)) return first;
  if (!warnedNoKubernetesSd) {
    console.warn('      (this promtool has no Kubernetes service discovery: kubernetes_sd_configs swapped for static targets)');
    warnedNoKubernetesSd = true;
  }
  const config = parse(text) as PrometheusConfig;
  const swapped = config.scrape_configs.map((job): ScrapeConfig => {
    if (!job.kubernetes_sd_configs) return job;
    const { kubernetes_sd_configs: _sd, ...rest } = job;
    return { ...rest, static_configs: [{ targets: ['kubernetes-sd.invalid:80'] }] };
  });
  return promtool(binary, stringify({ ...config, scrape_configs: swapped }));
}

describe('Prometheus configuration, checked by promtool', function () {
  this.timeout(60_000);
  let promtoolPath: string;
  before(function () {
    promtoolPath = requireProgram(this, 'promtool', 'prometheus');
  });

  it('accepts the configuration in dist/', async () => {
    const { text } = await distPrometheusConfig();
    const { code, output } = await promtoolCheck(promtoolPath, text);
    expect(code, output).to.equal(0);
    expect(output).to.match(/SUCCESS/);
  });

  it('accepts the configuration with other props', async () => {
    const { objects } = synthAddons({ istioNamespace: 'istio-control', prometheus: { scrapeInterval: '1m30s', retention: '2w' } });
    const { code, output } = await promtoolCheck(promtoolPath, find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml']);
    expect(code, output).to.equal(0);
  });

  it('rejects a broken configuration, so the check above can fail', async () => {
    const { text } = await distPrometheusConfig();
    const broken = text.replace('regex: (https?)', 'regex: (https?');
    expect(broken).to.not.equal(text);
    const { code, output } = await promtoolCheck(promtoolPath, broken);
    expect(code).to.not.equal(0);
    expect(output).to.match(/error parsing regexp/);
  });

  it('declares Kubernetes discovery as Prometheus documents it: pods everywhere, never the v1 Endpoints API', async () => {
    const config = parse((await distPrometheusConfig()).text) as PrometheusConfig;
    // role endpoints lists v1 Endpoints, deprecated in Kubernetes 1.33 (a warning on every list and watch).
    const roles = ['pod', 'endpointslice', 'service', 'node', 'ingress'];
    const discovered = config.scrape_configs.filter((job) => job.kubernetes_sd_configs);
    expect(discovered.map((j) => j.job_name)).to.deep.equal([SCRAPE_JOBS.pods, SCRAPE_JOBS.envoy]);
    for (const job of discovered) {
      for (const sd of job.kubernetes_sd_configs!) {
        expect(Object.keys(sd).every((k) => ['role', 'namespaces'].includes(k)), job.job_name).to.equal(true);
        expect(roles, job.job_name).to.include(sd.role);
        if (sd.namespaces) expect(Object.keys(sd.namespaces)).to.deep.equal(['names']);
      }
    }
    const byJob = Object.fromEntries(discovered.map((j) => [j.job_name, j.kubernetes_sd_configs]));
    expect(byJob[SCRAPE_JOBS.pods]).to.deep.equal([{ role: 'pod' }]);
    expect(byJob[SCRAPE_JOBS.envoy]).to.deep.equal([{ role: 'pod' }]);
  });
});

interface PrometheusDeploymentSpec {
  template: {
    spec: {
      containers: { args: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
      volumes: { name: string; emptyDir?: { sizeLimit: string } }[];
    };
  };
}

describe('Prometheus run with the Deployment\'s own flags', function () {
  this.timeout(60_000);
  let prometheus: RunningPrometheus | undefined;
  let args: string[];
  const OWN = ['--config.file=', '--storage.tsdb.path=', '--web.listen-address='];

  before(async function () {
    const binary = requireProgram(this, 'prometheus', 'prometheus');
    const { text, objects } = await distPrometheusConfig();
    args = (find(objects, 'Deployment', 'prometheus').spec as PrometheusDeploymentSpec).template.spec.containers[0].args;
    const config = parse(text) as PrometheusConfig;
    const selfOnly = { ...config, scrape_configs: config.scrape_configs.filter((j) => j.job_name === SCRAPE_JOBS.prometheus) };
    // Config file, data folder and address are the test's; every other flag is the Deployment's.
    prometheus = await startPrometheus(binary, () => stringify(selfOnly), args.filter((a) => !OWN.some((own) => a.startsWith(own))));
  });

  after(async () => {
    await prometheus?.stop();
  });

  it('bounds the TSDB by size, well under the size limit of its emptyDir, as well as by time', async () => {
    const { objects } = await distPrometheusConfig();
    const pod = (find(objects, 'Deployment', 'prometheus').spec as PrometheusDeploymentSpec).template.spec;
    const mount = pod.containers[0].volumeMounts.find((m) => m.mountPath === '/prometheus')!;
    const limit = pod.volumes.find((v) => v.name === mount.name)!.emptyDir!.sizeLimit;
    expect(limit).to.equal('4096Mi');
    const flags = await prometheus!.api<Record<string, string>>('/api/v1/status/flags');
    expect(flags['storage.tsdb.retention.time']).to.equal('15d');
    // As Prometheus parsed the flag: three quarters of the 4096 MiB limit (it reads MB as 2^20 bytes).
    expect(flags['storage.tsdb.retention.size']).to.equal('3GiB');
  });

  it('refuses POST /-/quit and /-/reload from whoever reaches its port, and keeps running', async () => {
    for (const path of ['/-/reload', '/-/quit']) {
      const response = await fetch(`${prometheus!.url}${path}`, { method: 'POST' });
      await response.text();
      expect(response.status, path).to.equal(403);
    }
    expect((await fetch(`${prometheus!.url}/-/ready`)).status).to.equal(200);
    expect(args).to.not.include('--web.enable-lifecycle');
  });
});

/** Kubernetes service-discovery labels of a pod, as `kubernetes_sd_configs` (role pod) would give them. */
function podMeta(pod: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  phase?: string;
  containerPortName?: string;
}): Record<string, string> {
  const meta: Record<string, string> = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    __meta_kubernetes_pod_ip: '127.0.0.1',
    __meta_kubernetes_pod_phase: pod.phase ?? 'Running',
  };
  for (const [k, v] of Object.entries(pod.labels)) meta[`__meta_kubernetes_pod_label_${k}`] = v;
  for (const [k, v] of Object.entries(pod.annotations ?? {})) meta[`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
  if (pod.containerPortName) meta.__meta_kubernetes_pod_container_port_name = pod.containerPortName;
  return meta;
}

/**
 * The same jobs with `kubernetes_sd_configs` swapped for `static_configs` that carry the labels Kubernetes
 * discovery would give each pod or endpoint: the relabel rules, paths and schemes run unchanged. Only the
 * scrape interval is shortened, and the `prometheus` job's target follows the test server's address.
 */
function staticVariant(config: PrometheusConfig, targets: Record<string, StaticConfig[]>, selfAddress: string): PrometheusConfig {
  const scrapeConfigs = config.scrape_configs.map((job): ScrapeConfig => {
    if (job.job_name === SCRAPE_JOBS.prometheus) return { ...job, static_configs: [{ targets: [selfAddress] }] };
    const staticConfigs = targets[job.job_name];
    if (!staticConfigs) throw new Error(`no static targets for job ${job.job_name}`);
    const { kubernetes_sd_configs: sd, scrape_interval: _interval, ...rest } = job;
    expect(sd, job.job_name).to.not.equal(undefined);
    return { ...rest, static_configs: staticConfigs };
  });
  return { ...config, global: { ...config.global, scrape_interval: '1s', evaluation_interval: '1s' }, scrape_configs: scrapeConfigs };
}

interface TargetsData {
  activeTargets: { labels: Record<string, string>; scrapeUrl: string; health: string; lastError: string }[];
  droppedTargets: { discoveredLabels: Record<string, string> }[];
}
interface VectorData {
  resultType: string;
  result: { metric: Record<string, string>; value: [number, string] }[];
}

describe('Prometheus scraping a dog-app with the synthesized jobs', function () {
  this.timeout(90_000);
  const requestsPerVersion = { v1: 5, v2: 3 };
  let prometheus: RunningPrometheus | undefined;
  const servers: RunningServer[] = [];
  let apps: Record<'v1' | 'v2', DogAppTarget>;
  let envoy: EnvoyStatsTarget;
  let istiod: RunningServer;
  let dashboards: DashboardModel[];

  before(async function () {
    const binary = requireProgram(this, 'prometheus', 'prometheus');
    const { text, objects } = await distPrometheusConfig();
    dashboards = Object.values(find(objects, 'ConfigMap', 'grafana-dashboards').data!).map((json) => JSON.parse(json) as DashboardModel);
    const config = parse(text) as PrometheusConfig;

    apps = { v1: await startDogAppTarget('v1'), v2: await startDogAppTarget('v2') };
    envoy = await startEnvoyStatsTarget();
    istiod = await startIstiodTarget();
    servers.push(apps.v1, apps.v2, envoy, istiod);

    const appPod = (version: string, port: number, extra: { phase?: string; annotations?: Record<string, string> } = {}) =>
      podMeta({
        name: `dog-app-${version}-7d9f8`,
        namespace: 'dog-app',
        labels: { app: 'dog-app', version },
        annotations: extra.annotations ?? { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(port) },
        phase: extra.phase,
      });
    const placeholder = '127.0.0.1:9';
    const targets: Record<string, StaticConfig[]> = {
      [SCRAPE_JOBS.pods]: [
        { targets: [placeholder], labels: appPod('v1', apps.v1.port) },
        { targets: [placeholder], labels: appPod('v2', apps.v2.port) },
        { targets: [placeholder], labels: appPod('v3', apps.v1.port, { annotations: {} }) },
        { targets: [placeholder], labels: appPod('v4', apps.v1.port, { phase: 'Pending' }) },
        // istiod's pods carry these annotations (Istio's istiod chart), so this job scrapes its 15014.
        {
          targets: [placeholder],
          labels: podMeta({
            name: 'istiod-6d8c',
            namespace: 'istio-system',
            labels: { app: 'istiod', istio: 'pilot' },
            annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(istiod.port) },
          }),
        },
      ],
      [SCRAPE_JOBS.envoy]: [
        {
          targets: [`127.0.0.1:${envoy.port}`],
          labels: podMeta({ name: 'ingressgateway-5c4d', namespace: 'istio-system', labels: { app: 'istio-ingressgateway' }, containerPortName: 'http-envoy-prom' }),
        },
        {
          targets: [`127.0.0.1:${envoy.port}`],
          labels: podMeta({
            name: 'merged-6b5f',
            namespace: 'dog-app',
            labels: { app: 'dog-app' },
            containerPortName: 'http-envoy-prom',
            annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '15020' },
          }),
        },
        { targets: [`127.0.0.1:${envoy.port}`], labels: podMeta({ name: 'app-port', namespace: 'dog-app', labels: { app: 'dog-app' }, containerPortName: 'http' }) },
      ],
    };
    prometheus = await startPrometheus(binary, (address) => stringify(staticVariant(config, targets, address)));

    // A rate only sees increments after a series' first sample, as with any counter that appears mid-way.
    envoy.record({ namespace: 'dog-app', app: 'dog-app', version: 'v1', code: 503, millis: 0, count: 0 });
    for (const version of ['v1', 'v2'] as const) {
      for (let i = 0; i < requestsPerVersion[version]; i++) {
        expect(await apps[version].hit()).to.equal(200);
        envoy.record({ namespace: 'dog-app', app: 'dog-app', version, code: 200, millis: 20 + 10 * i });
      }
    }
  });

  after(async () => {
    await prometheus?.stop();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<{ value: T; waitedMs: number }> {
    const started = Date.now();
    for (;;) {
      const value = await probe();
      if (value !== undefined) return { value, waitedMs: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(250);
    }
  }

  it('keeps exactly the pods (istiod among them, once) and proxies the relabel rules select, and scrapes them', async () => {
    const { value: data, waitedMs } = await until('every active target to be scraped', async () => {
      const data = await prometheus!.api<TargetsData>('/api/v1/targets');
      return data.activeTargets.length > 0 && data.activeTargets.every((t) => t.health !== 'unknown') ? data : undefined;
    });
    console.log(`      (all targets scraped after ${waitedMs} ms)`);
    const active = data.activeTargets.map((t) => `${t.labels.job} ${t.scrapeUrl} ${t.health} ${t.lastError}`.trim()).sort();
    expect(active).to.deep.equal(
      [
        `${SCRAPE_JOBS.envoy} http://127.0.0.1:${envoy.port}/stats/prometheus up`,
        `${SCRAPE_JOBS.pods} http://127.0.0.1:${istiod.port}/metrics up`,
        `${SCRAPE_JOBS.pods} http://127.0.0.1:${apps.v1.port}/metrics up`,
        `${SCRAPE_JOBS.pods} http://127.0.0.1:${apps.v2.port}/metrics up`,
        `${SCRAPE_JOBS.prometheus} ${prometheus!.url}/metrics up`,
      ].sort(),
    );
    expect(data.activeTargets.filter((t) => t.scrapeUrl.includes(`:${istiod.port}/`)), 'istiod scraped once').to.have.length(1);
    expect(data.droppedTargets).to.have.length(4);
    const v1 = data.activeTargets.find((t) => t.scrapeUrl.includes(`:${apps.v1.port}/`))!;
    expect(v1.labels).to.include({ namespace: 'dog-app', pod: 'dog-app-v1-7d9f8', app: 'dog-app', version: 'v1' });
  });

  it("collects the service's request counter per version, labelled with namespace, app and version", async () => {
    const query = `sum by (namespace, app, version) (http_requests_total{job="${SCRAPE_JOBS.pods}", route="/", status_code="200"})`;
    const { value: result, waitedMs } = await until('the request counter of both versions', async () => {
      const data = await prometheus!.api<VectorData>('/api/v1/query', { query });
      const byVersion = Object.fromEntries(data.result.map((r) => [r.metric.version, Number(r.value[1])]));
      return byVersion.v1 === requestsPerVersion.v1 && byVersion.v2 === requestsPerVersion.v2 ? data.result : undefined;
    });
    console.log(`      (request counter seen after ${waitedMs} ms more)`);
    for (const r of result) expect(r.metric).to.include({ namespace: 'dog-app', app: 'dog-app' });
  });

  /**
   * The series every dashboard query returns from the targets above before any further traffic: one per
   * version, route, cache, state or service the targets export, by the labels each panel groups by ('{}' for
   * an ungrouped sum). A wrong metric, label or filter returns none or other ones. Empty only where nothing
   * happened: no retry, no 4xx. Gauges also have their values (rates and quantiles are checked once traffic
   * flows, in the next test).
   */
  const EXPECTED_SERIES: Record<string, Record<string, string[]>> = {
    'dog-app': {
      'Requests per second by version': ['destination_version=v1', 'destination_version=v2'],
      // One minus the success ratio (the same query as the canary's success-rate check): a version with no 5xx shows 0.
      'Error rate (5xx share) by version': ['destination_version=v1', 'destination_version=v2'],
      'Latency p50 / p90 / p99 by version': ['destination_version=v1', 'destination_version=v2'],
      'Requests per second by response code and version': [
        'destination_version=v1,response_code=200',
        'destination_version=v1,response_code=503',
        'destination_version=v2,response_code=200',
      ],
      'Requests in flight by version': ['version=v1', 'version=v2'],
      'Requests per second by route and status': ['route=/,status_code=200'],
      'P99 response time by route': ['route=/'],
      'Dog API calls per second by outcome': ['outcome=success'],
      'Dog API p50 / p99 by endpoint': ['endpoint=breed_images', 'endpoint=breeds_list'],
      'Retries and breaker rejections per second/A': [],
      'Retries and breaker rejections per second/B': ['{}'],
      'Circuit breaker state (pods per state)': ['state=closed 2', 'state=half_open 0', 'state=open 0'],
      'Cache hit ratio': ['cache=breeds', 'cache=images'],
      'Stale entries served per second': ['cache=breeds', 'cache=images'],
      'Cache entries': ['cache=breeds 2', 'cache=images 2'],
    },
    'dog-app-mesh-overview': {
      'Requests per second': ['{}'],
      'Success rate (non-5xx)': ['{}'],
      '4xx per second': [],
      '5xx per second': ['{}'],
      'Requests per second by service': ['destination_service=dog-app.dog-app.svc.cluster.local'],
      'Success rate by service': ['destination_service=dog-app.dog-app.svc.cluster.local'],
      'P99 latency by service': ['destination_service=dog-app.dog-app.svc.cluster.local'],
      'Requests per second by response code': ['response_code=200', 'response_code=503'],
      'Proxies connected to istiod': ['{} 3'],
      'xDS pushes per second by type': ['type=cds'],
    },
  };
  const GAUGES = new Set(['Circuit breaker state (pods per state)', 'Cache entries', 'Proxies connected to istiod']);

  it("evaluates every dashboard query at the dashboards' default variables to the series the targets export", async () => {
    let evaluated = 0;
    for (const dashboard of dashboards) {
      const expected = EXPECTED_SERIES[dashboard.uid];
      expect(expected, dashboard.uid).to.exist;
      const defaults = variableDefaults(dashboard);
      for (const panel of dashboard.panels.filter((p) => p.targets)) {
        for (const target of panel.targets!) {
          const key = expected[`${panel.title}/${target.refId}`] ? `${panel.title}/${target.refId}` : panel.title;
          const want = expected[key];
          expect(want, `${dashboard.uid} / ${key}: no expected series`).to.exist;
          const query = substituteVariables(target.expr, defaults);
          const series = (result: VectorData['result']) =>
            result
              .map((r) => {
                const labels = Object.entries(r.metric).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',') || '{}';
                return GAUGES.has(panel.title) ? `${labels} ${r.value[1]}` : labels;
              })
              .sort();
          let got: string[] = [];
          await until(`${dashboard.uid} / ${key} to return ${JSON.stringify(want)}`, async () => {
            const data = await prometheus!.api<VectorData>('/api/v1/query', { query });
            expect(data.resultType, `${dashboard.uid} / ${key}`).to.equal('vector');
            got = series(data.result);
            return JSON.stringify(got) === JSON.stringify(want) ? got : undefined;
          }).catch(() => undefined);
          expect(got, `${dashboard.uid} / ${key}: ${query}`).to.deep.equal(want);
          evaluated++;
        }
      }
    }
    expect(evaluated).to.be.greaterThan(20);
  });

  it('shows the golden signals per version on the dog-app dashboard once traffic is scraped', async () => {
    const dashboard = dashboards.find((d) => d.uid === 'dog-app')!;
    const defaults = variableDefaults(dashboard);
    const panel = (title: string) => dashboard.panels.find((p) => p.title === title)!;
    const series = async (title: string, ref = 0) => {
      const query = substituteVariables(panel(title).targets![ref].expr, defaults);
      return (await prometheus!.api<VectorData>('/api/v1/query', { query })).result;
    };
    // Each target is scraped on its own schedule: wait for each panel until its rates have two samples.
    const labelValues = async (title: string, ref: number, label: string, want: string[], accept = (_v: number) => true) => {
      const { value } = await until(`${title} to show ${want.join(', ')}`, async () => {
        const result = await series(title, ref);
        const got = result.map((r) => r.metric[label] ?? '').sort();
        return JSON.stringify(got) === JSON.stringify(want) && result.every((r) => accept(Number(r.value[1]))) ? result : undefined;
      });
      return value;
    };
    await labelValues('Requests per second by version', 0, 'destination_version', ['v1', 'v2']);
    // New traffic after the first scrapes, so that rates are above zero: v1 answers one 503 in four.
    for (const [version, codes] of [['v1', [200, 503, 200, 200]], ['v2', [200, 200]]] as const) {
      for (const code of codes) {
        expect(await apps[version].hit()).to.equal(200);
        envoy.record({ namespace: 'dog-app', app: 'dog-app', version, code, millis: code === 503 ? 5 : 80 });
      }
    }
    const positive = (v: number) => v > 0;
    await labelValues('Requests per second by version', 0, 'destination_version', ['v1', 'v2'], positive);
    await labelValues('Latency p50 / p90 / p99 by version', 2, 'destination_version', ['v1', 'v2'], positive);
    const errorRates = await labelValues('Error rate (5xx share) by version', 0, 'destination_version', ['v1', 'v2'], (v) => v >= 0 && v < 1);
    expect(Object.fromEntries(errorRates.map((r) => [r.metric.destination_version, Number(r.value[1]) > 0]))).to.deep.equal({ v1: true, v2: false });
    await labelValues('Requests per second by route and status', 0, 'route', ['/'], positive);
    await labelValues('Cache hit ratio', 0, 'cache', ['breeds', 'images'], (v) => v > 0 && v <= 1);
    const mesh = dashboards.find((d) => d.uid === 'dog-app-mesh-overview')!;
    const proxies = mesh.panels.find((p) => p.title === 'Proxies connected to istiod')!.targets![0].expr;
    const connected = (await prometheus!.api<VectorData>('/api/v1/query', { query: proxies })).result;
    expect(connected.map((r) => Number(r.value[1]))).to.deep.equal([3]);
  });
});
