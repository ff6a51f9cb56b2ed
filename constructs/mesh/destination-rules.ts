import { Construct } from 'constructs';
import {
  DestinationRule,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
  type DestinationRuleSpecTrafficPolicy,
} from '../imports/istio-networking.istio.io.js';
import { outlierDetectionPolicy, type LoadBalancerAlgorithm } from './resilience.js';
import type { MeshConfig } from './resolve.js';

/**
 * Traffic policy for calls to the app: load balancing, connection-pool limits and outlier detection,
 * with one subset per version generated from the same list as the Deployments, so a route can never
 * name a subset that does not exist. With the Gateway API, which routes to per-version Services
 * instead of subsets, each of those Services gets the same policy.
 */
export class AppDestinationRules extends Construct {
  /** The DestinationRule of the app's Service (with the version subsets under the Istio API). */
  public readonly destinationRule: DestinationRule;
  /** Gateway API only: the DestinationRule of each per-version Service, by version. */
  public readonly versionDestinationRules: Readonly<Record<string, DestinationRule>>;

  constructor(scope: Construct, id: string, config: MeshConfig) {
    super(scope, id);
    const trafficPolicy = policy(config);
    const gatewayApi = config.ingress.api === 'gateway-api';

    this.destinationRule = new DestinationRule(this, 'Resource', {
      metadata: { name: config.name, namespace: config.namespace, labels: config.labels },
      spec: {
        host: config.serviceHost,
        trafficPolicy,
        subsets: gatewayApi ? undefined : config.versions.map((v) => ({ name: v.name, labels: { ...v.selector } })),
      },
    });

    const versionRules: Record<string, DestinationRule> = {};
    if (gatewayApi) {
      for (const v of config.versions) {
        versionRules[v.name] = new DestinationRule(this, v.name, {
          metadata: { name: v.workloadName, namespace: config.namespace, labels: { ...config.labels, version: v.name } },
          spec: { host: `${v.workloadName}.${config.namespace}.svc.cluster.local`, trafficPolicy },
        });
      }
    }
    this.versionDestinationRules = versionRules;
  }
}

const LOAD_BALANCERS: Record<LoadBalancerAlgorithm, DestinationRuleSpecTrafficPolicyLoadBalancerSimple> = {
  LEAST_REQUEST: DestinationRuleSpecTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST,
  ROUND_ROBIN: DestinationRuleSpecTrafficPolicyLoadBalancerSimple.ROUND_UNDERSCORE_ROBIN,
  RANDOM: DestinationRuleSpecTrafficPolicyLoadBalancerSimple.RANDOM,
};

function policy(config: MeshConfig): DestinationRuleSpecTrafficPolicy {
  const { connectionPool: pool, outlierDetection: od, loadBalancer } = config.resilience;
  return {
    loadBalancer: { simple: LOAD_BALANCERS[loadBalancer] },
    connectionPool: {
      tcp: { maxConnections: pool.maxConnections, connectTimeout: pool.connectTimeout },
      http: {
        http1MaxPendingRequests: pool.http1MaxPendingRequests,
        http2MaxRequests: pool.http2MaxRequests,
        maxRetries: pool.maxRetries,
      },
    },
    outlierDetection: outlierDetectionPolicy(od),
  };
}
