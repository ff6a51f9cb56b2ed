import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropChecker } from '../prop-errors.js';
import { addonDeployment, addonIdentity, addonLabels, addonService, bindClusterRole, configChecksum, serviceUrl, toYaml } from './addon-workload.js';
import { dataKey, httpUrl, oneOf } from './prop-rules.js';
import { type KialiTracingSource } from './tracing-backend.js';

/** Kiali as Istio 1.30's `samples/addons` ships it. */
export const KIALI_IMAGE = 'quay.io/kiali/kiali:v2.26';
/** Port of the Kiali UI and API. */
export const KIALI_PORT = 20001;
const METRICS_PORT = 9090;
const WEB_ROOT = '/kiali';

/** How people log in to Kiali. */
export type KialiAuthStrategy = 'anonymous' | 'token';
const AUTH_STRATEGIES: readonly KialiAuthStrategy[] = ['anonymous', 'token'];

/** A Grafana dashboard Kiali links to from an app's page, with the dashboard variables it fills. */
export interface KialiGrafanaDashboard {
  readonly name: string;
  /** Kiali's variable (`namespace`, `app`, `service`, `workload`, `version`) to the URL parameter, e.g. `var-app`. */
  readonly variables: Readonly<Record<string, string>>;
}

/** Props of {@link Kiali}. */
export interface KialiProps {
  /** The Prometheus Service Kiali reads metrics from (its port named `http`). */
  readonly prometheusService: kplus.Service;
  /** The Grafana Service Kiali checks and links to (its port named `http`); omit to run without Grafana. */
  readonly grafanaService?: kplus.Service;
  /** Where Kiali reads traces; omit to run without tracing. */
  readonly tracing?: KialiTracingSource;
  /**
   * Namespace Kiali runs in.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Istio's root namespace (`external_services.istio.root_namespace`), where mesh-wide configuration lives.
   * Kiali 2.x finds istiod itself, in whatever namespace it runs.
   * @default 'istio-system'
   */
  readonly istioNamespace?: string;
  /**
   * Container image.
   * @default 'quay.io/kiali/kiali:v2.26'
   */
  readonly image?: string;
  /**
   * `anonymous`: no login (demos, or behind your own authentication); `token`: log in with a Kubernetes
   * ServiceAccount token and see what that account may see.
   * @default 'token'
   */
  readonly authStrategy?: KialiAuthStrategy;
  /**
   * With `token`, the Secret holding the key that signs login sessions (16, 24 or 32 characters), mounted
   * where Kiali reads it. Referenced, never created: `kubectl -n istio-system create secret generic
   * kiali-signing-key --from-literal=key=$(openssl rand -hex 16)`.
   * @default { name: 'kiali-signing-key', key: 'key' }
   */
  readonly signingKeySecret?: { readonly name?: string; readonly key?: string };
  /**
   * Read-only Kiali: it shows the mesh but cannot change Istio configuration, and its ClusterRole only reads.
   * @default true
   */
  readonly viewOnly?: boolean;
  /**
   * Grafana's URL as a browser reaches it, for Kiali's links (what `istioctl dashboard grafana` opens).
   * @default 'http://localhost:3000'
   */
  readonly grafanaExternalUrl?: string;
  /**
   * The tracing UI's URL as a browser reaches it, for Kiali's links.
   * @default 'http://localhost:16686/jaeger'
   */
  readonly tracingExternalUrl?: string;
  /**
   * Grafana dashboards linked from Kiali's app pages.
   * @default []
   */
  readonly grafanaDashboards?: readonly KialiGrafanaDashboard[];
  /**
   * Kubernetes cluster DNS domain, used in the URLs of the other addons.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Kiali: the mesh graph, wired to the Prometheus, Grafana and tracing Services it is given (URLs derived from
 * those objects), with a ServiceAccount and ClusterRole, one replica and a Service on 20001 (UI under `/kiali`).
 */
export class Kiali extends Construct {
  /** Kiali's `config.yaml`, as objects. */
  public readonly config: Record<string, unknown>;
  public readonly configMap: kplus.ConfigMap;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly clusterRole: kplus.ClusterRole;
  public readonly clusterRoleBinding: kplus.ClusterRoleBinding;
  public readonly deployment: kplus.Deployment;
  /** The Service: 20001 named `http`, 9090 named `http-metrics`. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: KialiProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const istioNamespace = props.istioNamespace ?? 'istio-system';
    const image = props.image ?? KIALI_IMAGE;
    const authStrategy = props.authStrategy ?? 'token';
    const signingKeyName = props.signingKeySecret?.name ?? 'kiali-signing-key';
    const signingKeyKey = props.signingKeySecret?.key ?? 'key';
    const viewOnly = props.viewOnly ?? true;
    const grafanaExternalUrl = props.grafanaExternalUrl ?? 'http://localhost:3000';
    const tracingExternalUrl = props.tracingExternalUrl ?? 'http://localhost:16686/jaeger';
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    const check = new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .dnsLabel('istioNamespace', istioNamespace)
      .token('image', image)
      .objectName('signingKeySecret.name', signingKeyName)
      .expect(typeof viewOnly === 'boolean', 'viewOnly', viewOnly, 'expected true or false');
    oneOf(check, 'authStrategy', authStrategy, AUTH_STRATEGIES);
    dataKey(check, 'signingKeySecret.key', signingKeyKey);
    httpUrl(check, 'grafanaExternalUrl', grafanaExternalUrl);
    httpUrl(check, 'tracingExternalUrl', tracingExternalUrl);
    check.throwIfAny();

    const name = 'kiali';
    ({ serviceAccount: this.serviceAccount, clusterRole: this.clusterRole } = addonIdentity(this, name, namespace));
    const read = ['get', 'list', 'watch'];
    const write = viewOnly ? [] : ['patch'];
    const core = (resourceType: string) => kplus.ApiResource.custom({ apiGroup: '', resourceType });
    const group = (apiGroup: string, resourceType: string) => kplus.ApiResource.custom({ apiGroup, resourceType });
    this.clusterRole.allow(read, ...['configmaps', 'endpoints', 'pods/log'].map(core));
    this.clusterRole.allow([...read, ...write], ...['namespaces', 'pods', 'replicationcontrollers', 'services'].map(core));
    this.clusterRole.allow([...read, ...write], ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((r) => group('apps', r)));
    this.clusterRole.allow([...read, ...write], ...['cronjobs', 'jobs'].map((r) => group('batch', r)));
    const istioGroups = ['networking.istio.io', 'security.istio.io', 'extensions.istio.io', 'telemetry.istio.io', 'gateway.networking.k8s.io'];
    this.clusterRole.allow(viewOnly ? read : [...read, 'create', 'delete', 'patch'], ...istioGroups.map((g) => group(g, '*')));
    this.clusterRole.allow(['create'], group('authentication.k8s.io', 'tokenreviews'));
    this.clusterRole.allow(['create'], group('authorization.k8s.io', 'selfsubjectaccessreviews'));
    this.clusterRole.allow(read, group('admissionregistration.k8s.io', 'mutatingwebhookconfigurations'));
    // Kiali 2.x reads istiod's /ready, /version and /debug/syncz and a proxy's config dump through port-forwards.
    this.clusterRole.allow(['create', 'post'], core('pods/portforward'));
    this.clusterRoleBinding = bindClusterRole(this, 'cluster-role-binding', name, this.clusterRole, this.serviceAccount);

    const grafana = props.grafanaService
      ? {
          enabled: true,
          internal_url: serviceUrl(props.grafanaService, 'http', clusterDomain),
          external_url: grafanaExternalUrl,
          dashboards: (props.grafanaDashboards ?? []).map((d) => ({ name: d.name, variables: { ...d.variables } })),
        }
      : { enabled: false };
    const tracing = props.tracing
      ? {
          enabled: true,
          provider: props.tracing.provider,
          internal_url: props.tracing.internalUrl,
          use_grpc: props.tracing.useGrpc,
          external_url: tracingExternalUrl,
        }
      : { enabled: false };
    this.config = {
      auth: { strategy: authStrategy },
      deployment: {
        cluster_wide_access: true,
        namespace,
        instance_name: name,
        view_only_mode: viewOnly,
      },
      external_services: {
        custom_dashboards: { enabled: true },
        istio: { root_namespace: istioNamespace },
        prometheus: { url: serviceUrl(props.prometheusService, 'http', clusterDomain) },
        grafana,
        tracing,
      },
      server: {
        port: KIALI_PORT,
        web_root: WEB_ROOT,
        observability: { metrics: { enabled: true, port: METRICS_PORT } },
      },
    };
    const configText = toYaml(this.config);
    this.configMap = new kplus.ConfigMap(this, 'config', {
      metadata: { name, namespace, labels: addonLabels(name) },
      data: { 'config.yaml': configText },
    });

    const volumeMounts: kplus.VolumeMount[] = [
      { path: '/kiali-configuration', volume: kplus.Volume.fromConfigMap(this, 'config-volume', this.configMap, { name: 'config' }) },
    ];
    if (authStrategy === 'token') {
      const secret = kplus.Secret.fromSecretName(this, 'signing-key', signingKeyName);
      volumeMounts.push({
        path: '/kiali-override-secrets/login-token-signing-key',
        volume: kplus.Volume.fromSecret(this, 'signing-key-volume', secret, {
          name: 'login-token-signing-key',
          items: { [signingKeyKey]: { path: 'value.txt' } },
        }),
        readOnly: true,
      });
    }
    const healthz = `${WEB_ROOT}/healthz`;
    this.deployment = addonDeployment(this, 'deployment', {
      name,
      namespace,
      image,
      uid: 1000,
      serviceAccount: this.serviceAccount,
      podAnnotations: {
        'checksum/config': configChecksum(configText),
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(METRICS_PORT),
        'kiali.io/dashboards': 'go,kiali',
      },
      command: ['/opt/kiali/kiali', '-config', '/kiali-configuration/config.yaml'],
      envVariables: { ACTIVE_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE) },
      ports: [
        { number: KIALI_PORT, name: 'http' },
        { number: METRICS_PORT, name: 'http-metrics' },
      ],
      readiness: kplus.Probe.fromHttpGet(healthz, { port: KIALI_PORT }),
      liveness: kplus.Probe.fromHttpGet(healthz, { port: KIALI_PORT, failureThreshold: 6 }),
      startup: kplus.Probe.fromHttpGet(healthz, { port: KIALI_PORT, failureThreshold: 30 }),
      resources: { cpuRequestMillis: 10, cpuLimitMillis: 500, memoryRequestMebibytes: 64, memoryLimitMebibytes: 1024 },
      volumeMounts,
    });
    this.service = addonService(this, 'service', {
      name,
      namespace,
      app: name,
      ports: [
        { name: 'http', port: KIALI_PORT, targetPort: KIALI_PORT },
        { name: 'http-metrics', port: METRICS_PORT, targetPort: METRICS_PORT },
      ],
      after: this.deployment,
    });
  }
}
