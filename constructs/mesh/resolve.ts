import type { IConstruct } from 'constructs';
import type * as kplus from 'cdk8s-plus-27';
import { PropChecker } from '../prop-errors.js';
import { resolveDataplane, resolveNamespaceLabels, type ResolvedDataplane } from './dataplane.js';
import { resolveEgress, type ResolvedEgress } from './egress.js';
import { resolveIngress, resolveServiceType, type ResolvedIngress } from './ingress.js';
import { resolveIstioOperator, type ResolvedIstioOperator } from './istio-operator.js';
import { resolveLoadGenerator, type ResolvedLoadGenerator } from './load-generator.js';
import type { DogAppMeshProps } from './props.js';
import { resolveResilience, type ResolvedResilience } from './resilience.js';
import { resolveFault, resolveHeaderRoute, type ResolvedFault, type ResolvedHeaderRoute } from './routing.js';
import { principalOf, resolveSecurity, type ResolvedSecurity } from './security.js';
import { resolveShutdown, type ResolvedShutdown } from './shutdown.js';
import { resolveVersions, type ResolvedVersion } from './versions.js';
import { checkRunAs, resolveWorkload, type ResolvedWorkload } from './workload.js';

export type { ResolvedRetries } from './resilience.js';
export type { ResolvedVersion } from './versions.js';

/** DogAppMesh props validated, with every default filled in: what the parts build from. */
export interface MeshConfig extends ResolvedWorkload {
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly serviceType: kplus.ServiceType;
  /** The Service takes traffic from outside the mesh (LoadBalancer or NodePort). */
  readonly exposedDirectly: boolean;
  readonly shutdown: ResolvedShutdown;
  readonly versions: readonly ResolvedVersion[];
  readonly dataplane: ResolvedDataplane;
  readonly ingress: ResolvedIngress & {
    /** SPIFFE principal of the ingress gateway's proxy. */
    readonly principal: string;
  };
  readonly headerRoute?: ResolvedHeaderRoute;
  readonly resilience: ResolvedResilience;
  readonly fault?: ResolvedFault;
  readonly security: ResolvedSecurity;
  readonly egress: ResolvedEgress;
  readonly loadgen?: ResolvedLoadGenerator;
  readonly istioOperator?: ResolvedIstioOperator;
  /** The SPIFFE principal of a service account. */
  principal(serviceAccount: string, namespace?: string): string;
}

const MANAGED_ENV = ['PORT', 'APP_VERSION', 'DOG_API_URL', 'SHUTDOWN_DELAY_MS', 'SHUTDOWN_GRACE_MS'];
const SEVERITIES = ['Error', 'Warning', 'Info'] as const;

/**
 * Validates DogAppMesh props (every problem at once, as one InvalidPropsError) and fills in the defaults:
 * each part's resolver checks its own props, then the rules across parts.
 */
export function resolveMeshProps(scope: IConstruct, props: DogAppMeshProps): MeshConfig {
  const check = new PropChecker(scope);

  const workload = resolveWorkload(check, props, { name: 'dog-app', namespace: 'dog-app', image: 'dog-app-mesh:0.1.0' });
  const namespaceLabels = resolveNamespaceLabels(check, props.namespaceLabels);
  const shutdown = resolveShutdown(check, props.shutdown);
  checkRunAs(check, workload);
  checkAnalysisOptions(check, props.analysis);

  const dataplane = resolveDataplane(check, props.dataplane);
  const ambient = dataplane.mode === 'ambient';
  const versions = resolveVersions(check, props.versions, { ...workload, managedEnv: MANAGED_ENV, construct: 'DogAppMesh' });
  const ingress = resolveIngress(check, props.ingress, { name: workload.name, ambient, istioOperator: props.istioOperator !== undefined });
  const { serviceType, exposedDirectly } = resolveServiceType(check, props.serviceType, { ingressApi: ingress.api, ambient });
  const security = resolveSecurity(check, props.security, { allowedMethods: ['GET', 'HEAD', 'POST'], allowedPaths: ['/', '/api/*'] });
  const headerRoute = resolveHeaderRoute(check, props.headerRoute, versions.map((v) => v.name));
  const gatewayApi = ingress.api === 'gateway-api';
  const resilience = resolveResilience(check, props.resilience, { gatewayApi });
  const fault = resolveFault(check, props.faultInjection, { gatewayApi, headerRoute });
  const egress = resolveEgress(check, props.egress, { ambient });
  const loadgen = resolveLoadGenerator(check, props.loadgen, workload);
  const istioOperator = resolveIstioOperator(check, props.istioOperator, {
    dataplane,
    holdApplicationUntilProxyStarts: props.dataplane?.holdApplicationUntilProxyStarts ?? true,
    ingressApi: ingress.api,
  });

  check.throwIfAny();

  const principal = (serviceAccount: string, ns = workload.namespace) => principalOf(security.trustDomain, ns, serviceAccount);
  return {
    ...workload,
    namespaceLabels,
    serviceType,
    exposedDirectly,
    shutdown,
    versions,
    dataplane,
    ingress: {
      ...ingress,
      principal: gatewayApi
        ? principal(`${workload.name}-gateway-istio`)
        : principal(ingress.gatewayServiceAccount.name, ingress.gatewayServiceAccount.namespace),
    },
    headerRoute,
    resilience,
    fault,
    security,
    egress,
    loadgen,
    istioOperator,
    principal,
  };
}

/** The synth-time analysis options: known severities, or `false`. */
function checkAnalysisOptions(check: PropChecker, analysis: DogAppMeshProps['analysis']): void {
  if (analysis) {
    if (analysis.failureThreshold !== undefined) check.oneOf('analysis.failureThreshold', analysis.failureThreshold, SEVERITIES);
    if (analysis.printThreshold !== undefined) check.oneOf('analysis.printThreshold', analysis.printThreshold, SEVERITIES);
  } else {
    check.expect(analysis === undefined || analysis === false, 'analysis', analysis, 'expected analysis options or false');
  }
}
