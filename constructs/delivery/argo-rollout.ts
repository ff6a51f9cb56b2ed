import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AnalysisTemplate,
  AnalysisTemplateSpecMetricsFailureLimit,
} from '../imports/argo-analysistemplate-argoproj.io.js';
import {
  Rollout,
  RolloutSpecStrategyCanaryStepsPauseDuration,
  toJson_RolloutSpec,
  type RolloutSpecStrategyCanarySteps,
} from '../imports/argo-rollout-argoproj.io.js';
import { AppVersionWorkload } from '../mesh/app-version-workload.js';
import type { MeshConfig, ResolvedVersion } from '../mesh/resolve.js';
import { argoTemplates, engineChecks, type EngineCheck } from './checks.js';
import type { DeliveryConfig } from './resolve.js';

/** The DestinationRule subsets and the VirtualService route Argo Rollouts drives. */
export const ARGO_SUBSETS = { stable: 'stable', canary: 'canary' } as const;
/** The weighted route of the app's VirtualServices, named so that Argo Rollouts can find it. */
export const ARGO_WEIGHTED_ROUTE = 'default';
/** The route Argo Rollouts adds (and removes) for the header route, ahead of the others. */
export const ARGO_HEADER_ROUTE = 'header-route';

/**
 * The mesh config the app's DestinationRule and VirtualServices are built from under Argo Rollouts: two
 * subsets, `stable` and `canary`, both selecting `app` (the controller adds `rollouts-pod-template-hash`
 * to each), and the weighted route at 100/0; no static header route (the Rollout sets one).
 */
export function argoRoutingConfig(config: MeshConfig): MeshConfig {
  const subset = (name: string, weight: number): ResolvedVersion => ({ ...config.versions[0], name, weight, selector: { app: config.name } });
  return { ...config, versions: [subset(ARGO_SUBSETS.stable, 100), subset(ARGO_SUBSETS.canary, 0)], headerRoute: undefined };
}

/**
 * An Argo Rollouts canary with subset-level Istio traffic routing: the `Rollout` `<name>` (the pod
 * template, or `workloadRef` to a Deployment `<name>` kept at 0 replicas), its steps (header route,
 * `setWeight` and `pause` per step, an indefinite pause before promotion with `manualPromotion`), the
 * background analysis from the first step on, the `AnalysisTemplate` with one Prometheus metric per
 * check, a PodDisruptionBudget and, when autoscaled, an HPA on the Rollout.
 *
 * The controller takes over the weights of the named route in the app's VirtualServices and the
 * `rollouts-pod-template-hash` label of the DestinationRule's two subsets; the Service is left alone.
 */
export class ArgoRollout extends Construct {
  /**
   * The Rollout (`argoproj.io/v1alpha1`). A plain ApiObject: the generated `Rollout` class re-maps its
   * output through its typed pod template, which drops int-or-string ports given as numbers.
   */
  public readonly rollout: ApiObject;
  /** The AnalysisTemplate holding the checks. */
  public readonly analysisTemplate: AnalysisTemplate;
  /** With `argoRollouts.workloadRef`: the Deployment holding the pod template, at 0 replicas. */
  public readonly deployment?: kplus.Deployment;
  /** The PodDisruptionBudget of the app's pods. */
  public readonly podDisruptionBudget: kplus.k8s.KubePodDisruptionBudget;
  /** The HPA scaling the Rollout, when autoscaled. */
  public readonly autoscaler?: kplus.k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, config: MeshConfig, delivery: DeliveryConfig, serviceAccount: kplus.ServiceAccount) {
    super(scope, id);
    const { name, namespace, labels } = config;
    const version: ResolvedVersion = { ...delivery.version, workloadName: name, selector: { app: name } };

    const checks = engineChecks(config, delivery, argoTemplates(config, delivery));
    this.analysisTemplate = new AnalysisTemplate(this, 'analysis', {
      metadata: { name, namespace, labels },
      spec: {
        args: [{ name: 'version' }],
        metrics: checks.map((c) => ({
          name: c.name,
          interval: delivery.interval,
          failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(delivery.threshold - 1),
          successCondition: successCondition(c),
          provider: { prometheus: { address: delivery.prometheusAddress, query: c.query } },
        })),
      },
    });

    const steps: RolloutSpecStrategyCanarySteps[] = [];
    if (config.headerRoute) {
      steps.push({
        setHeaderRoute: {
          name: ARGO_HEADER_ROUTE,
          match: [{ headerName: config.headerRoute.header, headerValue: { exact: config.headerRoute.value } }],
        },
      });
    }
    const analysisStart = steps.length;
    for (const weight of delivery.stepWeights) {
      steps.push({ setWeight: weight }, { pause: { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(delivery.interval) } });
    }
    if (delivery.manualPromotion) steps.push({ pause: {} });

    const virtualServices = [name, ...(config.ingress.api === 'istio' ? [`${name}-ingress`] : [])];
    const spec = toJson_RolloutSpec({
        replicas: version.replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: { app: name } },
        workloadRef: delivery.argoRollouts.workloadRef ? { apiVersion: 'apps/v1', kind: 'Deployment', name, scaleDown: 'progressively' } : undefined,
        strategy: {
          canary: {
            trafficRouting: {
              istio: {
                virtualServices: virtualServices.map((vs) => ({ name: vs, routes: [ARGO_WEIGHTED_ROUTE] })),
                destinationRule: { name, stableSubsetName: ARGO_SUBSETS.stable, canarySubsetName: ARGO_SUBSETS.canary },
              },
              managedRoutes: config.headerRoute ? [{ name: ARGO_HEADER_ROUTE }] : undefined,
            },
            analysis: {
              templates: [{ templateName: name }],
              startingStep: analysisStart,
              args: [{ name: 'version', value: version.name }],
            },
            steps,
          },
        },
    });
    const template = delivery.argoRollouts.workloadRef ? undefined : podTemplate(config, version);
    this.rollout = new ApiObject(this, 'Resource', { ...Rollout.GVK, metadata: { name, namespace, labels }, spec: { ...spec, template } });

    if (delivery.argoRollouts.workloadRef) {
      const workload = new AppVersionWorkload(this, 'workload', config, { ...version, replicas: 0, autoscaling: undefined }, serviceAccount);
      this.deployment = workload.deployment;
      this.podDisruptionBudget = workload.podDisruptionBudget;
    } else {
      this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: { name, namespace, labels },
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(config.maxUnavailable), selector: { matchLabels: { app: name } } },
      });
    }

    if (version.autoscaling) {
      this.autoscaler = new kplus.k8s.KubeHorizontalPodAutoscalerV2(this, 'hpa', {
        metadata: { name, namespace, labels },
        spec: {
          scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name },
          minReplicas: version.autoscaling.minReplicas,
          maxReplicas: version.autoscaling.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: version.autoscaling.cpuUtilization } } }],
        },
      });
    }
  }
}

/** Argo Rollouts' `successCondition` for a check's bounds, on the query's first value. */
function successCondition(check: EngineCheck): string {
  const parts: string[] = [];
  if (check.min !== undefined) parts.push(`result[0] >= ${check.min}`);
  if (check.max !== undefined) parts.push(`result[0] <= ${check.max}`);
  return `len(result) > 0 && ${parts.join(' && ')}`;
}

/**
 * The pod template DogAppMesh gives a version's Deployment (hardening, probes, spread, labels), built in
 * a scratch chart that is never synthesized, so the Rollout carries exactly the same pods.
 */
function podTemplate(config: MeshConfig, version: ResolvedVersion): unknown {
  const chart = new Chart(new App(), 'scratch');
  const serviceAccount = new kplus.ServiceAccount(chart, 'service-account', { metadata: { name: config.name }, automountToken: false });
  new AppVersionWorkload(chart, 'workload', config, { ...version, autoscaling: undefined }, serviceAccount);
  const deployment = chart.toJson().find((o: { kind?: string }) => o.kind === 'Deployment') as { spec: { template: unknown } };
  return deployment.spec.template;
}
