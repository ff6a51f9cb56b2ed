import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type MeshExtensionProvider } from '../mesh-extension-provider.js';
import { PropChecker } from '../prop-errors.js';
import { addonDeployment, addonLabels, addonService, configChecksum, serviceHost, serviceUrl, toYaml } from './addon-workload.js';
import { type KialiTracingSource, type TracingBackend } from './tracing-backend.js';

/** Jaeger as Istio 1.30's `samples/addons` ships it. */
export const JAEGER_IMAGE = 'docker.io/jaegertracing/jaeger:2.14.0';

const PORTS = { otlpGrpc: 4317, otlpHttp: 4318, zipkin: 9411, queryHttp: 16686, queryGrpc: 16685, health: 13133, metrics: 8888 };
const BASE_PATH = '/jaeger';

/** Props of {@link Jaeger}. */
export interface JaegerProps {
  /**
   * Namespace Jaeger runs in.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Container image (Jaeger v2).
   * @default 'docker.io/jaegertracing/jaeger:2.14.0'
   */
  readonly image?: string;
  /**
   * Traces kept in memory; the oldest are dropped beyond it, and all are lost when the pod restarts.
   * @default 50000
   */
  readonly maxTraces?: number;
  /**
   * Kubernetes cluster DNS domain, used in the mesh extension provider's service name.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Jaeger v2 all-in-one with in-memory storage: receives OTLP (4317 gRPC, 4318 HTTP) and Zipkin (9411) on the
 * `jaeger-collector` Service, serves its UI under `/jaeger` (16686) and its gRPC query API (16685) on the
 * `tracing` Service. Istio's proxies reach it through the `jaeger` extension provider (OpenTelemetry).
 */
export class Jaeger extends Construct implements TracingBackend {
  public readonly kind = 'jaeger' as const;
  public readonly meshExtensionProvider: MeshExtensionProvider;
  /** The Jaeger v2 (OpenTelemetry Collector) configuration, as objects. */
  public readonly config: Record<string, unknown>;
  public readonly configMap: kplus.ConfigMap;
  public readonly deployment: kplus.Deployment;
  /** `tracing`: UI on 16686 (`http-query`), gRPC query on 16685 (`grpc-query`). */
  public readonly queryService: kplus.Service;
  /** `jaeger-collector`: OTLP on 4317 (`grpc-otlp`) and 4318 (`http-otlp`), Zipkin on 9411 (`http-zipkin`). */
  public readonly collectorService: kplus.Service;
  public readonly queryPort = PORTS.queryHttp;
  public readonly uiPath = BASE_PATH;
  public readonly kiali: KialiTracingSource;

  constructor(scope: Construct, id: string, props: JaegerProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const image = props.image ?? JAEGER_IMAGE;
    const maxTraces = props.maxTraces ?? 50_000;
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .token('image', image)
      .integer('maxTraces', maxTraces, 1000, 10_000_000)
      .throwIfAny();

    const name = 'jaeger';
    const all = (port: number) => `0.0.0.0:${port}`;
    this.config = {
      service: {
        extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
        pipelines: { traces: { receivers: ['otlp', 'zipkin'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
        telemetry: {
          resource: { 'service.name': name },
          metrics: { level: 'basic', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: PORTS.metrics } } } }] },
          logs: { level: 'info' },
        },
      },
      extensions: {
        healthcheckv2: { use_v2: true, http: { endpoint: all(PORTS.health) } },
        jaeger_storage: { backends: { memstore: { memory: { max_traces: maxTraces } } } },
        jaeger_query: {
          base_path: BASE_PATH,
          storage: { traces: 'memstore' },
          http: { endpoint: all(PORTS.queryHttp) },
          grpc: { endpoint: all(PORTS.queryGrpc) },
        },
      },
      receivers: {
        otlp: { protocols: { grpc: { endpoint: all(PORTS.otlpGrpc) }, http: { endpoint: all(PORTS.otlpHttp) } } },
        zipkin: { endpoint: all(PORTS.zipkin) },
      },
      processors: { batch: {} },
      exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
    };
    const configText = toYaml(this.config);
    this.configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name, namespace, labels: addonLabels(name) },
      data: { 'config.yaml': configText },
    });

    this.deployment = addonDeployment(this, 'deployment', {
      name,
      namespace,
      image,
      uid: 10001,
      podAnnotations: {
        'checksum/config': configChecksum(configText),
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(PORTS.metrics),
      },
      args: ['--config', '/etc/jaeger/config.yaml'],
      ports: [
        { number: PORTS.otlpGrpc, name: 'grpc-otlp' },
        { number: PORTS.otlpHttp, name: 'http-otlp' },
        { number: PORTS.zipkin, name: 'http-zipkin' },
        { number: PORTS.queryHttp, name: 'http-query' },
        { number: PORTS.queryGrpc, name: 'grpc-query' },
        { number: PORTS.health, name: 'http-health' },
        { number: PORTS.metrics, name: 'http-metrics' },
      ],
      readiness: kplus.Probe.fromHttpGet('/status', { port: PORTS.health }),
      liveness: kplus.Probe.fromHttpGet('/status', { port: PORTS.health, failureThreshold: 6 }),
      resources: { cpuRequestMillis: 50, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 1024 },
      volumeMounts: [{ path: '/etc/jaeger', volume: kplus.Volume.fromConfigMap(this, 'config-volume', this.configMap, { name: 'config' }) }],
    });

    this.queryService = addonService(this, 'query-service', {
      name: 'tracing',
      namespace,
      app: name,
      ports: [
        { name: 'http-query', port: PORTS.queryHttp, targetPort: PORTS.queryHttp },
        { name: 'grpc-query', port: PORTS.queryGrpc, targetPort: PORTS.queryGrpc },
      ],
      after: this.deployment,
    });
    this.collectorService = addonService(this, 'collector-service', {
      name: 'jaeger-collector',
      namespace,
      app: name,
      ports: [
        { name: 'grpc-otlp', port: PORTS.otlpGrpc, targetPort: PORTS.otlpGrpc },
        { name: 'http-otlp', port: PORTS.otlpHttp, targetPort: PORTS.otlpHttp },
        { name: 'http-zipkin', port: PORTS.zipkin, targetPort: PORTS.zipkin },
      ],
      after: this.deployment,
    });

    this.meshExtensionProvider = {
      name: 'jaeger',
      opentelemetry: { service: serviceHost(this.collectorService, clusterDomain), port: PORTS.otlpGrpc },
    };
    this.kiali = {
      provider: 'jaeger',
      internalUrl: serviceUrl(this.queryService, 'grpc-query', clusterDomain, BASE_PATH),
      useGrpc: true,
    };
  }
}
