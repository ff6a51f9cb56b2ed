import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropChecker } from '../prop-errors.js';
import { addonDeployment, addonIdentity, addonLabels, addonService, bindClusterRole, configChecksum, scratchVolume } from './addon-workload.js';
import { meshScrapeConfig, renderPrometheusConfig, type PrometheusConfig } from './prometheus-config.js';
import { prometheusDuration } from './prop-rules.js';

/** Prometheus as Istio 1.30's `samples/addons` ships it. */
export const PROMETHEUS_IMAGE = 'docker.io/prom/prometheus:v3.10.0';
/** Port of the Prometheus Service and container. */
export const PROMETHEUS_PORT = 9090;

/** Props of {@link Prometheus}. */
export interface PrometheusProps {
  /**
   * Namespace Prometheus runs in.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Container image.
   * @default 'docker.io/prom/prometheus:v3.10.0'
   */
  readonly image?: string;
  /**
   * How long samples are kept (`--storage.tsdb.retention.time`), a Prometheus duration of at least 1h.
   * @default '15d'
   */
  readonly retention?: string;
  /**
   * How often every target is scraped, a Prometheus duration of at least 1s.
   * @default '15s'
   */
  readonly scrapeInterval?: string;
  /**
   * Size limit of the data volume (an emptyDir: samples do not survive a pod restart), in MiB. The TSDB is
   * bounded to three quarters of it (`--storage.tsdb.retention.size`), leaving room for compaction, so that
   * the oldest blocks are deleted before the kubelet would evict the pod and lose every sample.
   * @default 4096
   */
  readonly storageMebibytes?: number;
}

/**
 * Prometheus for the mesh: a ServiceAccount allowed to discover pods, services and EndpointSlices, the scrape
 * configuration of {@link meshScrapeConfig} in a ConfigMap, one replica and a Service on 9090.
 */
export class Prometheus extends Construct {
  /** The scrape configuration, as typed objects. */
  public readonly config: PrometheusConfig;
  /** The ConfigMap holding `prometheus.yml`. */
  public readonly configMap: kplus.ConfigMap;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly clusterRole: kplus.ClusterRole;
  public readonly clusterRoleBinding: kplus.ClusterRoleBinding;
  public readonly deployment: kplus.Deployment;
  /** The Service, port 9090 named `http`. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: PrometheusProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const image = props.image ?? PROMETHEUS_IMAGE;
    const retention = props.retention ?? '15d';
    const scrapeInterval = props.scrapeInterval ?? '15s';
    const storageMebibytes = props.storageMebibytes ?? 4096;
    const check = new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .token('image', image)
      .integer('storageMebibytes', storageMebibytes, 256, 1_048_576);
    prometheusDuration(check, 'retention', retention, '1h');
    prometheusDuration(check, 'scrapeInterval', scrapeInterval, '1s');
    check.throwIfAny();

    const name = 'prometheus';
    ({ serviceAccount: this.serviceAccount, clusterRole: this.clusterRole } = addonIdentity(this, name, namespace));
    this.clusterRole.allowRead(kplus.ApiResource.PODS, kplus.ApiResource.SERVICES);
    this.clusterRole.allowRead(kplus.ApiResource.custom({ apiGroup: 'discovery.k8s.io', resourceType: 'endpointslices' }));
    this.clusterRoleBinding = bindClusterRole(this, 'cluster-role-binding', name, this.clusterRole, this.serviceAccount);

    this.config = meshScrapeConfig({ scrapeInterval, prometheusPort: PROMETHEUS_PORT });
    const configText = renderPrometheusConfig(this.config);
    this.configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name, namespace, labels: addonLabels(name) },
      data: { 'prometheus.yml': configText },
    });

    this.deployment = addonDeployment(this, 'deployment', {
      name,
      namespace,
      image,
      uid: 65534,
      serviceAccount: this.serviceAccount,
      podAnnotations: { 'checksum/config': configChecksum(configText) },
      args: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        `--storage.tsdb.retention.time=${retention}`,
        // Prometheus reads MB as 2^20 bytes. Without --web.enable-lifecycle, POST /-/quit and /-/reload are
        // refused; a configuration change rolls the pod through its checksum annotation instead.
        `--storage.tsdb.retention.size=${Math.floor((storageMebibytes * 3) / 4)}MB`,
        `--web.listen-address=:${PROMETHEUS_PORT}`,
      ],
      ports: [{ number: PROMETHEUS_PORT, name: 'http' }],
      readiness: kplus.Probe.fromHttpGet('/-/ready', { port: PROMETHEUS_PORT }),
      liveness: kplus.Probe.fromHttpGet('/-/healthy', { port: PROMETHEUS_PORT, failureThreshold: 6 }),
      resources: { cpuRequestMillis: 100, cpuLimitMillis: 1000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 2048 },
      volumeMounts: [
        { path: '/etc/prometheus', volume: kplus.Volume.fromConfigMap(this, 'config-volume', this.configMap, { name: 'config' }) },
        { path: '/prometheus', volume: scratchVolume(this, 'data-volume', 'data', storageMebibytes) },
      ],
    });

    this.service = addonService(this, 'service', {
      name,
      namespace,
      app: name,
      ports: [{ name: 'http', port: PROMETHEUS_PORT, targetPort: PROMETHEUS_PORT }],
      after: this.deployment,
    });
  }
}
