import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { type MeshExtensionProvider } from '../mesh-extension-provider.js';
import { PropChecker } from '../prop-errors.js';
import { addonDeployment, addonService, scratchVolume, serviceHost } from './addon-workload.js';
import { type TracingBackend } from './tracing-backend.js';

/** Zipkin as Istio 1.30's `samples/addons/extras` ships it. */
export const ZIPKIN_IMAGE = 'docker.io/openzipkin/zipkin-slim:3.4.0';
const ZIPKIN_PORT = 9411;

/** Props of {@link Zipkin}. */
export interface ZipkinProps {
  /**
   * Namespace Zipkin runs in.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Container image.
   * @default 'docker.io/openzipkin/zipkin-slim:3.4.0'
   */
  readonly image?: string;
  /**
   * Spans kept in memory; all are lost when the pod restarts.
   * @default 500000
   */
  readonly maxSpans?: number;
  /**
   * Kubernetes cluster DNS domain, used in the mesh extension provider's service name.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Zipkin with in-memory storage on 9411, behind the `zipkin` Service (where proxies send spans through the
 * `zipkin` extension provider) and the `tracing` Service (the UI). Kiali cannot read Zipkin.
 */
export class Zipkin extends Construct implements TracingBackend {
  public readonly kind = 'zipkin' as const;
  public readonly meshExtensionProvider: MeshExtensionProvider;
  public readonly deployment: kplus.Deployment;
  /** `tracing`: the UI on 9411 (`http-query`). */
  public readonly queryService: kplus.Service;
  /** `zipkin`: the span API on 9411 (`http-zipkin`). */
  public readonly collectorService: kplus.Service;
  public readonly queryPort = ZIPKIN_PORT;
  public readonly uiPath = '/zipkin';
  public readonly kiali = undefined;

  constructor(scope: Construct, id: string, props: ZipkinProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const image = props.image ?? ZIPKIN_IMAGE;
    const maxSpans = props.maxSpans ?? 500_000;
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .token('image', image)
      .integer('maxSpans', maxSpans, 1000, 100_000_000)
      .throwIfAny();

    const name = 'zipkin';
    this.deployment = addonDeployment(this, 'deployment', {
      name,
      namespace,
      image,
      uid: 1000,
      envVariables: {
        STORAGE_TYPE: kplus.EnvValue.fromValue('mem'),
        MEM_MAXSPANS: kplus.EnvValue.fromValue(String(maxSpans)),
        QUERY_PORT: kplus.EnvValue.fromValue(String(ZIPKIN_PORT)),
        JAVA_OPTS: kplus.EnvValue.fromValue('-XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp'),
      },
      ports: [{ number: ZIPKIN_PORT, name: 'http-zipkin' }],
      readiness: kplus.Probe.fromHttpGet('/health', { port: ZIPKIN_PORT }),
      liveness: kplus.Probe.fromHttpGet('/health', { port: ZIPKIN_PORT, failureThreshold: 6 }),
      startup: kplus.Probe.fromHttpGet('/health', { port: ZIPKIN_PORT, failureThreshold: 30 }),
      resources: { cpuRequestMillis: 100, cpuLimitMillis: 1000, memoryRequestMebibytes: 512, memoryLimitMebibytes: 1024 },
      volumeMounts: [{ path: '/tmp', volume: scratchVolume(this, 'tmp-volume', 'tmp', 64) }],
    });
    this.queryService = addonService(this, 'query-service', {
      name: 'tracing',
      namespace,
      app: name,
      ports: [{ name: 'http-query', port: ZIPKIN_PORT, targetPort: ZIPKIN_PORT }],
      after: this.deployment,
    });
    this.collectorService = addonService(this, 'collector-service', {
      name,
      namespace,
      app: name,
      ports: [{ name: 'http-zipkin', port: ZIPKIN_PORT, targetPort: ZIPKIN_PORT }],
      after: this.deployment,
    });
    this.meshExtensionProvider = { name: 'zipkin', zipkin: { service: serviceHost(this.collectorService, clusterDomain), port: ZIPKIN_PORT } };
  }
}
