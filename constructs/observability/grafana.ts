import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropChecker } from '../prop-errors.js';
import { addonDeployment, addonLabels, addonService, configChecksum, scratchVolume, serviceUrl, toYaml } from './addon-workload.js';
import { type DashboardJson, type DatasourceRef } from './dashboards/builder.js';
import { dataKey, prometheusDuration } from './prop-rules.js';

/** Grafana as Istio 1.30's `samples/addons` ships it. */
export const GRAFANA_IMAGE = 'docker.io/grafana/grafana:12.0.1';
/** Port of the Grafana Service and container. */
export const GRAFANA_PORT = 3000;
/** The provisioned Prometheus datasource, as dashboards refer to it. */
export const PROMETHEUS_DATASOURCE: DatasourceRef = { type: 'prometheus', uid: 'prometheus' };

const DASHBOARDS_DIR = '/etc/grafana/dashboards/dog-app-mesh';

/**
 * Starts Grafana (the image's entrypoint, given as the arguments) with an admin password: the Secret's when
 * it exists, otherwise a random one made for this start alone and shown nowhere, so that a missing Secret
 * never leaves Grafana's well-known default `admin`/`admin` login open.
 */
export const GRAFANA_START_SCRIPT = [
  'if [ -z "${GF_SECURITY_ADMIN_PASSWORD:-}" ]; then',
  "  GF_SECURITY_ADMIN_PASSWORD=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)",
  '  export GF_SECURITY_ADMIN_PASSWORD',
  '  echo "no admin password Secret: admin login disabled until one is created and the pod restarted" >&2',
  'fi',
  'exec "$@"',
].join('\n');
/** The Grafana image's entrypoint. */
const GRAFANA_ENTRYPOINT = '/run.sh';

/** Where Grafana reads its admin user name and password: keys of a Secret created outside the manifests. */
export interface GrafanaAdminSecret {
  /**
   * Name of the Secret, in Grafana's namespace.
   * @default 'grafana-admin'
   */
  readonly name?: string;
  /**
   * Key holding the admin user name.
   * @default 'admin-user'
   */
  readonly userKey?: string;
  /**
   * Key holding the admin password.
   * @default 'admin-password'
   */
  readonly passwordKey?: string;
}

/** Props of {@link Grafana}. */
export interface GrafanaProps {
  /** The Prometheus Service the datasource points at (its port named `http`). */
  readonly prometheusService: kplus.Service;
  /**
   * Scrape interval of that Prometheus: Grafana's smallest query step, and so the floor of `$__rate_interval`.
   * @default '15s'
   */
  readonly prometheusScrapeInterval?: string;
  /**
   * Namespace Grafana runs in.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Container image.
   * @default 'docker.io/grafana/grafana:12.0.1'
   */
  readonly image?: string;
  /**
   * Let anyone who reaches Grafana view dashboards without logging in (role Viewer; editing still needs the admin).
   * @default false
   */
  readonly anonymousViewer?: boolean;
  /**
   * The Secret with the admin credentials. It is referenced, never created, and optional: without it Grafana
   * still starts (anonymous viewers, if enabled, see the dashboards) with a random admin password that nobody
   * knows. To log in as admin, create it, e.g. `kubectl -n istio-system create secret generic grafana-admin
   * --from-literal=admin-user=admin --from-literal=admin-password=...`, and restart Grafana.
   * @default { name: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' }
   */
  readonly adminSecret?: GrafanaAdminSecret;
  /**
   * Kubernetes cluster DNS domain, used in the datasource URL.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/**
 * Grafana with the Prometheus datasource and this project's dashboards provisioned from ConfigMaps,
 * admin credentials from an optional Secret, optional anonymous viewers, one replica and a Service on 3000.
 */
export class Grafana extends Construct {
  /** URL of the Prometheus datasource, derived from the Prometheus Service. */
  public readonly datasourceUrl: string;
  /** `provisioning/datasources` and `provisioning/dashboards` files. */
  public readonly provisioning: kplus.ConfigMap;
  /** The dashboards' JSON, one file per dashboard; add more with {@link addDashboard}. */
  public readonly dashboards: kplus.ConfigMap;
  public readonly deployment: kplus.Deployment;
  /** The Service, port 3000 named `http`. */
  public readonly service: kplus.Service;
  private readonly dashboardUids = new Set<string>();
  private homeDashboard: string | undefined;

  constructor(scope: Construct, id: string, props: GrafanaProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'istio-system';
    const image = props.image ?? GRAFANA_IMAGE;
    const anonymousViewer = props.anonymousViewer ?? false;
    const secretName = props.adminSecret?.name ?? 'grafana-admin';
    const userKey = props.adminSecret?.userKey ?? 'admin-user';
    const passwordKey = props.adminSecret?.passwordKey ?? 'admin-password';
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    const scrapeInterval = props.prometheusScrapeInterval ?? '15s';
    const check = new PropChecker(this)
      .dnsLabel('namespace', namespace)
      .token('image', image)
      .expect(typeof anonymousViewer === 'boolean', 'anonymousViewer', anonymousViewer, 'expected true or false')
      .objectName('adminSecret.name', secretName);
    prometheusDuration(check, 'prometheusScrapeInterval', scrapeInterval);
    dataKey(check, 'adminSecret.userKey', userKey);
    dataKey(check, 'adminSecret.passwordKey', passwordKey);
    check.throwIfAny();

    const name = 'grafana';
    this.datasourceUrl = serviceUrl(props.prometheusService, 'http', clusterDomain);
    const datasources = toYaml({
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          ...PROMETHEUS_DATASOURCE,
          access: 'proxy',
          url: this.datasourceUrl,
          isDefault: true,
          editable: false,
          jsonData: { timeInterval: scrapeInterval },
        },
      ],
    });
    const providers = toYaml({
      apiVersion: 1,
      providers: [
        {
          name: 'dog-app-mesh',
          folder: 'dog-app-mesh',
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          updateIntervalSeconds: 30,
          options: { path: DASHBOARDS_DIR },
        },
      ],
    });
    this.provisioning = new kplus.ConfigMap(this, 'provisioning', {
      metadata: { name: 'grafana-provisioning', namespace, labels: addonLabels(name) },
      data: { 'datasources.yaml': datasources, 'dashboards.yaml': providers },
    });
    this.dashboards = new kplus.ConfigMap(this, 'dashboards', {
      metadata: { name: 'grafana-dashboards', namespace, labels: addonLabels(name) },
    });

    const adminSecret = kplus.Secret.fromSecretName(this, 'admin-secret', secretName);
    this.deployment = addonDeployment(this, 'deployment', {
      name,
      namespace,
      image,
      uid: 472,
      podAnnotations: { 'checksum/config': configChecksum(datasources, providers) },
      command: ['/bin/sh', '-c', GRAFANA_START_SCRIPT, 'grafana-start', GRAFANA_ENTRYPOINT],
      ports: [{ number: GRAFANA_PORT, name: 'http' }],
      envVariables: {
        GF_SECURITY_ADMIN_USER: kplus.EnvValue.fromSecretValue({ secret: adminSecret, key: userKey }, { optional: true }),
        GF_SECURITY_ADMIN_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: adminSecret, key: passwordKey }, { optional: true }),
        GF_AUTH_ANONYMOUS_ENABLED: kplus.EnvValue.fromValue(String(anonymousViewer)),
        GF_AUTH_ANONYMOUS_ORG_ROLE: kplus.EnvValue.fromValue('Viewer'),
        GF_USERS_ALLOW_SIGN_UP: kplus.EnvValue.fromValue('false'),
        GF_PATHS_DATA: kplus.EnvValue.fromValue('/var/lib/grafana'),
        GF_PATHS_PROVISIONING: kplus.EnvValue.fromValue('/etc/grafana/provisioning'),
        GF_ANALYTICS_REPORTING_ENABLED: kplus.EnvValue.fromValue('false'),
        GF_ANALYTICS_CHECK_FOR_UPDATES: kplus.EnvValue.fromValue('false'),
        GF_LOG_MODE: kplus.EnvValue.fromValue('console'),
      },
      readiness: kplus.Probe.fromHttpGet('/api/health', { port: GRAFANA_PORT }),
      liveness: kplus.Probe.fromHttpGet('/api/health', { port: GRAFANA_PORT, failureThreshold: 6 }),
      resources: { cpuRequestMillis: 50, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 512 },
      volumeMounts: [
        {
          path: '/etc/grafana/provisioning/datasources',
          volume: kplus.Volume.fromConfigMap(this, 'datasources-volume', this.provisioning, {
            name: 'datasources',
            items: { 'datasources.yaml': { path: 'datasources.yaml' } },
          }),
        },
        {
          path: '/etc/grafana/provisioning/dashboards',
          volume: kplus.Volume.fromConfigMap(this, 'providers-volume', this.provisioning, {
            name: 'dashboard-providers',
            items: { 'dashboards.yaml': { path: 'dashboards.yaml' } },
          }),
        },
        { path: DASHBOARDS_DIR, volume: kplus.Volume.fromConfigMap(this, 'dashboards-volume', this.dashboards, { name: 'dashboards' }) },
        { path: '/var/lib/grafana', volume: scratchVolume(this, 'data-volume', 'data', 1024) },
        { path: '/tmp', volume: scratchVolume(this, 'tmp-volume', 'tmp', 64) },
      ],
    });

    this.service = addonService(this, 'service', {
      name,
      namespace,
      app: name,
      ports: [{ name: 'http', port: GRAFANA_PORT, targetPort: GRAFANA_PORT }],
      after: this.deployment,
    });
  }

  /**
   * Provisions a dashboard (JSON model, e.g. from `DashboardBuilder`) as `<file>.json` in the `dog-app-mesh`
   * folder; `home` makes it what Grafana opens first.
   */
  public addDashboard(file: string, dashboard: DashboardJson, options: { readonly home?: boolean } = {}): void {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(file)) throw new Error(`[${this.node.path}] dashboard file name ${JSON.stringify(file)}: expected lowercase letters, digits and '-'`);
    if (this.dashboardUids.has(dashboard.uid)) throw new Error(`[${this.node.path}] dashboard uid ${JSON.stringify(dashboard.uid)} is already provisioned`);
    if (options.home && this.homeDashboard) throw new Error(`[${this.node.path}] the home dashboard is already ${this.homeDashboard}`);
    this.dashboardUids.add(dashboard.uid);
    this.dashboards.addData(`${file}.json`, JSON.stringify(dashboard, null, 2));
    if (options.home) {
      this.homeDashboard = file;
      this.deployment.containers[0].env.addVariable('GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH', kplus.EnvValue.fromValue(`${DASHBOARDS_DIR}/${file}.json`));
    }
  }
}
