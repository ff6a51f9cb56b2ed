import type * as kplus from 'cdk8s-plus-27';
import { Construct, type IConstruct } from 'constructs';
import { PropChecker } from '../prop-errors.js';
import type { DogAppMeshProps } from '../mesh/props.js';
import type { MeshConfig } from '../mesh/resolve.js';
import { ArgoRollout, argoRoutingConfig } from './argo-rollout.js';
import { FlaggerCanary } from './flagger-canary.js';
import { resolveDelivery, type DeliveryConfig } from './resolve.js';

/**
 * DogAppMesh's `progressiveDelivery`: the engine's objects (a {@link FlaggerCanary} or an
 * {@link ArgoRollout}) in place of the version Deployments, and what DogAppMesh's own routing becomes.
 */
export class ProgressiveDelivery extends Construct {
  /**
   * Validates `progressiveDelivery` (with the mesh props it depends on) and fills in its defaults;
   * throws an InvalidPropsError naming every bad prop.
   */
  public static resolve(scope: IConstruct, props: DogAppMeshProps, config: MeshConfig): DeliveryConfig {
    const options = props.progressiveDelivery!;
    if (options.engine === 'flagger') {
      const check = new PropChecker(scope);
      check.expect(
        !config.exposedDirectly,
        'serviceType',
        config.serviceType,
        "expected ClusterIP with progressiveDelivery.engine 'flagger': Flagger creates the app's Services itself, as ClusterIP; expose the app through ingress.api 'istio'",
      );
      if (config.ingress.api === 'istio') {
        config.ingress.hosts.forEach((host, i) =>
          check.expect(
            !host.includes('*'),
            `ingress.hosts[${i}]`,
            host,
            "expected a host name without '*' with progressiveDelivery.engine 'flagger': Flagger writes one VirtualService for the ingress gateway and the mesh, and Istio allows no wildcard host on the mesh gateway",
          ),
        );
      }
      check.throwIfAny();
    }
    return resolveDelivery(scope, options, config, props);
  }

  /** The settings, with every default filled in. */
  public readonly config: DeliveryConfig;
  /** Engine `flagger`: the canary's objects. */
  public readonly flagger?: FlaggerCanary;
  /** Engine `argo-rollouts`: the Rollout's objects. */
  public readonly argoRollouts?: ArgoRollout;
  /**
   * Engine `argo-rollouts`: the config DogAppMesh builds the app's DestinationRule and VirtualServices
   * from (subsets `stable` and `canary`, the weighted route at 100/0).
   */
  public readonly routingConfig?: MeshConfig;

  constructor(scope: Construct, id: string, config: MeshConfig, delivery: DeliveryConfig, serviceAccount: kplus.ServiceAccount) {
    super(scope, id);
    this.config = delivery;
    if (delivery.engine === 'flagger') {
      this.flagger = new FlaggerCanary(this, 'flagger', config, delivery, serviceAccount);
    } else {
      this.argoRollouts = new ArgoRollout(this, 'argo-rollouts', config, delivery, serviceAccount);
      this.routingConfig = argoRoutingConfig(config);
    }
  }
}
