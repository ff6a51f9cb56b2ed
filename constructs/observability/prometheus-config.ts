import { toYaml } from './addon-workload.js';

/** One step of Prometheus relabelling (`relabel_configs`). */
export interface RelabelConfig {
  readonly action?: 'replace' | 'keep' | 'drop' | 'labelmap' | 'labeldrop' | 'labelkeep' | 'hashmod' | 'lowercase' | 'uppercase';
  readonly source_labels?: readonly string[];
  readonly separator?: string;
  readonly regex?: string;
  readonly target_label?: string;
  readonly replacement?: string;
}

/** Kubernetes service discovery (`kubernetes_sd_configs`), in-cluster. */
export interface KubernetesSdConfig {
  readonly role: 'pod' | 'endpoints' | 'endpointslice' | 'service' | 'node';
  readonly namespaces?: { readonly names: readonly string[] };
}

/** A fixed list of targets (`static_configs`) with the labels they start with. */
export interface StaticConfig {
  readonly targets: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/** One scrape job. */
export interface ScrapeConfig {
  readonly job_name: string;
  readonly scrape_interval?: string;
  readonly scrape_timeout?: string;
  readonly metrics_path?: string;
  readonly scheme?: 'http' | 'https';
  readonly honor_labels?: boolean;
  readonly kubernetes_sd_configs?: readonly KubernetesSdConfig[];
  readonly static_configs?: readonly StaticConfig[];
  readonly relabel_configs?: readonly RelabelConfig[];
}

/** The subset of `prometheus.yml` this project writes. */
export interface PrometheusConfig {
  readonly global: {
    readonly scrape_interval: string;
    readonly scrape_timeout?: string;
    readonly evaluation_interval: string;
  };
  readonly scrape_configs: readonly ScrapeConfig[];
}

/** Names of the scrape jobs, and so of the `job` label of what they collect. */
export const SCRAPE_JOBS = {
  /**
   * Every pod annotated `prometheus.io/scrape: "true"`: with Istio's metrics merging, app + Envoy + agent;
   * istiod too, whose pods Istio annotates for its monitoring port 15014.
   */
  pods: 'kubernetes-pods',
  /** Envoy's stats on `:15090/stats/prometheus` of proxies whose metrics are not merged. */
  envoy: 'envoy-stats',
  /** Prometheus itself. */
  prometheus: 'prometheus',
} as const;

/** The port where Istio's agent serves merged app + Envoy metrics when metrics merging is on. */
export const MERGED_METRICS_PORT = 15020;

/** The `app` label of istiod's pods (istioctl and Helm installs alike), and so of the series scraped from them. */
export const ISTIOD_APP = 'istiod';

/** Options of {@link meshScrapeConfig}. */
export interface MeshScrapeOptions {
  /** How often each target is scraped (a Prometheus duration). */
  readonly scrapeInterval: string;
  /** Port Prometheus itself listens on. */
  readonly prometheusPort: number;
}

const POD_LABELS: readonly RelabelConfig[] = [
  { action: 'labelmap', regex: '__meta_kubernetes_pod_label_(.+)' },
  { action: 'replace', source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { action: 'replace', source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
];

/**
 * A scrape configuration for an Istio mesh, following istio.io's Prometheus integration guide:
 * - `kubernetes-pods` honours the `prometheus.io/scrape|scheme|path|port` pod annotations. With metrics
 *   merging (Istio's default) the sidecar injector points them at the agent's port 15020, which serves the
 *   app's own metrics together with Envoy's `istio_*` metrics.
 *   istiod's pods are annotated for their monitoring port 15014, so this job scrapes istiod as well: no
 *   `istiod` job of its own, which would scrape it twice (and would need the deprecated v1 Endpoints API).
 * - `envoy-stats` keeps container ports named `*-envoy-prom` (15090), but drops pods whose metrics are merged
 *   on 15020: those are already scraped by `kubernetes-pods`, and scraping them twice would double every
 *   `istio_*` series in a `sum()`.
 * Pod labels (`app`, `version`, ...) become series labels, with `namespace` and `pod`.
 */
export function meshScrapeConfig(options: MeshScrapeOptions): PrometheusConfig {
  return {
    global: { scrape_interval: options.scrapeInterval, evaluation_interval: options.scrapeInterval },
    scrape_configs: [
      {
        job_name: SCRAPE_JOBS.prometheus,
        static_configs: [{ targets: [`localhost:${options.prometheusPort}`] }],
      },
      {
        job_name: SCRAPE_JOBS.pods,
        honor_labels: true,
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          { action: 'keep', source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true' },
          { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed|Completed' },
          {
            action: 'replace',
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'],
            regex: '(https?)',
            target_label: '__scheme__',
          },
          {
            action: 'replace',
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'],
            regex: '(.+)',
            target_label: '__metrics_path__',
          },
          {
            action: 'replace',
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
            regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
            replacement: '[$2]:$1',
            target_label: '__address__',
          },
          {
            action: 'replace',
            source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
            regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
            replacement: '$2:$1',
            target_label: '__address__',
          },
          ...POD_LABELS,
        ],
      },
      {
        job_name: SCRAPE_JOBS.envoy,
        metrics_path: '/stats/prometheus',
        kubernetes_sd_configs: [{ role: 'pod' }],
        relabel_configs: [
          { action: 'keep', source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: '.*-envoy-prom' },
          {
            action: 'drop',
            source_labels: [
              '__meta_kubernetes_pod_annotation_prometheus_io_scrape',
              '__meta_kubernetes_pod_annotation_prometheus_io_port',
            ],
            regex: `true;${MERGED_METRICS_PORT}`,
          },
          { action: 'drop', source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed|Completed' },
          ...POD_LABELS,
        ],
      },
    ],
  };
}

/** `prometheus.yml` text of a configuration. */
export function renderPrometheusConfig(config: PrometheusConfig): string {
  return toYaml(config);
}
