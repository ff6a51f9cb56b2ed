/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- synthesized manifests are untyped JSON; the assertions check their shape */
import { expect } from 'chai';
import { find, synthAddons, type K8sObject } from './support/addons-synth.js';

interface Probe {
  httpGet: { path: string; port: number; scheme: string };
  failureThreshold: number;
}
interface Volume {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: { sizeLimit: string };
}

const probe = (p: Probe | undefined) => (p ? `${p.httpGet.scheme} GET :${p.httpGet.port}${p.httpGet.path}, fails after ${p.failureThreshold}` : undefined);
const source = (v: Volume) => {
  const items = (list?: { key: string; path: string }[]) => (list ? ` ${list.map((i) => `${i.key}→${i.path}`).join(',')}` : '');
  if (v.configMap) return `configMap ${v.configMap.name}${items(v.configMap.items)}`;
  if (v.secret) return `secret ${v.secret.secretName}${items(v.secret.items)}`;
  if (v.emptyDir) return `emptyDir ${v.emptyDir.sizeLimit}`;
  return 'unknown';
};

/** What an addon's pod runs, as a reader of the Deployment checks it: one line per setting. */
function podSummary(deployment: K8sObject) {
  const pod = deployment.spec.template.spec;
  const c = pod.containers[0];
  const volumes = new Map((pod.volumes as Volume[]).map((v) => [v.name, v]));
  const env = Object.fromEntries(
    ((c.env ?? []) as { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; fieldRef?: { fieldPath: string } } }[]).map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) return [e.name, `secret ${ref.name}/${ref.key}${ref.optional ? ' (optional)' : ''}`];
      if (e.valueFrom?.fieldRef) return [e.name, `field ${e.valueFrom.fieldRef.fieldPath}`];
      return [e.name, e.value];
    }),
  );
  const annotations = { ...(deployment.spec.template.metadata.annotations as Record<string, string>) };
  const configChecksum = /^[0-9a-f]{16}$/.test(annotations['checksum/config'] ?? '');
  delete annotations['checksum/config'];
  return {
    configChecksum,
    user: [pod.securityContext.runAsUser, pod.securityContext.runAsGroup, pod.securityContext.fsGroup, c.securityContext.runAsUser, c.securityContext.runAsGroup],
    nonRoot: [pod.securityContext.runAsNonRoot, c.securityContext.runAsNonRoot],
    serviceAccount: pod.serviceAccountName as string | undefined,
    apiToken: pod.automountServiceAccountToken as boolean,
    annotations,
    command: c.command as string[] | undefined,
    args: c.args as string[] | undefined,
    env,
    ports: Object.fromEntries((c.ports as { name: string; containerPort: number }[]).map((p) => [p.name, p.containerPort])),
    readiness: probe(c.readinessProbe),
    liveness: probe(c.livenessProbe),
    startup: probe(c.startupProbe),
    resources: `cpu ${c.resources.requests.cpu}-${c.resources.limits.cpu}, memory ${c.resources.requests.memory}-${c.resources.limits.memory}`,
    mounts: Object.fromEntries(
      (c.volumeMounts as { name: string; mountPath: string; readOnly?: boolean }[]).map((m) => [m.mountPath, `${source(volumes.get(m.name)!)}${m.readOnly ? ' (read-only)' : ''}`]),
    ),
  };
}

/**
 * Each addon's pod as it must run: the uid the image is built for, the flags and files the program reads,
 * its ports by name (what Services and scrape annotations point at), probes on the paths the program
 * serves, requests and limits, and where each volume is mounted.
 */
describe('addon pods', () => {
  let objects: K8sObject[];
  beforeEach(() => ({ objects } = synthAddons()));

  it('Prometheus: its config file, TSDB path, retention by time and by 3/4 of the data volume, port 9090, probes on /-/ready and /-/healthy', () => {
    expect(podSummary(find(objects, 'Deployment', 'prometheus'))).to.deep.equal({
      configChecksum: true,
      user: [65534, 65534, 65534, 65534, 65534],
      nonRoot: [true, true],
      serviceAccount: 'prometheus',
      apiToken: true,
      annotations: {},
      command: undefined,
      args: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        '--storage.tsdb.retention.time=15d',
        '--storage.tsdb.retention.size=3072MB',
        '--web.listen-address=:9090',
      ],
      env: {},
      ports: { http: 9090 },
      readiness: 'HTTP GET :9090/-/ready, fails after 3',
      liveness: 'HTTP GET :9090/-/healthy, fails after 6',
      startup: undefined,
      resources: 'cpu 100m-1000m, memory 512Mi-2048Mi',
      mounts: { '/etc/prometheus': 'configMap prometheus', '/prometheus': 'emptyDir 4096Mi' },
    });
  });

  it('Prometheus: the TSDB size bound follows storageMebibytes, rounded down', () => {
    const d = find(synthAddons({ prometheus: { storageMebibytes: 1001 } }).objects, 'Deployment', 'prometheus');
    const summary = podSummary(d);
    expect(summary.args).to.include('--storage.tsdb.retention.size=750MB');
    expect(summary.mounts['/prometheus']).to.equal('emptyDir 1001Mi');
  });

  it("Grafana: started through the password script, provisioning and dashboards mounted where its env points, Secret credentials, port 3000, probes on /api/health", () => {
    const summary = podSummary(find(objects, 'Deployment', 'grafana'));
    expect(summary.command?.slice(0, 2)).to.deep.equal(['/bin/sh', '-c']);
    expect(summary.command?.slice(3)).to.deep.equal(['grafana-start', '/run.sh']);
    expect({ ...summary, command: undefined }).to.deep.equal({
      configChecksum: true,
      user: [472, 472, 472, 472, 472],
      nonRoot: [true, true],
      serviceAccount: undefined,
      apiToken: false,
      annotations: {},
      command: undefined,
      args: undefined,
      env: {
        GF_SECURITY_ADMIN_USER: 'secret grafana-admin/admin-user (optional)',
        GF_SECURITY_ADMIN_PASSWORD: 'secret grafana-admin/admin-password (optional)',
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
        GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer',
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_PATHS_DATA: '/var/lib/grafana',
        GF_PATHS_PROVISIONING: '/etc/grafana/provisioning',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
        GF_ANALYTICS_CHECK_FOR_UPDATES: 'false',
        GF_LOG_MODE: 'console',
        GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH: '/etc/grafana/dashboards/dog-app-mesh/mesh-overview.json',
      },
      ports: { http: 3000 },
      readiness: 'HTTP GET :3000/api/health, fails after 3',
      liveness: 'HTTP GET :3000/api/health, fails after 6',
      startup: undefined,
      resources: 'cpu 50m-500m, memory 128Mi-512Mi',
      mounts: {
        '/etc/grafana/provisioning/datasources': 'configMap grafana-provisioning datasources.yaml→datasources.yaml',
        '/etc/grafana/provisioning/dashboards': 'configMap grafana-provisioning dashboards.yaml→dashboards.yaml',
        '/etc/grafana/dashboards/dog-app-mesh': 'configMap grafana-dashboards',
        '/var/lib/grafana': 'emptyDir 1024Mi',
        '/tmp': 'emptyDir 64Mi',
      },
    });
  });

  it('Grafana: reads the admin Secret by the name and keys given', () => {
    const d = find(synthAddons({ grafana: { adminSecret: { name: 'creds', userKey: 'u', passwordKey: 'p' } } }).objects, 'Deployment', 'grafana');
    expect(podSummary(d).env).to.deep.include({ GF_SECURITY_ADMIN_USER: 'secret creds/u (optional)', GF_SECURITY_ADMIN_PASSWORD: 'secret creds/p (optional)' });
  });

  it('Kiali: its binary with the mounted config, the signing key where Kiali reads it, UI and metrics ports, probes under /kiali, scraped on 9090', () => {
    expect(podSummary(find(objects, 'Deployment', 'kiali'))).to.deep.equal({
      configChecksum: true,
      user: [1000, 1000, 1000, 1000, 1000],
      nonRoot: [true, true],
      serviceAccount: 'kiali',
      apiToken: true,
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'kiali.io/dashboards': 'go,kiali' },
      command: ['/opt/kiali/kiali', '-config', '/kiali-configuration/config.yaml'],
      args: undefined,
      env: { ACTIVE_NAMESPACE: 'field metadata.namespace' },
      ports: { http: 20001, 'http-metrics': 9090 },
      readiness: 'HTTP GET :20001/kiali/healthz, fails after 3',
      liveness: 'HTTP GET :20001/kiali/healthz, fails after 6',
      startup: 'HTTP GET :20001/kiali/healthz, fails after 30',
      resources: 'cpu 10m-500m, memory 64Mi-1024Mi',
      mounts: {
        '/kiali-configuration': 'configMap kiali',
        '/kiali-override-secrets/login-token-signing-key': 'secret kiali-signing-key key→value.txt (read-only)',
      },
    });
  });

  it('Jaeger: its config file, OTLP, Zipkin, query, health and metrics ports, probes on the health port, scraped on 8888', () => {
    expect(podSummary(find(objects, 'Deployment', 'jaeger'))).to.deep.equal({
      configChecksum: true,
      user: [10001, 10001, 10001, 10001, 10001],
      nonRoot: [true, true],
      serviceAccount: undefined,
      apiToken: false,
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8888' },
      command: undefined,
      args: ['--config', '/etc/jaeger/config.yaml'],
      env: {},
      ports: { 'grpc-otlp': 4317, 'http-otlp': 4318, 'http-zipkin': 9411, 'http-query': 16686, 'grpc-query': 16685, 'http-health': 13133, 'http-metrics': 8888 },
      readiness: 'HTTP GET :13133/status, fails after 3',
      liveness: 'HTTP GET :13133/status, fails after 6',
      startup: undefined,
      resources: 'cpu 50m-1000m, memory 256Mi-1024Mi',
      mounts: { '/etc/jaeger': 'configMap jaeger' },
    });
  });

  it('Zipkin: in-memory storage of maxSpans spans, its port 9411, probes on /health, a writable /tmp for the JVM', () => {
    const d = find(synthAddons({ tracing: { backend: 'zipkin' } }).objects, 'Deployment', 'zipkin');
    expect(podSummary(d)).to.deep.equal({
      user: [1000, 1000, 1000, 1000, 1000],
      nonRoot: [true, true],
      serviceAccount: undefined,
      apiToken: false,
      configChecksum: false,
      annotations: {},
      command: undefined,
      args: undefined,
      env: { STORAGE_TYPE: 'mem', MEM_MAXSPANS: '500000', QUERY_PORT: '9411', JAVA_OPTS: '-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp' },
      ports: { 'http-zipkin': 9411 },
      readiness: 'HTTP GET :9411/health, fails after 3',
      liveness: 'HTTP GET :9411/health, fails after 6',
      startup: 'HTTP GET :9411/health, fails after 30',
      resources: 'cpu 100m-1000m, memory 512Mi-1024Mi',
      mounts: { '/tmp': 'emptyDir 64Mi' },
    });
  });

  // A strategic-merge patch (kustomize, `kubectl patch`) finds a pod's volume by its name, and the API server refuses a
  // pod whose volume name is not a DNS label or is used twice.
  it('every add-on pod names its volumes with distinct DNS labels, stable for patches, each one mounted', () => {
    const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
    const deployments = [...synthAddons().objects, ...synthAddons({ tracing: { backend: 'zipkin' } }).objects].filter((o) => o.kind === 'Deployment');
    const names = Object.fromEntries(
      deployments.map((d) => {
        const pod = d.spec.template.spec;
        const volumes = (pod.volumes as Volume[]).map((v) => v.name);
        const mounted = new Set((pod.containers as { volumeMounts: { name: string }[] }[]).flatMap((c) => c.volumeMounts.map((m) => m.name)));
        for (const v of volumes) expect(v, `${d.metadata.name}: volume '${v}'`).to.match(dnsLabel).and.have.length.at.most(63);
        expect(new Set(volumes).size, `${d.metadata.name}: volume names ${volumes.join(', ')}`).to.equal(volumes.length);
        expect([...mounted].sort(), `${d.metadata.name}: mounted volumes`).to.deep.equal([...volumes].sort());
        return [d.metadata.name, volumes];
      }),
    );
    expect(names).to.deep.equal({
      prometheus: ['config', 'data'],
      grafana: ['datasources', 'dashboard-providers', 'dashboards', 'data', 'tmp'],
      kiali: ['config', 'login-token-signing-key'],
      jaeger: ['config'],
      zipkin: ['tmp'],
    });
  });
});
