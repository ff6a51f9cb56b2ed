import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Gateway as KubernetesGateway, HttpRoute } from './imports/gateway-gateway.networking.k8s.io.js';
import type {
  DestinationRule,
  Gateway,
  ServiceEntry,
  Sidecar,
  VirtualService,
} from './imports/istio-networking.istio.io.js';
import type { AuthorizationPolicy, PeerAuthentication } from './imports/istio-security.istio.io.js';
import { addMeshAnalysis } from './analysis/mesh-analysis.js';
import { ProgressiveDelivery } from './delivery/progressive-delivery.js';
import { deliveryLoadgen } from './delivery/resolve.js';
import { AppServices } from './mesh/app-services.js';
import { AppVersionWorkload } from './mesh/app-version-workload.js';
import { AppDestinationRules } from './mesh/destination-rules.js';
import { MeshEgress } from './mesh/egress.js';
import { GatewayApiRouting } from './mesh/gateway-api-routing.js';
import { IstioOperator } from './mesh/istio-operator.js';
import { IstioRouting } from './mesh/istio-routing.js';
import { LoadGenerator } from './mesh/load-generator.js';
import { MeshNamespace } from './mesh/mesh-namespace.js';
import { joinNamespace } from './mesh/namespace-share.js';
import { PropChecker } from './prop-errors.js';
import { MeshSecurity } from './mesh/mesh-security.js';
import type { MeshServiceProps } from './mesh/props.js';
import { resolveMeshProps, RESOLVE_OPTIONS, type MeshConfig } from './mesh/resolve.js';

/**
 * Any HTTP service deployed into an Istio mesh, production-grade by default: an enrolled namespace, one
 * hardened Deployment per version behind one Service (probes, metrics, environment and shutdown timings as
 * props), weighted canary routing with an optional header route, timeouts, retries and circuit breaking,
 * STRICT mTLS with deny-by-default authorization, registered egress to the external hosts it calls, and
 * optionally a load generator and an IstioOperator. Every object it emits is reachable through a public
 * property.
 */
export class MeshService extends Construct {
  /** The props with every default filled in. */
  public readonly config: MeshConfig;
  /** The app's namespace, enrolled in the mesh. */
  public readonly namespace: kplus.Namespace;
  /** Ambient mode: the waypoint Gateway. */
  public readonly waypoint?: KubernetesGateway;
  /** The app's ServiceAccount, `<name>`: the mTLS identity shared by every version. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Deployment of each version, by version name. */
  public readonly deployments: Readonly<Record<string, kplus.Deployment>>;
  /** The PodDisruptionBudget of each version, by version name. */
  public readonly podDisruptionBudgets: Readonly<Record<string, kplus.k8s.KubePodDisruptionBudget>>;
  /** The HorizontalPodAutoscaler of each autoscaled version, by version name. */
  public readonly autoscalers: Readonly<Record<string, kplus.HorizontalPodAutoscaler>>;
  /** The Service selecting every version (`app` only); none with Flagger, which creates the Services. */
  public readonly service?: kplus.Service;
  /** Gateway API: the Service of each version, by version name (empty otherwise). */
  public readonly versionServices: Readonly<Record<string, kplus.Service>>;
  /** The DestinationRule of the app's Service; none with Flagger, which creates them. */
  public readonly destinationRule?: DestinationRule;
  /** Gateway API: the DestinationRule of each per-version Service, by version name (empty otherwise). */
  public readonly versionDestinationRules: Readonly<Record<string, DestinationRule>>;
  /** Istio API (and no ingress): the VirtualService for in-mesh callers. */
  public readonly virtualService?: VirtualService;
  /** Istio API: the ingress Gateway. */
  public readonly gateway?: Gateway;
  /** Istio API: the VirtualService bound to the ingress Gateway. */
  public readonly ingressVirtualService?: VirtualService;
  /** Gateway API: the ingress Gateway of class `istio`. */
  public readonly kubernetesGateway?: KubernetesGateway;
  /** Gateway API: the HTTPRoute attached to the ingress Gateway. */
  public readonly httpRoute?: HttpRoute;
  /** Gateway API: the HTTPRoute attached to the app's Service, for in-mesh callers. */
  public readonly meshHttpRoute?: HttpRoute;
  /** Gateway API with `ingress.tls` and its redirect: the HTTPRoute on the HTTP listener that redirects to HTTPS. */
  public readonly httpsRedirectRoute?: HttpRoute;
  /** The namespace-wide PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The app-port PERMISSIVE exception when the Service is a LoadBalancer or NodePort. */
  public readonly exposedPeerAuthentication?: PeerAuthentication;
  /** The AuthorizationPolicies, by object name (empty with `security.authorization: false`). */
  public readonly authorizationPolicies: Readonly<Record<string, AuthorizationPolicy>>;
  /** The ServiceEntries of the external hosts, by host (empty with `egress.enabled: false`). */
  public readonly serviceEntries: Readonly<Record<string, ServiceEntry>>;
  /** The DestinationRules originating TLS, by host (hosts with `tlsOrigination`). */
  public readonly egressDestinationRules: Readonly<Record<string, DestinationRule>>;
  /** The VirtualServices with the timeout and retries of calls to a host with TLS origination, by host. */
  public readonly egressVirtualServices: Readonly<Record<string, VirtualService>>;
  /** With `egress.restrictOutbound`: the namespace's Sidecar (REGISTRY_ONLY). */
  public readonly sidecar?: Sidecar;
  /** With `loadgen`: the load generator. */
  public readonly loadGenerator?: LoadGenerator;
  /** With `istioOperator`: the IstioOperator, added to `istioOperator.scope`. */
  public readonly istioOperator?: IstioOperator;
  /** With `progressiveDelivery`: the engine's objects. */
  public readonly progressiveDelivery?: ProgressiveDelivery;

  constructor(scope: Construct, id: string, props: MeshServiceProps) {
    super(scope, id);
    const config = resolveMeshProps(this, props.progressiveDelivery ? { ...props, loadgen: deliveryLoadgen(props) } : props, RESOLVE_OPTIONS.get(props));
    this.config = config;
    const delivery = props.progressiveDelivery ? ProgressiveDelivery.resolve(this, props, config) : undefined;

    // Apps of one chart naming the same namespace share its namespace-level objects (see SharedNamespace).
    const joining = new PropChecker(this, { rename: RESOLVE_OPTIONS.get(props)?.rename });
    const { shared, created } = joinNamespace(this, config, joining);
    joining.throwIfAny();
    if (created) {
      const ns = new MeshNamespace(this, 'namespace', config);
      shared.namespace = ns.namespace;
      shared.waypoint = ns.waypoint;
    }
    this.namespace = shared.namespace!;
    this.waypoint = shared.waypoint;

    this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: config.name, namespace: config.namespace, labels: config.labels },
      automountToken: false,
    });

    const deployments: Record<string, kplus.Deployment> = {};
    const budgets: Record<string, kplus.k8s.KubePodDisruptionBudget> = {};
    const autoscalers: Record<string, kplus.HorizontalPodAutoscaler> = {};
    // With progressive delivery the engine's workload replaces the version Deployments.
    for (const version of delivery ? [] : config.versions) {
      const workload = new AppVersionWorkload(this, version.name, config, version, this.serviceAccount);
      deployments[version.name] = workload.deployment;
      budgets[version.name] = workload.podDisruptionBudget;
      if (workload.autoscaler) autoscalers[version.name] = workload.autoscaler;
    }
    this.deployments = deployments;
    this.podDisruptionBudgets = budgets;
    this.autoscalers = autoscalers;

    if (delivery) this.progressiveDelivery = new ProgressiveDelivery(this, 'progressive-delivery', config, delivery, this.serviceAccount);
    const flagger = this.progressiveDelivery?.flagger;
    if (flagger) {
      // Flagger creates the Services, DestinationRules and VirtualService of the app's host itself.
      this.versionServices = {};
      this.versionDestinationRules = {};
      this.gateway = flagger.gateway;
    } else {
      // Argo Rollouts: stable and canary subsets, the weighted route at 100/0.
      const routingConfig = this.progressiveDelivery?.routingConfig ?? config;
      const services = new AppServices(this, 'service', config);
      this.service = services.service;
      this.versionServices = services.versionServices;

      // Created before the routes that use their subsets, so they are applied first (make-before-break).
      const rules = new AppDestinationRules(this, 'destination-rule', routingConfig);
      this.destinationRule = rules.destinationRule;
      this.versionDestinationRules = rules.versionDestinationRules;

      if (config.ingress.api === 'gateway-api') {
        const routing = new GatewayApiRouting(this, 'routing', config);
        this.kubernetesGateway = routing.gateway;
        this.httpRoute = routing.httpRoute;
        this.meshHttpRoute = routing.meshHttpRoute;
        this.httpsRedirectRoute = routing.httpsRedirectRoute;
      } else {
        const routing = new IstioRouting(this, 'routing', routingConfig);
        this.virtualService = routing.virtualService;
        this.gateway = routing.gateway;
        this.ingressVirtualService = routing.ingressVirtualService;
      }
    }

    const security = new MeshSecurity(this, 'security', config, shared);
    this.peerAuthentication = security.peerAuthentication;
    this.exposedPeerAuthentication = security.exposedPeerAuthentication;
    this.authorizationPolicies = { ...security.authorizationPolicies, ...this.progressiveDelivery?.flagger?.admitPrimary(config, security.authorizationPolicies) };

    const newHosts = config.egress.hosts.filter((h) => !shared.hosts.has(h.host));
    const egress = new MeshEgress(this, 'egress', config, { hosts: newHosts.map((h) => h.host), sidecar: shared.sidecar === undefined });
    for (const h of newHosts) {
      shared.hosts.set(h.host, {
        resolved: h,
        serviceEntry: egress.serviceEntries[h.host],
        tlsOriginationRule: egress.tlsOriginationRules[h.host],
        virtualService: egress.virtualServices[h.host],
        owner: this.node.path,
      });
    }
    if (egress.sidecar) shared.sidecar = egress.sidecar;
    const hosts = config.egress.hosts.map((h) => shared.hosts.get(h.host)!);
    this.serviceEntries = Object.fromEntries(hosts.map((h) => [h.resolved.host, h.serviceEntry]));
    this.egressDestinationRules = Object.fromEntries(hosts.flatMap((h) => (h.tlsOriginationRule ? [[h.resolved.host, h.tlsOriginationRule]] : [])));
    this.egressVirtualServices = Object.fromEntries(hosts.flatMap((h) => (h.virtualService ? [[h.resolved.host, h.virtualService]] : [])));
    this.sidecar = config.egress.restrictOutbound ? shared.sidecar : undefined;

    if (config.loadgen) this.loadGenerator = new LoadGenerator(this, 'loadgen', config);

    if (config.istioOperator) {
      const { scope: operatorScope, id: operatorId, props: operatorProps } = config.istioOperator;
      this.istioOperator = new IstioOperator(operatorScope, operatorId, operatorProps);
    }

    // Objects are applied in creation order (cdk8s keeps it between objects without dependencies): the
    // namespace first, DestinationRules before the routes naming their subsets, Gateways before the routes
    // bound to them, ServiceEntries and the TLS rule before the egress VirtualService. Explicit dependencies
    // would say the same but cost a re-walk of each one for every chart cdk8s writes (BENCHMARKS.md).

    if (props.analysis !== false) addMeshAnalysis(this, props.analysis);
  }
}

