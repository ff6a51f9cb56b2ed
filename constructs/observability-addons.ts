import { Construct } from 'constructs';
import { type MeshExtensionProvider } from './mesh-extension-provider.js';
import { Jaeger } from './observability/jaeger.js';
import { PropChecker } from './prop-errors.js';
import { dogAppDashboard } from './observability/dashboards/dog-app.js';
import { meshOverviewDashboard } from './observability/dashboards/mesh-overview.js';
import { Grafana, PROMETHEUS_DATASOURCE, type GrafanaProps } from './observability/grafana.js';
import { Kiali, type KialiProps } from './observability/kiali.js';
import { Prometheus, type PrometheusProps } from './observability/prometheus.js';
import { oneOf } from './observability/prop-rules.js';
import { MeshTracing } from './observability/telemetry.js';
import { type TracingBackend } from './observability/tracing-backend.js';
import { Zipkin } from './observability/zipkin.js';
import { isDnsLabel } from './validation/names.js';

/** Prometheus settings of {@link ObservabilityAddons}: image, retention, scrape interval, storage. */
export type PrometheusOptions = Omit<PrometheusProps, 'namespace'>;
/** Grafana settings of {@link ObservabilityAddons}: image, anonymous viewers, admin Secret. */
export type GrafanaOptions = Omit<GrafanaProps, 'prometheusService' | 'prometheusScrapeInterval' | 'namespace' | 'clusterDomain'>;
/** Kiali settings of {@link ObservabilityAddons}: image, auth strategy, signing key Secret, view-only, external URLs. */
export type KialiOptions = Omit<
  KialiProps,
  'prometheusService' | 'grafanaService' | 'tracing' | 'namespace' | 'istioNamespace' | 'clusterDomain' | 'grafanaDashboards'
>;

/** The tracing backend and how much the mesh traces. */
export interface TracingOptions {
  /**
   * `jaeger` (UI with Kiali integration, OTLP from the proxies) or `zipkin`; one or the other, never both:
   * each owns the `tracing` Service.
   * @default 'jaeger'
   */
  readonly backend?: 'jaeger' | 'zipkin';
  /**
   * Container image of the backend.
   * @default 'docker.io/jaegertracing/jaeger:2.14.0' for Jaeger, 'docker.io/openzipkin/zipkin-slim:3.4.0' for Zipkin
   */
  readonly image?: string;
  /**
   * Share of requests traced by every proxy, 0 to 100, set mesh-wide by a Telemetry resource.
   * @default 1
   */
  readonly samplingPercentage?: number;
}

/** The app the dog-app dashboard opens on (it can switch to any other in the dashboard). */
export interface DashboardAppOptions {
  /**
   * The app's `app` label.
   * @default 'dog-app'
   */
  readonly name?: string;
  /**
   * The app's namespace.
   * @default 'dog-app'
   */
  readonly namespace?: string;
}

/** Props of {@link ObservabilityAddons}. */
export interface ObservabilityAddonsProps {
  /**
   * Namespace the addons run in (created elsewhere, usually by `istioctl install`).
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Istio's mesh root namespace: the mesh-wide Telemetry goes there, and Kiali validates against it.
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Kubernetes cluster DNS domain, used in every in-cluster URL the addons are given.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Prometheus settings.
   * @default {} (image v3.10.0, retention 15d, scrape interval 15s, 4 GiB emptyDir)
   */
  readonly prometheus?: PrometheusOptions;
  /**
   * Grafana settings.
   * @default {} (image 12.0.1, no anonymous access, admin from the optional Secret `grafana-admin`)
   */
  readonly grafana?: GrafanaOptions;
  /**
   * Kiali settings.
   * @default {} (image v2.26, auth strategy token, view-only)
   */
  readonly kiali?: KialiOptions;
  /**
   * Tracing backend and sampling.
   * @default {} (Jaeger, 1% sampling)
   */
  readonly tracing?: TracingOptions;
  /**
   * The app the dog-app dashboard opens on.
   * @default { name: 'dog-app', namespace: 'dog-app' }
   */
  readonly dashboardApp?: DashboardAppOptions;
}

/**
 * Prometheus, Grafana, Kiali and a tracing backend (Jaeger or Zipkin) for an Istio mesh, wired to each other
 * through URLs derived from the Services they create, plus the mesh-wide Telemetry that turns tracing on.
 * Every addon pod is labelled `sidecar.istio.io/inject: "false"`.
 *
 * The mesh config must list {@link meshExtensionProvider} under `extensionProviders` (DogAppMesh's
 * IstioOperator does when given it; Istio's demo profile already has the `jaeger` one).
 */
export class ObservabilityAddons extends Construct {
  public readonly prometheus: Prometheus;
  public readonly grafana: Grafana;
  public readonly kiali: Kiali;
  /** The tracing backend: a {@link Jaeger} or a {@link Zipkin}. */
  public readonly tracing: TracingBackend;
  /** The mesh-wide Telemetry that sends spans to {@link tracing}. */
  public readonly meshTracing: MeshTracing;
  /** The `meshConfig.extensionProviders` entry for {@link tracing}, referenced by {@link meshTracing}. */
  public readonly meshExtensionProvider: MeshExtensionProvider;

  constructor(scope: Construct, id: string, props: ObservabilityAddonsProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const istioNamespace = props.istioNamespace ?? 'istio-system';
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    const backend = props.tracing?.backend ?? 'jaeger';
    const appName = props.dashboardApp?.name ?? 'dog-app';
    const appNamespace = props.dashboardApp?.namespace ?? 'dog-app';
    const check = new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .dnsLabel('istioNamespace', istioNamespace)
      .expect(
        typeof clusterDomain === 'string' && clusterDomain.split('.').every((label) => isDnsLabel(label)),
        'clusterDomain',
        clusterDomain,
        "expected a DNS domain such as 'cluster.local'",
      )
      .dnsLabel('dashboardApp.name', appName)
      .dnsLabel('dashboardApp.namespace', appNamespace);
    oneOf(check, 'tracing.backend', backend, ['jaeger', 'zipkin']);
    check.throwIfAny();

    this.prometheus = new Prometheus(this, 'prometheus', { ...props.prometheus, namespace });

    this.tracing =
      backend === 'jaeger'
        ? new Jaeger(this, 'jaeger', { namespace, clusterDomain, image: props.tracing?.image })
        : new Zipkin(this, 'zipkin', { namespace, clusterDomain, image: props.tracing?.image });
    this.meshExtensionProvider = this.tracing.meshExtensionProvider;
    this.meshTracing = new MeshTracing(this, 'mesh-tracing', {
      provider: this.meshExtensionProvider,
      samplingPercentage: props.tracing?.samplingPercentage,
      rootNamespace: istioNamespace,
    });

    this.grafana = new Grafana(this, 'grafana', {
      ...props.grafana,
      namespace,
      clusterDomain,
      prometheusService: this.prometheus.service,
      prometheusScrapeInterval: this.prometheus.config.global.scrape_interval,
    });
    this.grafana.addDashboard('mesh-overview', meshOverviewDashboard(PROMETHEUS_DATASOURCE), { home: true });
    const dogApp = dogAppDashboard(PROMETHEUS_DATASOURCE, { app: appName, namespace: appNamespace });
    this.grafana.addDashboard('dog-app', dogApp);

    this.kiali = new Kiali(this, 'kiali', {
      tracingExternalUrl: `http://localhost:${this.tracing.queryPort}${this.tracing.uiPath}`,
      ...props.kiali,
      namespace,
      istioNamespace,
      clusterDomain,
      prometheusService: this.prometheus.service,
      grafanaService: this.grafana.service,
      tracing: this.tracing.kiali,
      grafanaDashboards: [{ name: dogApp.title, variables: { namespace: 'var-namespace', app: 'var-app' } }],
    });
  }
}
