import * as kplus from 'cdk8s-plus-27';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AlertProvider,
  AlertProviderSpecType,
  Canary,
  CanarySpecAnalysisAlertsSeverity,
  CanarySpecAnalysisWebhooksType,
  CanarySpecAutoscalerRefKind,
  CanarySpecProvider,
  CanarySpecServiceTrafficPolicyLoadBalancerSimple,
  CanarySpecServiceTrafficPolicyTlsMode,
  CanarySpecTargetRefKind,
  MetricTemplate,
  MetricTemplateSpecProviderType,
  type CanarySpecAnalysis,
} from '../imports/flagger-flagger.app.js';
import { Gateway } from '../imports/istio-networking.istio.io.js';
import { AuthorizationPolicy, type AuthorizationPolicySpec } from '../imports/istio-security.istio.io.js';
import { AppVersionWorkload } from '../mesh/app-version-workload.js';
import { outlierDetectionPolicy } from '../mesh/resilience.js';
import type { MeshConfig } from '../mesh/resolve.js';
import { engineChecks, flaggerTemplates } from './checks.js';
import type { DeliveryConfig } from './resolve.js';

/**
 * A Flagger canary (provider `istio`) of the app: the one Deployment `<name>` (selector `app` only, as
 * Flagger requires) with its HPA when autoscaled, the `Canary`, one `MetricTemplate` per check and,
 * optionally, an `AlertProvider`.
 *
 * Flagger then owns the routing of the app's host: it creates `<name>-primary` (Deployment and HPA),
 * the Services `<name>`, `<name>-primary` and `<name>-canary`, their DestinationRules and the
 * VirtualService `<name>`, which DogAppMesh therefore does not emit. It does keep what Flagger leaves
 * alone: the ingress Gateway, PodDisruptionBudgets for both Deployments, and AuthorizationPolicies that
 * also admit the primary's pods (Flagger relabels them `app: <name>-primary`).
 */
export class FlaggerCanary extends Construct {
  /** The Deployment `<name>` Flagger takes as the canary's template. */
  public readonly deployment: kplus.Deployment;
  /** Its HorizontalPodAutoscaler, when the version is autoscaled (Flagger copies it for the primary). */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;
  /** PodDisruptionBudgets of the canary (`<name>`) and the primary (`<name>-primary`) pods. */
  public readonly podDisruptionBudgets: readonly kplus.k8s.KubePodDisruptionBudget[];
  /** The Canary. */
  public readonly canary: Canary;
  /** The MetricTemplates, by check name. */
  public readonly metricTemplates: Readonly<Record<string, MetricTemplate>>;
  /** The AlertProvider, with `flagger.alertProvider`. */
  public readonly alertProvider?: AlertProvider;
  /** With `ingress.api: 'istio'`: the ingress Gateway the Canary's VirtualService binds to. */
  public readonly gateway?: Gateway;

  constructor(scope: Construct, id: string, config: MeshConfig, delivery: DeliveryConfig, serviceAccount: kplus.ServiceAccount) {
    super(scope, id);
    const { name, namespace, labels } = config;
    const workload = new AppVersionWorkload(this, 'workload', config, { ...delivery.version, workloadName: name, selector: { app: name } }, serviceAccount);
    this.deployment = workload.deployment;
    this.autoscaler = workload.autoscaler;
    const primaryPdb = new kplus.k8s.KubePodDisruptionBudget(this, 'primary-pdb', {
      metadata: { name: `${name}-primary`, namespace, labels },
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(config.maxUnavailable), selector: { matchLabels: { app: `${name}-primary` } } },
    });
    this.podDisruptionBudgets = [workload.podDisruptionBudget, primaryPdb];

    if (config.ingress.api === 'istio') {
      this.gateway = new Gateway(this, 'gateway', {
        metadata: { name: config.ingress.gatewayName, namespace, labels },
        spec: {
          selector: { ...config.ingress.gatewaySelector },
          servers: [{ port: { number: config.ingress.port, name: 'http', protocol: 'HTTP' }, hosts: [...config.ingress.hosts] }],
        },
      });
    }

    const templates: Record<string, MetricTemplate> = {};
    const checks = engineChecks(config, delivery, flaggerTemplates());
    for (const check of checks) {
      templates[check.name] = new MetricTemplate(this, `metric-${check.name}`, {
        metadata: { name: `${name}-${check.name}`, namespace, labels },
        spec: { provider: { type: MetricTemplateSpecProviderType.PROMETHEUS, address: delivery.prometheusAddress }, query: check.query },
      });
    }
    this.metricTemplates = templates;

    const alerts = delivery.flagger.alertProvider;
    if (alerts) {
      this.alertProvider = new AlertProvider(this, 'alert-provider', {
        metadata: { name, namespace, labels },
        spec: {
          type: AlertProviderSpecType[alerts.type.toUpperCase() as keyof typeof AlertProviderSpecType],
          channel: alerts.channel,
          secretRef: { name: alerts.secretName },
        },
      });
    }

    const { retries, timeout, connectionPool: pool, outlierDetection: od, loadBalancer } = config.resilience;
    const schedule: Partial<CanarySpecAnalysis> =
      delivery.iterations !== undefined
        ? {
            iterations: delivery.iterations,
            match: [{ headers: { [config.headerRoute!.header]: { exact: config.headerRoute!.value } } }],
          }
        : delivery.stepWeight
          ? { stepWeight: delivery.stepWeight.step, maxWeight: delivery.stepWeight.max }
          : { stepWeights: [...delivery.stepWeights] };
    this.canary = new Canary(this, 'Resource', {
      metadata: { name, namespace, labels },
      spec: {
        provider: CanarySpecProvider.ISTIO,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name },
        autoscalerRef: this.autoscaler
          ? { apiVersion: 'autoscaling/v2', kind: CanarySpecAutoscalerRefKind.HORIZONTAL_POD_AUTOSCALER, name }
          : undefined,
        progressDeadlineSeconds: 600,
        service: {
          port: config.servicePort,
          targetPort: config.containerPort,
          portName: 'http',
          gateways: config.ingress.api === 'istio' ? [config.ingress.gatewayName, 'mesh'] : ['mesh'],
          hosts: config.ingress.api === 'istio' ? [...config.ingress.hosts] : undefined,
          timeout,
          retries: retries && (retries.attempts === 0 ? { attempts: 0 } : { attempts: retries.attempts, perTryTimeout: retries.perTryTimeout, retryOn: retries.retryOn }),
          trafficPolicy: {
            tls: { mode: CanarySpecServiceTrafficPolicyTlsMode.ISTIO_UNDERSCORE_MUTUAL },
            loadBalancer: { simple: CanarySpecServiceTrafficPolicyLoadBalancerSimple[loadBalancer === 'LEAST_REQUEST' ? 'LEAST_UNDERSCORE_REQUEST' : loadBalancer === 'ROUND_ROBIN' ? 'ROUND_UNDERSCORE_ROBIN' : 'RANDOM'] },
            // Flagger 1.44's Canary CRD has no `tcp` pool (the API server would prune it): maxConnections
            // and connectTimeout do not reach the DestinationRules Flagger writes.
            connectionPool: {
              http: { http1MaxPendingRequests: pool.http1MaxPendingRequests, http2MaxRequests: pool.http2MaxRequests, maxRetries: pool.maxRetries },
            },
            outlierDetection: outlierDetectionPolicy(od),
          },
        },
        analysis: {
          interval: delivery.interval,
          threshold: delivery.threshold,
          ...schedule,
          metrics: checks.map((c) => ({
            name: c.name,
            templateRef: { name: `${name}-${c.name}`, namespace },
            thresholdRange: { min: c.min, max: c.max },
            interval: delivery.window,
          })),
          webhooks: delivery.manualPromotion
            ? [
                { name: 'manual-promotion', type: CanarySpecAnalysisWebhooksType.CONFIRM_HYPHEN_PROMOTION, url: `${delivery.flagger.loadtesterUrl}/gate/check` },
                { name: 'manual-rollback', type: CanarySpecAnalysisWebhooksType.ROLLBACK, url: `${delivery.flagger.loadtesterUrl}/rollback/check` },
              ]
            : undefined,
          alerts: this.alertProvider
            ? [{ name: 'chat', severity: CanarySpecAnalysisAlertsSeverity.INFO, providerRef: { name, namespace } }]
            : undefined,
        },
      },
    });
  }

  /**
   * Extends the app's selector-based AuthorizationPolicies to the primary's pods, which Flagger labels
   * `app: <name>-primary`: one copy of each, selecting those pods.
   */
  public admitPrimary(config: MeshConfig, policies: Readonly<Record<string, AuthorizationPolicy>>): Record<string, AuthorizationPolicy> {
    const added: Record<string, AuthorizationPolicy> = {};
    for (const [policyName, policy] of Object.entries(policies)) {
      const { spec } = ApiObject.of(policy).toJson() as { spec: AuthorizationPolicySpec };
      if (spec.selector?.matchLabels?.app !== config.name) continue;
      const primaryName = `${policyName}-primary`;
      added[primaryName] = new AuthorizationPolicy(this, `policy-${primaryName}`, {
        metadata: { name: primaryName, namespace: config.namespace, labels: config.labels },
        spec: { ...spec, selector: { matchLabels: { app: `${config.name}-primary` } } },
      });
    }
    return added;
  }
}
