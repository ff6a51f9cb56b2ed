import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropChecker } from './prop-errors.js';

/** Props of {@link ObservabilityAddons}. */
export interface ObservabilityAddonsProps {
  /**
   * Namespace the addons run in (created elsewhere, usually by `istioctl install`).
   * @default 'istio-system'
   */
  readonly namespace?: string;

  /**
   * Prometheus container image.
   * @default 'docker.io/prom/prometheus:v3.10.0'
   */
  readonly prometheusImage?: string;
}

/** Prometheus for the mesh, scraping pods through their `prometheus.io/*` annotations. */
export class ObservabilityAddons extends Construct {
  /** The Prometheus server. */
  public readonly prometheus: kplus.Deployment;
  /** The Service in front of Prometheus, port 9090. */
  public readonly prometheusService: kplus.Service;

  constructor(scope: Construct, id: string, props: ObservabilityAddonsProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const image = props.prometheusImage ?? 'docker.io/prom/prometheus:v3.10.0';
    new PropChecker(this).dnsLabel('namespace', namespace).token('prometheusImage', image).throwIfAny();

    const labels = { app: 'prometheus' };
    const serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: 'prometheus', namespace },
    });
    const role = new kplus.ClusterRole(this, 'cluster-role', { metadata: { name: 'prometheus' } });
    role.allowRead(kplus.ApiResource.PODS, kplus.ApiResource.SERVICES, kplus.ApiResource.ENDPOINTS);
    role.bind(serviceAccount);

    const config = new kplus.ConfigMap(this, 'config', {
      metadata: { name: 'prometheus', namespace },
      data: { 'prometheus.yml': PROMETHEUS_CONFIG },
    });

    this.prometheus = new kplus.Deployment(this, 'deployment', {
      metadata: { name: 'prometheus', namespace, labels },
      replicas: 1,
      select: false,
      serviceAccount,
      automountServiceAccountToken: true,
      podMetadata: { labels: { ...labels, 'sidecar.istio.io/inject': 'false' } },
      containers: [
        {
          name: 'prometheus',
          image,
          args: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
          ports: [{ number: 9090, name: 'http' }],
          readiness: kplus.Probe.fromHttpGet('/-/ready', { port: 9090 }),
          liveness: kplus.Probe.fromHttpGet('/-/healthy', { port: 9090 }),
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(1000) },
            memory: { request: Size.mebibytes(256), limit: Size.mebibytes(1024) },
          },
          volumeMounts: [
            { path: '/etc/prometheus', volume: kplus.Volume.fromConfigMap(this, 'config-volume', config) },
            { path: '/prometheus', volume: kplus.Volume.fromEmptyDir(this, 'data-volume', 'data') },
          ],
        },
      ],
    });
    this.prometheus.select(kplus.LabelSelector.of({ labels }));

    this.prometheusService = new kplus.Service(this, 'service', {
      metadata: { name: 'prometheus', namespace, labels },
      ports: [{ name: 'http', port: 9090, targetPort: 9090 }],
    });
    this.prometheusService.selectLabel('app', 'prometheus');
    ApiObject.of(this.prometheusService).addDependency(this.prometheus);
  }
}

const PROMETHEUS_CONFIG = `global:
  scrape_interval: 15s
scrape_configs:
  - job_name: kubernetes-pods
    kubernetes_sd_configs:
      - role: pod
    relabel_configs:
      - action: keep
        source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_scrape]
        regex: "true"
      - action: replace
        source_labels: [__meta_kubernetes_pod_annotation_prometheus_io_path]
        regex: (.+)
        target_label: __metrics_path__
      - action: replace
        source_labels: [__address__, __meta_kubernetes_pod_annotation_prometheus_io_port]
        regex: ([^:]+)(?::\\d+)?;(\\d+)
        replacement: $1:$2
        target_label: __address__
      - action: replace
        source_labels: [__meta_kubernetes_namespace]
        target_label: namespace
      - action: replace
        source_labels: [__meta_kubernetes_pod_name]
        target_label: pod
`;
