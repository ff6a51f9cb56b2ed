/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- synthesized manifests and parsed YAML are untyped JSON */
import * as kplus from 'cdk8s-plus-27';
import { expect } from 'chai';
import { parse } from 'yaml';
import { Kiali, type KialiProps } from '../../constructs/observability/kiali.js';
import { find, synthAddons, synthChart, type K8sObject } from './support/addons-synth.js';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
/** `group/resource: verbs`, one line per resource, as the ClusterRole grants them. */
const grants = (objects: K8sObject[]) =>
  (find(objects, 'ClusterRole', 'kiali').rules as Rule[]).flatMap((r) => r.resources.map((res) => `${r.apiGroups.join(',') || 'core'}/${res}: ${r.verbs.join(' ')}`));
const kialiConfig = (objects: K8sObject[]) => parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']);

/** Kiali alone, next to a Prometheus Service, for the parts ObservabilityAddons always fills in. */
function synthKiali(props: Omit<KialiProps, 'prometheusService'> = {}): K8sObject[] {
  return synthChart((chart) => {
    const prometheusService = new kplus.Service(chart, 'prom', { metadata: { name: 'prom', namespace: 'metrics' }, ports: [{ name: 'http', port: 9091 }] });
    new Kiali(chart, 'kiali', { prometheusService, ...props });
  });
}

const READ = 'get list watch';
const KIALI_READS = [
  `core/configmaps: ${READ}`,
  `core/endpoints: ${READ}`,
  `core/pods/log: ${READ}`,
];
const ISTIO_GROUPS = ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'gateway.networking.k8s.io'];
const WORKLOADS = ['core/namespaces', 'core/pods', 'core/replicationcontrollers', 'core/services', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/cronjobs', 'batch/jobs'];
const ALWAYS = [
  'authentication.k8s.io/tokenreviews: create',
  'authorization.k8s.io/selfsubjectaccessreviews: create',
  `admissionregistration.k8s.io/mutatingwebhookconfigurations: ${READ}`,
  'core/pods/portforward: create post',
];

/**
 * Kiali's RBAC and config.yaml: what it may read and change in the cluster (its graph, workload pages and
 * Istio config views each need their resources), and where it finds Prometheus, Grafana and the traces.
 */
describe('Kiali', () => {
  it('view-only: reads workloads, their logs and every Istio API group, and changes nothing', () => {
    expect(grants(synthAddons().objects)).to.deep.equal([
      ...KIALI_READS,
      ...WORKLOADS.map((w) => `${w}: ${READ}`),
      ...ISTIO_GROUPS.map((g) => `${g}/*: ${READ}`),
      ...ALWAYS,
    ]);
  });

  it('not view-only: may also patch workloads, and create, delete and patch Istio configuration', () => {
    const objects = synthAddons({ kiali: { viewOnly: false } }).objects;
    expect(grants(objects)).to.deep.equal([
      ...KIALI_READS,
      ...WORKLOADS.map((w) => `${w}: ${READ} patch`),
      ...ISTIO_GROUPS.map((g) => `${g}/*: ${READ} create delete patch`),
      ...ALWAYS,
    ]);
    expect(kialiConfig(objects).deployment.view_only_mode).to.equal(false);
  });

  it('writes the config Kiali v2 reads: token login, cluster-wide, the addon URLs, UI on 20001 under /kiali, metrics on 9090', () => {
    expect(kialiConfig(synthAddons().objects)).to.deep.equal({
      auth: { strategy: 'token' },
      deployment: { cluster_wide_access: true, namespace: 'istio-system', instance_name: 'kiali', view_only_mode: true },
      external_services: {
        custom_dashboards: { enabled: true },
        istio: { root_namespace: 'istio-system' },
        prometheus: { url: 'http://prometheus.istio-system.svc.cluster.local:9090' },
        grafana: {
          enabled: true,
          internal_url: 'http://grafana.istio-system.svc.cluster.local:3000',
          external_url: 'http://localhost:3000',
          dashboards: [{ name: 'Dog app', variables: { namespace: 'var-namespace', app: 'var-app' } }],
        },
        tracing: {
          enabled: true,
          provider: 'jaeger',
          internal_url: 'http://tracing.istio-system.svc.cluster.local:16685/jaeger',
          use_grpc: true,
          external_url: 'http://localhost:16686/jaeger',
        },
      },
      server: { port: 20001, web_root: '/kiali', observability: { metrics: { enabled: true, port: 9090 } } },
    });
  });

  it('links to Grafana and the tracing UI at the external URLs given, and finds the addons in the namespace and cluster domain given', () => {
    const config = kialiConfig(synthAddons({ kiali: { grafanaExternalUrl: 'https://grafana.example', tracingExternalUrl: 'https://traces.example/jaeger' } }).objects);
    expect(config.external_services.grafana.external_url).to.equal('https://grafana.example');
    expect(config.external_services.tracing.external_url).to.equal('https://traces.example/jaeger');
    expect(config.deployment.namespace).to.equal('istio-system');
    const observability = kialiConfig(synthAddons({ namespace: 'observability', clusterDomain: 'corp.local' }).objects);
    expect(observability.deployment.namespace).to.equal('observability');
    expect(observability.external_services.prometheus.url).to.equal('http://prometheus.observability.svc.corp.local:9090');
    expect(observability.external_services.grafana.internal_url).to.equal('http://grafana.observability.svc.corp.local:3000');
    expect(observability.external_services.tracing.internal_url).to.equal('http://tracing.observability.svc.corp.local:16685/jaeger');
  });

  it('runs without Grafana or tracing when not given them, reading the Prometheus Service it is given', () => {
    const objects = synthKiali();
    const config = kialiConfig(objects);
    expect(config.external_services.grafana).to.deep.equal({ enabled: false });
    expect(config.external_services.tracing).to.deep.equal({ enabled: false });
    expect(config.external_services.prometheus).to.deep.equal({ url: 'http://prom.metrics.svc.cluster.local:9091' });
    expect(config.external_services.istio).to.deep.equal({ root_namespace: 'istio-system' });
    expect(find(objects, 'Deployment', 'kiali').metadata.namespace).to.equal('istio-system');
  });

  it('links no Grafana dashboard unless given some', () => {
    const objects = synthChart((chart) => {
      const prometheusService = new kplus.Service(chart, 'prom', { metadata: { name: 'prom', namespace: 'metrics' }, ports: [{ name: 'http', port: 9091 }] });
      const grafanaService = new kplus.Service(chart, 'graf', { metadata: { name: 'graf', namespace: 'metrics' }, ports: [{ name: 'http', port: 3001 }] });
      new Kiali(chart, 'kiali', { prometheusService, grafanaService, namespace: 'mesh-ui', istioNamespace: 'istio-control' });
    });
    const config = kialiConfig(objects);
    expect(config.external_services.grafana).to.deep.equal({ enabled: true, internal_url: 'http://graf.metrics.svc.cluster.local:3001', external_url: 'http://localhost:3000', dashboards: [] });
    expect(config.external_services.istio.root_namespace).to.equal('istio-control');
    expect(config.deployment.namespace).to.equal('mesh-ui');
  });

  it('mounts no signing key with anonymous login, and the key given with token login', () => {
    const mounts = (objects: K8sObject[]) => (find(objects, 'Deployment', 'kiali').spec.template.spec.containers[0].volumeMounts as { mountPath: string }[]).map((m) => m.mountPath);
    expect(mounts(synthKiali({ authStrategy: 'anonymous' }))).to.deep.equal(['/kiali-configuration']);
    expect(kialiConfig(synthKiali({ authStrategy: 'anonymous' })).auth).to.deep.equal({ strategy: 'anonymous' });
    expect(mounts(synthKiali())).to.deep.equal(['/kiali-configuration', '/kiali-override-secrets/login-token-signing-key']);
  });

  it('rejects bad props with the prop, the value and what is allowed', () => {
    const message = (props: Omit<KialiProps, 'prometheusService'>) => {
      try {
        synthKiali(props);
      } catch (err) {
        return (err as Error).message;
      }
      return 'accepted';
    };
    expect(message({ viewOnly: 'no' as unknown as boolean })).to.include('- viewOnly: got "no"; expected true or false');
    expect(message({ tracingExternalUrl: 'ftp://traces' })).to.include("- tracingExternalUrl: got \"ftp://traces\"; expected an absolute http:// or https:// URL such as 'http://localhost:3000'");
    expect(message({ grafanaExternalUrl: 'http://grafana .example' })).to.include('- grafanaExternalUrl: got "http://grafana .example"');
    expect(message({ grafanaExternalUrl: 'https://grafana.example:8443/g' })).to.equal('accepted');
    expect(message({ istioNamespace: 'Istio' })).to.include('- istioNamespace: got "Istio"');
    expect(message({ namespace: 'UI' })).to.include('- namespace: got "UI"');
    expect(message({ image: 'kiali latest' })).to.include('- image: got "kiali latest"');
    expect(message({ signingKeySecret: { name: 'Bad Name' } })).to.include('- signingKeySecret.name: got "Bad Name"');
    expect(message({ signingKeySecret: { name: 'a'.repeat(253) } })).to.equal('accepted');
    expect(message({ signingKeySecret: { name: 'kiali.signing-key' } })).to.equal('accepted');
    expect(message({ signingKeySecret: { name: 'a'.repeat(254) } })).to.include('- signingKeySecret.name: got');
    expect(message({ authStrategy: 'openid' as 'token' })).to.include("- authStrategy: got \"openid\"; expected one of 'anonymous', 'token'");
  });
});
