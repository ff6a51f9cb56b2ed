import * as kplus from 'cdk8s-plus-27';
import type { Construct, IConstruct } from 'constructs';
import { ISTIO_PROXY_UID, PropChecker } from '../prop-errors.js';
import type { IstioOperatorProps } from './istio-operator.js';
import { resolveIstioInstall } from './istio-install.js';
import { resolveIngressTls, type ResolvedIngressTls } from './ingress-tls.js';
import { durationMillis, durationProblem, formatDuration, formatMillis, type DurationInput } from './durations.js';
import type {
  DataplaneMode,
  DogAppMeshProps,
  FaultInjectionOptions,
  IngressApi,
  LoadBalancerAlgorithm,
  MtlsMode,
  RetryOptions,
} from './props.js';

/** A version with every default filled in. */
export interface ResolvedVersion {
  readonly name: string;
  readonly weight: number;
  readonly image: string;
  /** Fixed replicas; undefined when an autoscaler owns the count. */
  readonly replicas?: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization: number };
  readonly env: Readonly<Record<string, string>>;
  /** `<app>-<version>`: its Deployment, PodDisruptionBudget and (Gateway API) Service. */
  readonly workloadName: string;
  /** The pod labels that identify this version: `app` and `version`. */
  readonly selector: Readonly<Record<string, string>>;
}

export interface ResolvedRetries {
  readonly attempts: number;
  readonly perTryTimeout: string;
  readonly retryOn: string;
}

/** DogAppMesh props validated, with every default filled in: what the parts build from. */
export interface MeshConfig {
  readonly name: string;
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly image: string;
  readonly containerPort: number;
  readonly servicePort: number;
  readonly serviceType: kplus.ServiceType;
  /** The Service takes traffic from outside the mesh (LoadBalancer or NodePort). */
  readonly exposedDirectly: boolean;
  /** `<name>.<namespace>.svc.cluster.local` */
  readonly serviceHost: string;
  /** Labels of every object of the app. */
  readonly labels: Readonly<Record<string, string>>;
  readonly resources: {
    readonly cpuRequestMillis: number;
    readonly cpuLimitMillis: number;
    readonly memoryRequestMebibytes: number;
    readonly memoryLimitMebibytes: number;
  };
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly maxUnavailable: number;
  readonly shutdown: { readonly drainDelayMs: number; readonly graceMs: number; readonly terminationGracePeriodSeconds: number };
  readonly versions: readonly ResolvedVersion[];
  readonly dataplane: {
    readonly mode: DataplaneMode;
    readonly revision?: string;
    readonly waypointName: string;
    readonly holdApplicationUntilProxyStarts: boolean;
  };
  readonly ingress: {
    readonly api: IngressApi;
    readonly hosts: readonly string[];
    readonly port: number;
    readonly gatewaySelector: Readonly<Record<string, string>>;
    /** Name of the Istio Gateway or Gateway API Gateway. */
    readonly gatewayName: string;
    /** SPIFFE principal of the ingress gateway's proxy. */
    readonly principal: string;
    /** The HTTPS server, when `ingress.tls` is set. */
    readonly tls?: ResolvedIngressTls;
  };
  /** `fromIngress`: whether the ingress route keeps the header rule (else it strips the header). */
  readonly headerRoute?: { readonly version: string; readonly header: string; readonly value: string; readonly fromIngress: boolean };
  readonly resilience: {
    readonly timeout: string;
    /** Undefined with the Gateway API, which cannot express retries. */
    readonly retries?: ResolvedRetries;
    readonly outlierDetection: {
      readonly consecutive5xxErrors: number;
      readonly interval: string;
      readonly baseEjectionTime: string;
      readonly maxEjectionPercent: number;
    };
    readonly connectionPool: {
      readonly maxConnections: number;
      readonly connectTimeout: string;
      readonly http1MaxPendingRequests: number;
      readonly http2MaxRequests: number;
      readonly maxRetries: number;
    };
    readonly loadBalancer: LoadBalancerAlgorithm;
  };
  readonly fault?: {
    readonly delay?: { readonly fixedDelay: string; readonly percentage: number };
    readonly abort?: { readonly httpStatus: number; readonly percentage: number };
    readonly match?: { readonly header: string; readonly value: string };
  };
  readonly security: {
    readonly mtlsMode: MtlsMode;
    readonly authorization: boolean;
    readonly allowedMethods: readonly string[];
    readonly allowedPaths: readonly string[];
    readonly allowedPrincipals: readonly string[];
    readonly metricsPrincipals: readonly string[];
    readonly trustDomain: string;
  };
  readonly egress: {
    readonly enabled: boolean;
    readonly apiHost: string;
    readonly extraHosts: readonly string[];
    readonly tlsOrigination: boolean;
    readonly timeout: string;
    readonly retries: ResolvedRetries;
    readonly restrictOutbound: boolean;
    /** `DOG_API_URL` of the app. */
    readonly dogApiUrl: string;
  };
  readonly loadgen?: { readonly name: string; readonly rps: number; readonly image: string; readonly url: string };
  readonly istioOperator?: { readonly scope: Construct; readonly id: string; readonly props: IstioOperatorProps };
  /** The SPIFFE principal of a service account. */
  principal(serviceAccount: string, namespace?: string): string;
}

const SERVICE_TYPES = [
  kplus.ServiceType.CLUSTER_IP,
  kplus.ServiceType.LOAD_BALANCER,
  kplus.ServiceType.NODE_PORT,
];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE'];
const RETRY_ON = /^(5xx|gateway-error|reset|reset-before-request|connect-failure|envoy-ratelimited|retriable-4xx|refused-stream|retriable-status-codes|retriable-headers|http3-post-connect-failure|cancelled|deadline-exceeded|internal|resource-exhausted|unavailable|[1-5][0-9][0-9])$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const INJECTION_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode', 'istio.io/use-waypoint'];
const MANAGED_ENV = ['PORT', 'APP_VERSION', 'DOG_API_URL', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_GRACE_MS'];
const MAX_NAME = 40;

const DEFAULT_RETRIES: Required<RetryOptions> = {
  attempts: 2,
  perTryTimeout: '3s',
  retryOn: 'connect-failure,refused-stream,reset,503',
};
const DEFAULT_EGRESS_RETRIES: Required<RetryOptions> = {
  attempts: 0,
  perTryTimeout: '1s',
  retryOn: 'connect-failure,refused-stream,reset,503',
};

/** Validates DogAppMesh props (every problem at once, as one InvalidPropsError) and fills in the defaults. */
export function resolveMeshProps(scope: IConstruct, props: DogAppMeshProps): MeshConfig {
  const check = new PropChecker(scope);

  const name = props.name ?? 'dog-app';
  const namespace = props.namespace ?? 'dog-app';
  const image = props.image ?? 'dog-app-mesh:0.1.0';
  const replicas = props.replicas ?? 2;
  const containerPort = props.containerPort ?? 8080;
  const servicePort = props.servicePort ?? 8000;
  const runAsUser = props.runAsUser ?? 10001;
  const runAsGroup = props.runAsGroup ?? 10001;
  const maxUnavailable = props.maxUnavailable ?? 1;
  const namespaceLabels = props.namespaceLabels ?? {};

  check
    .dnsLabel('name', name, MAX_NAME)
    .dnsLabel('namespace', namespace)
    .image('image', image)
    .integer('replicas', replicas, 1, 1000)
    .port('containerPort', containerPort)
    .port('servicePort', servicePort)
    .integer('maxUnavailable', maxUnavailable, 1, 1000)
    .labels('namespaceLabels', namespaceLabels);

  const drainDelay = props.shutdown?.drainDelay ?? '5s';
  const grace = props.shutdown?.grace ?? '10s';
  check.duration('shutdown.drainDelay', drainDelay, 0).duration('shutdown.grace', grace);
  const drainDelayMs = durationMillis(drainDelay) ?? 0;
  const graceMs = durationMillis(grace) ?? 0;
  check
    .expect(drainDelayMs <= 600_000, 'shutdown.drainDelay', drainDelay, 'expected at most 10m (what the service accepts)')
    .expect(graceMs <= 3_600_000, 'shutdown.grace', grace, 'expected at most 1h (what the service accepts)');
  const shutdown = { drainDelayMs, graceMs, terminationGracePeriodSeconds: Math.ceil((drainDelayMs + graceMs) / 1000) + 5 };
  for (const key of INJECTION_LABELS) {
    check.expect(!(key in namespaceLabels), `namespaceLabels[${JSON.stringify(key)}]`, namespaceLabels[key], 'expected no mesh enrolment label here: set it through the dataplane prop, which writes exactly one');
  }
  for (const [prop, id] of [['runAsUser', runAsUser], ['runAsGroup', runAsGroup]] as const) {
    check.expect(
      Number.isInteger(id) && id >= 1 && id <= 2_147_483_647 && id !== ISTIO_PROXY_UID,
      prop,
      id,
      `expected an id from 1 to 2147483647 other than ${ISTIO_PROXY_UID}, which Istio reserves for its proxy (traffic of that id bypasses the sidecar)`,
    );
  }

  const resources = {
    cpuRequestMillis: props.resources?.cpuRequestMillis ?? 100,
    cpuLimitMillis: props.resources?.cpuLimitMillis ?? 500,
    memoryRequestMebibytes: props.resources?.memoryRequestMebibytes ?? 128,
    memoryLimitMebibytes: props.resources?.memoryLimitMebibytes ?? 256,
  };
  check
    .integer('resources.cpuRequestMillis', resources.cpuRequestMillis, 1, 64_000)
    .integer('resources.cpuLimitMillis', resources.cpuLimitMillis, 1, 64_000)
    .integer('resources.memoryRequestMebibytes', resources.memoryRequestMebibytes, 1, 1_048_576)
    .integer('resources.memoryLimitMebibytes', resources.memoryLimitMebibytes, 1, 1_048_576)
    .expect(resources.cpuRequestMillis <= resources.cpuLimitMillis, 'resources.cpuLimitMillis', resources.cpuLimitMillis, `expected at least the CPU request (${resources.cpuRequestMillis})`)
    .expect(resources.memoryRequestMebibytes <= resources.memoryLimitMebibytes, 'resources.memoryLimitMebibytes', resources.memoryLimitMebibytes, `expected at least the memory request (${resources.memoryRequestMebibytes})`);

  // Synth-time analysis
  if (props.analysis) {
    const severities = ['Error', 'Warning', 'Info'] as const;
    if (props.analysis.failureThreshold !== undefined) check.oneOf('analysis.failureThreshold', props.analysis.failureThreshold, severities);
    if (props.analysis.printThreshold !== undefined) check.oneOf('analysis.printThreshold', props.analysis.printThreshold, severities);
  } else {
    check.expect(props.analysis === undefined || props.analysis === false, 'analysis', props.analysis, 'expected analysis options or false');
  }

  // Dataplane
  const mode = props.dataplane?.mode ?? 'sidecar';
  check.oneOf('dataplane.mode', mode, ['sidecar', 'ambient'] as const);
  const ambient = mode === 'ambient';
  const revision = props.dataplane?.revision;
  if (revision !== undefined) {
    check.dnsLabel('dataplane.revision', revision);
    check.expect(!ambient, 'dataplane.revision', revision, "expected no revision in ambient mode: the namespace gets istio.io/dataplane-mode=ambient, and a second enrolment label would conflict (IST0123)");
  }
  const waypointName = props.dataplane?.waypointName ?? 'waypoint';
  check.dnsLabel('dataplane.waypointName', waypointName);
  if (props.dataplane?.waypointName !== undefined) {
    check.expect(ambient, 'dataplane.waypointName', waypointName, "expected only with dataplane.mode 'ambient'");
  }

  // Versions and weights
  const versionProps = props.versions ?? [{ name: 'v1' }];
  check.expect(versionProps.length >= 1 && versionProps.length <= 16, 'versions', versionProps.map((v) => v.name), 'expected 1 to 16 versions (the Gateway API allows 16 backends per rule)');
  check.unique('versions', versionProps.map((v) => v.name));
  const anyWeight = versionProps.some((v) => v.weight !== undefined);
  const versions: ResolvedVersion[] = versionProps.map((v, i) => {
    const at = `versions[${i}]`;
    const weight = v.weight ?? (anyWeight ? 0 : i === 0 ? 100 : 0);
    check.dnsLabel(`${at}.name`, v.name);
    check.expect(`${name}-${v.name}`.length <= 63, `${at}.name`, v.name, `expected "${name}-<version>" to be at most 63 characters`);
    check.integer(`${at}.weight`, weight, 0, 100);
    const versionImage = v.image ?? image;
    if (v.image !== undefined) check.image(`${at}.image`, v.image);
    if (v.replicas !== undefined) check.integer(`${at}.replicas`, v.replicas, 1, 1000);
    let autoscaling: ResolvedVersion['autoscaling'];
    if (v.autoscaling) {
      autoscaling = {
        minReplicas: v.autoscaling.minReplicas ?? 2,
        maxReplicas: v.autoscaling.maxReplicas,
        cpuUtilization: v.autoscaling.cpuUtilization ?? 70,
      };
      check
        .integer(`${at}.autoscaling.minReplicas`, autoscaling.minReplicas, 1, 1000)
        .integer(`${at}.autoscaling.maxReplicas`, autoscaling.maxReplicas, 1, 1000)
        .integer(`${at}.autoscaling.cpuUtilization`, autoscaling.cpuUtilization, 1, 100)
        .expect(autoscaling.minReplicas <= autoscaling.maxReplicas, `${at}.autoscaling.maxReplicas`, autoscaling.maxReplicas, `expected at least minReplicas (${autoscaling.minReplicas})`)
        .expect(v.replicas === undefined, `${at}.replicas`, v.replicas, 'expected no fixed replicas together with autoscaling: the autoscaler owns the count');
    }
    const env = v.env ?? {};
    for (const key of Object.keys(env)) {
      check.expect(ENV_NAME.test(key) && !MANAGED_ENV.includes(key), `${at}.env`, key, `expected environment variable names other than ${MANAGED_ENV.join(', ')} (set by DogAppMesh)`);
    }
    return {
      name: v.name,
      weight,
      image: versionImage,
      replicas: autoscaling ? undefined : (v.replicas ?? replicas),
      autoscaling,
      env,
      workloadName: `${name}-${v.name}`,
      selector: { app: name, version: v.name },
    };
  });
  const total = versions.reduce((sum, v) => sum + v.weight, 0);
  check.expect(
    total === 100,
    'versions[*].weight',
    versions.map((v) => v.weight),
    'expected integer percentages from 0 to 100 that add up to 100 (at least one positive), e.g. [90, 10]',
  );
  const versionNames = versions.map((v) => v.name);

  // Ingress and Service
  const ingressApi = props.ingress?.api ?? (ambient ? 'gateway-api' : 'istio');
  check.oneOf('ingress.api', ingressApi, ['istio', 'gateway-api', 'none'] as const);
  const hosts = props.ingress?.hosts ?? ['*'];
  check.expect(hosts.length >= 1, 'ingress.hosts', hosts, 'expected at least one host');
  hosts.forEach((h, i) => check.hostname(`ingress.hosts[${i}]`, h, true));
  const ingressPort = props.ingress?.port ?? 80;
  check.port('ingress.port', ingressPort);
  const ingressTls = resolveIngressTls(check, props.ingress?.tls, ingressApi, ingressPort);
  const ingressGateway = resolveIstioInstall(check, props);
  const gatewaySelector = props.ingress?.gatewaySelector ?? ingressGateway.gatewaySelector;
  check.labels('ingress.gatewaySelector', gatewaySelector);
  const gatewaySa = props.ingress?.gatewayServiceAccount ?? ingressGateway.gatewayServiceAccount;
  const [gatewaySaNs, gatewaySaName, ...extra] = gatewaySa.split('/');
  check.expect(
    extra.length === 0 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(gatewaySaNs ?? '') && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(gatewaySaName ?? ''),
    'ingress.gatewayServiceAccount',
    gatewaySa,
    'expected <namespace>/<service-account>',
  );
  if (ingressApi !== 'istio') {
    for (const key of ['gatewaySelector', 'gatewayServiceAccount', 'istioInstall'] as const) {
      if (props.ingress?.[key] !== undefined) check.expect(false, `ingress.${key}`, props.ingress[key], "expected only with ingress.api 'istio'");
    }
  }

  const serviceType = props.serviceType ?? (ingressApi === 'none' ? kplus.ServiceType.LOAD_BALANCER : kplus.ServiceType.CLUSTER_IP);
  check.oneOf('serviceType', serviceType, SERVICE_TYPES);
  const exposedDirectly = serviceType === kplus.ServiceType.LOAD_BALANCER || serviceType === kplus.ServiceType.NODE_PORT;
  if (ambient) {
    check.expect(
      !exposedDirectly,
      'serviceType',
      serviceType,
      "expected ClusterIP in ambient mode: plaintext traffic from a LoadBalancer or NodePort bypasses the waypoint that enforces L7 policy; use ingress.api 'gateway-api' or 'istio'",
    );
  }

  // Security
  const trustDomain = props.security?.trustDomain ?? 'cluster.local';
  check.hostname('security.trustDomain', trustDomain);
  const principal = (serviceAccount: string, ns = namespace) => `${trustDomain}/ns/${ns}/sa/${serviceAccount}`;
  const mtlsMode = props.security?.mtlsMode ?? 'STRICT';
  check.oneOf('security.mtlsMode', mtlsMode, ['STRICT', 'PERMISSIVE'] as const);
  const allowedMethods = props.security?.allowedMethods ?? ['GET', 'HEAD', 'POST'];
  check.expect(allowedMethods.length > 0, 'security.allowedMethods', allowedMethods, 'expected at least one method');
  allowedMethods.forEach((m, i) => check.oneOf(`security.allowedMethods[${i}]`, m, HTTP_METHODS));
  const allowedPaths = props.security?.allowedPaths ?? ['/', '/api/*'];
  check.expect(allowedPaths.length > 0, 'security.allowedPaths', allowedPaths, 'expected at least one path');
  allowedPaths.forEach((p, i) =>
    check.expect(typeof p === 'string' && /^[/*]\S*$/.test(p), `security.allowedPaths[${i}]`, p, "expected a path starting with '/' (or '*'), without whitespace"),
  );
  const allowedPrincipals = props.security?.allowedPrincipals ?? [];
  allowedPrincipals.forEach((p, i) => check.expect(/^[^\s/]+\/ns\/[^\s/]+\/sa\/[^\s/]+$/.test(p), `security.allowedPrincipals[${i}]`, p, 'expected <trust-domain>/ns/<namespace>/sa/<service-account>'));
  const metricsPrincipals = props.security?.metricsPrincipals ?? [principal('prometheus', 'istio-system')];
  metricsPrincipals.forEach((p, i) => check.expect(/^[^\s/]+\/ns\/[^\s/]+\/sa\/[^\s/]+$/.test(p), `security.metricsPrincipals[${i}]`, p, 'expected <trust-domain>/ns/<namespace>/sa/<service-account>'));

  // Header route
  let headerRoute: MeshConfig['headerRoute'];
  if (props.headerRoute) {
    headerRoute = {
      version: props.headerRoute.version,
      header: props.headerRoute.header ?? 'x-canary',
      value: props.headerRoute.value ?? 'always',
      fromIngress: props.headerRoute.fromIngress ?? false,
    };
    check
      .expect(typeof headerRoute.fromIngress === 'boolean', 'headerRoute.fromIngress', headerRoute.fromIngress, 'expected true or false')
      .oneOf('headerRoute.version', headerRoute.version, versionNames)
      .headerName('headerRoute.header', headerRoute.header)
      .headerValue('headerRoute.value', headerRoute.value);
  }

  // Resilience
  const gatewayApi = ingressApi === 'gateway-api';
  const timeout = props.resilience?.timeout ?? '10s';
  check.duration('resilience.timeout', timeout);
  let retries: ResolvedRetries | undefined;
  if (gatewayApi) {
    check.expect(
      props.resilience?.retries === undefined,
      'resilience.retries',
      props.resilience?.retries,
      "expected no retries with ingress.api 'gateway-api': the standard-channel HTTPRoute has no retry policy (Istio's default, 2 retries on connection failures, applies)",
    );
  } else {
    retries = resolveRetries(check, 'resilience', props.resilience?.retries, DEFAULT_RETRIES, timeout);
  }
  const od = props.resilience?.outlierDetection;
  const outlierDetection = {
    consecutive5xxErrors: od?.consecutive5xxErrors ?? 5,
    interval: durationText(od?.interval ?? '10s'),
    baseEjectionTime: durationText(od?.baseEjectionTime ?? '30s'),
    maxEjectionPercent: od?.maxEjectionPercent ?? 50,
  };
  check
    .integer('resilience.outlierDetection.consecutive5xxErrors', outlierDetection.consecutive5xxErrors, 0, 1000)
    .duration('resilience.outlierDetection.interval', od?.interval ?? '10s')
    .duration('resilience.outlierDetection.baseEjectionTime', od?.baseEjectionTime ?? '30s')
    .integer('resilience.outlierDetection.maxEjectionPercent', outlierDetection.maxEjectionPercent, 0, 100);
  const cp = props.resilience?.connectionPool;
  const connectionPool = {
    maxConnections: cp?.maxConnections ?? 100,
    connectTimeout: durationText(cp?.connectTimeout ?? '2s'),
    http1MaxPendingRequests: cp?.http1MaxPendingRequests ?? 64,
    http2MaxRequests: cp?.http2MaxRequests ?? 256,
    maxRetries: cp?.maxRetries ?? 10,
  };
  check
    .integer('resilience.connectionPool.maxConnections', connectionPool.maxConnections, 1, 2_147_483_647)
    .duration('resilience.connectionPool.connectTimeout', cp?.connectTimeout ?? '2s')
    .integer('resilience.connectionPool.http1MaxPendingRequests', connectionPool.http1MaxPendingRequests, 1, 2_147_483_647)
    .integer('resilience.connectionPool.http2MaxRequests', connectionPool.http2MaxRequests, 1, 2_147_483_647)
    .integer('resilience.connectionPool.maxRetries', connectionPool.maxRetries, 0, 2_147_483_647);
  const loadBalancer = props.resilience?.loadBalancer ?? 'LEAST_REQUEST';
  check.oneOf('resilience.loadBalancer', loadBalancer, ['LEAST_REQUEST', 'ROUND_ROBIN', 'RANDOM'] as const);

  // Fault injection
  const fault = props.faultInjection ? resolveFault(check, props.faultInjection, gatewayApi, headerRoute) : undefined;

  // Egress
  const egressProps = props.egress ?? {};
  const apiHost = egressProps.apiHost ?? 'dog.ceo';
  const extraHosts = egressProps.extraHosts ?? ['images.dog.ceo'];
  const egressEnabled = egressProps.enabled ?? true;
  const tlsOrigination = egressProps.tlsOrigination ?? false;
  const restrictOutbound = egressProps.restrictOutbound ?? false;
  check.hostname('egress.apiHost', apiHost);
  extraHosts.forEach((h, i) => check.hostname(`egress.extraHosts[${i}]`, h));
  check.unique('egress.extraHosts', [apiHost, ...extraHosts]);
  const egressTimeout = egressProps.timeout ?? '3s';
  check.duration('egress.timeout', egressTimeout);
  const egressRetries = resolveRetries(check, 'egress', egressProps.retries, DEFAULT_EGRESS_RETRIES, egressTimeout);
  if (!egressEnabled) {
    check.expect(!tlsOrigination, 'egress.tlsOrigination', tlsOrigination, 'expected false when egress.enabled is false: TLS origination needs the ServiceEntry');
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false when egress.enabled is false: REGISTRY_ONLY would block the Dog API');
  }
  if (ambient) {
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false in ambient mode: the Sidecar resource has no effect on ambient workloads (IST0167)');
  }

  // Load generator
  let loadgen: MeshConfig['loadgen'];
  if (props.loadgen) {
    loadgen = {
      name: `${name}-loadgen`,
      rps: props.loadgen.rps ?? 1,
      image: props.loadgen.image ?? image,
      url: `http://${name}.${namespace}.svc.cluster.local:${servicePort}/`,
    };
    check.number('loadgen.rps', loadgen.rps, 0.01, 1000);
    if (props.loadgen.image !== undefined) check.image('loadgen.image', props.loadgen.image);
  }

  // IstioOperator
  let istioOperator: MeshConfig['istioOperator'];
  if (props.istioOperator) {
    const o = props.istioOperator;
    const profile = o.profile ?? (ambient ? 'ambient' : 'demo');
    const id = o.id ?? 'istio-operator';
    check
      .expect(typeof o.scope === 'object' && o.scope !== null && 'node' in o.scope, 'istioOperator.scope', typeof o.scope, 'expected a construct (a Chart of its own)')
      .expect(id.length > 0 && !id.includes('/'), 'istioOperator.id', id, "expected a construct id without '/'");
    if (ambient) {
      check.expect(profile === 'ambient', 'istioOperator.profile', profile, "expected 'ambient' in ambient mode: only that profile installs ztunnel and the CNI node agent");
    }
    if (ingressApi === 'istio') {
      check.expect(
        profile === 'demo' || profile === 'default',
        'istioOperator.profile',
        profile,
        "expected 'demo' or 'default' with ingress.api 'istio': the other profiles install no istio-ingressgateway for the Gateway to select",
      );
    }
    istioOperator = {
      scope: o.scope,
      id,
      props: {
        name: o.name,
        profile,
        revision,
        holdApplicationUntilProxyStarts: props.dataplane?.holdApplicationUntilProxyStarts ?? true,
        extensionProviders: o.extensionProviders,
        defaultTracingProvider: o.defaultTracingProvider,
        accessLogFile: o.accessLogFile,
        outboundTrafficPolicy: o.outboundTrafficPolicy,
      },
    };
  }

  check.throwIfAny();

  return {
    name,
    namespace,
    namespaceLabels,
    image,
    containerPort,
    servicePort,
    serviceType,
    exposedDirectly,
    serviceHost: `${name}.${namespace}.svc.cluster.local`,
    labels: { app: name, 'app.kubernetes.io/name': name },
    resources,
    runAsUser,
    runAsGroup,
    maxUnavailable,
    shutdown,
    versions,
    dataplane: {
      mode,
      revision,
      waypointName,
      holdApplicationUntilProxyStarts: !ambient && (props.dataplane?.holdApplicationUntilProxyStarts ?? true),
    },
    ingress: {
      api: ingressApi,
      hosts,
      port: ingressPort,
      gatewaySelector,
      gatewayName: `${name}-gateway`,
      principal:
        ingressApi === 'gateway-api'
          ? principal(`${name}-gateway-istio`)
          : principal(gatewaySaName, gatewaySaNs),
      tls: ingressTls,
    },
    headerRoute,
    resilience: {
      timeout: durationText(timeout),
      retries,
      outlierDetection,
      connectionPool,
      loadBalancer,
    },
    fault,
    security: {
      mtlsMode,
      authorization: props.security?.authorization ?? true,
      allowedMethods,
      allowedPaths,
      allowedPrincipals,
      metricsPrincipals,
      trustDomain,
    },
    egress: {
      enabled: egressEnabled,
      apiHost,
      extraHosts,
      tlsOrigination,
      timeout: durationText(egressTimeout),
      retries: egressRetries,
      restrictOutbound,
      dogApiUrl: `${tlsOrigination ? 'http' : 'https'}://${apiHost}`,
    },
    loadgen,
    istioOperator,
    principal,
  };
}

/** The canonical text of a duration, or '' when it is invalid (then a problem is recorded and nothing is built). */
function durationText(value: DurationInput): string {
  return durationProblem(value) === undefined ? formatDuration(value) : '';
}

function resolveRetries(
  check: PropChecker,
  at: string,
  given: RetryOptions | undefined,
  defaults: Required<RetryOptions>,
  timeout: DurationInput,
): ResolvedRetries {
  const attempts = given?.attempts ?? defaults.attempts;
  const perTryTimeout = given?.perTryTimeout ?? defaults.perTryTimeout;
  const retryOn = given?.retryOn ?? defaults.retryOn;
  check.integer(`${at}.retries.attempts`, attempts, 0, 10).duration(`${at}.retries.perTryTimeout`, perTryTimeout);
  const conditions = typeof retryOn === 'string' ? retryOn.split(',') : [];
  check.expect(
    conditions.length > 0 && conditions.every((c) => RETRY_ON.test(c)),
    `${at}.retries.retryOn`,
    retryOn,
    'expected a comma-separated list of Envoy retry conditions (5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, cancelled, deadline-exceeded, unavailable, ...) or HTTP status codes, without spaces',
  );
  const timeoutMs = durationMillis(timeout);
  const perTryMs = durationMillis(perTryTimeout);
  if (attempts > 0 && timeoutMs !== undefined && perTryMs !== undefined && !check.hasProblem(`${at}.timeout`) && !check.hasProblem(`${at}.retries`)) {
    const needed = perTryMs * (attempts + 1);
    check.expect(
      timeoutMs >= needed,
      `${at}.timeout`,
      typeof timeout === 'string' ? timeout : formatDuration(timeout),
      `expected at least perTryTimeout × (attempts + 1) = ${formatMillis(needed)} so that every retry can run; raise the timeout or lower attempts/perTryTimeout`,
    );
  }
  const ok = !check.hasProblem(`${at}.retries`);
  return { attempts, perTryTimeout: ok ? durationText(perTryTimeout) : '', retryOn };
}

function resolveFault(
  check: PropChecker,
  f: FaultInjectionOptions,
  gatewayApi: boolean,
  headerRoute: MeshConfig['headerRoute'],
): MeshConfig['fault'] {
  check.expect(!gatewayApi, 'faultInjection', 'set', "expected no fault injection with ingress.api 'gateway-api': HTTPRoute has no fault injection; use ingress.api 'istio'");
  check.expect(f.delay !== undefined || f.abort !== undefined, 'faultInjection', f, 'expected a delay, an abort or both');
  if (f.delay) {
    check.duration('faultInjection.delay.fixedDelay', f.delay.fixedDelay).number('faultInjection.delay.percentage', f.delay.percentage, 0, 100);
  }
  if (f.abort) {
    check.integer('faultInjection.abort.httpStatus', f.abort.httpStatus, 200, 599).number('faultInjection.abort.percentage', f.abort.percentage, 0, 100);
  }
  if (f.match) {
    check.headerName('faultInjection.match.header', f.match.header).headerValue('faultInjection.match.value', f.match.value);
    if (headerRoute) {
      check.expect(
        !(f.match.header === headerRoute.header && f.match.value === headerRoute.value),
        'faultInjection.match',
        f.match,
        'expected a match other than the header route: the fault rule comes first and would make the header route unreachable',
      );
    }
  }
  return {
    delay: f.delay ? { fixedDelay: durationText(f.delay.fixedDelay), percentage: f.delay.percentage } : undefined,
    abort: f.abort ? { httpStatus: f.abort.httpStatus, percentage: f.abort.percentage } : undefined,
    match: f.match ? { header: f.match.header, value: f.match.value } : undefined,
  };
}
