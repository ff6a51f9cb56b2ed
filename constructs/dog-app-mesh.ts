import type { Construct } from 'constructs';
import type { DestinationRule, VirtualService } from './imports/istio-networking.istio.io.js';
import { DOG_APP_ENV, dogAppServiceProps } from './mesh/dog-app.js';
import type { DogAppMeshProps } from './mesh/props.js';
import { RESOLVE_OPTIONS } from './mesh/resolve.js';
import { MeshService } from './mesh-service.js';

/**
 * The dog-image service (service/) deployed into an Istio mesh: a {@link MeshService} with the service's
 * defaults. Its image `dog-app-mesh:0.1.0`, the Dog API egress (dog.ceo, images.dog.ceo), the environment it
 * reads (PORT, APP_VERSION, DOG_API_URL, SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS), its probes (/readyz, /healthz)
 * and metrics (/metrics).
 */
export class DogAppMesh extends MeshService {
  /** With TLS origination: the DestinationRule originating TLS to the Dog API. */
  public readonly egressDestinationRule?: DestinationRule;
  /** With TLS origination: the VirtualService with the Dog API calls' timeout and retries. */
  public readonly egressVirtualService?: VirtualService;

  constructor(scope: Construct, id: string, props: DogAppMeshProps = {}) {
    const translated = dogAppServiceProps(props);
    RESOLVE_OPTIONS.set(translated.props, { construct: 'DogAppMesh', managedEnv: DOG_APP_ENV, rename: translated.rename });
    super(scope, id, translated.props);
    const apiHost = translated.props.egress?.hosts?.[0]?.host ?? '';
    this.egressDestinationRule = this.egressDestinationRules[apiHost];
    this.egressVirtualService = this.egressVirtualServices[apiHost];
  }
}
