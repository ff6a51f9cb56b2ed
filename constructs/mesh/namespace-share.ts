import { Chart } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';
import type { Gateway } from '../imports/gateway-gateway.networking.k8s.io.js';
import type { DestinationRule, ServiceEntry, Sidecar, VirtualService } from '../imports/istio-networking.istio.io.js';
import type { AuthorizationPolicy, PeerAuthentication } from '../imports/istio-security.istio.io.js';
import type { PropChecker } from '../prop-errors.js';
import type { ResolvedExternalHost } from './egress.js';
import type { MeshConfig } from './resolve.js';

/** One external host registered in a namespace, with the objects that register it. */
export interface SharedHost {
  readonly resolved: ResolvedExternalHost;
  readonly serviceEntry: ServiceEntry;
  readonly tlsOriginationRule?: DestinationRule;
  readonly virtualService?: VirtualService;
  /** Construct path of the app that registered it. */
  readonly owner: string;
}

/**
 * The namespace-level objects of one namespace in one chart, created by the first app that names the namespace
 * and shared by the apps after it: the Namespace (and ambient waypoint), the namespace-wide PeerAuthentication,
 * the deny-all AuthorizationPolicy, the Sidecar and one ServiceEntry (with its TLS origination) per external host.
 * Each object stays where the first app created it, so one app alone synthesizes as it always did.
 */
export interface SharedNamespace {
  readonly name: string;
  /** Construct path of the app that created the namespace. */
  readonly owner: string;
  /** The settings of that app that the namespace's objects follow. */
  readonly settings: Pick<MeshConfig, 'dataplane' | 'namespaceLabels'> & {
    readonly mtlsMode: MeshConfig['security']['mtlsMode'];
    readonly authorization: boolean;
    readonly restrictOutbound: boolean;
  };
  namespace?: kplus.Namespace;
  waypoint?: Gateway;
  peerAuthentication?: PeerAuthentication;
  denyAll?: AuthorizationPolicy;
  sidecar?: Sidecar;
  readonly hosts: Map<string, SharedHost>;
}

const charts = new WeakMap<IConstruct, Map<string, SharedNamespace>>();

/** The chart an app belongs to, or undefined when it is not inside one. */
function chartOf(scope: IConstruct): IConstruct | undefined {
  try {
    return Chart.of(scope);
  } catch {
    return undefined;
  }
}

/**
 * The namespace `config.namespace` of the chart `app` is in: the one an earlier app of the chart created (after
 * checking that `config` agrees with it), or a new one this app creates.
 */
export function joinNamespace(app: IConstruct, config: MeshConfig, check: PropChecker): { shared: SharedNamespace; created: boolean } {
  const settings = {
    dataplane: config.dataplane,
    namespaceLabels: config.namespaceLabels,
    mtlsMode: config.security.mtlsMode,
    authorization: config.security.authorization,
    restrictOutbound: config.egress.restrictOutbound,
  };
  const chart = chartOf(app);
  let namespaces = chart ? charts.get(chart) : undefined;
  const existing = namespaces?.get(config.namespace);
  if (!existing) {
    const shared: SharedNamespace = { name: config.namespace, owner: app.node.path, settings, hosts: new Map() };
    if (chart) {
      if (!namespaces) charts.set(chart, (namespaces = new Map<string, SharedNamespace>()));
      namespaces.set(config.namespace, shared);
    }
    return { shared, created: true };
  }
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const agree = (ok: boolean, prop: string, value: unknown, theirs: unknown, what: string) =>
    check.expect(
      ok,
      prop,
      value,
      `expected ${JSON.stringify(theirs)}, as ${existing.owner}, which shares namespace "${existing.name}" in this chart: ${what}`,
    );
  const s = existing.settings;
  const { mode, revision, waypointName } = config.dataplane;
  agree(
    same({ mode, revision, waypointName }, { mode: s.dataplane.mode, revision: s.dataplane.revision, waypointName: s.dataplane.waypointName }),
    'dataplane',
    { mode, revision, waypointName },
    { mode: s.dataplane.mode, revision: s.dataplane.revision, waypointName: s.dataplane.waypointName },
    'the namespace has one mesh enrolment',
  );
  agree(same(config.namespaceLabels, s.namespaceLabels), 'namespaceLabels', config.namespaceLabels, s.namespaceLabels, 'the namespace has one set of labels');
  agree(settings.mtlsMode === s.mtlsMode, 'security.mtlsMode', settings.mtlsMode, s.mtlsMode, 'the namespace-wide PeerAuthentication is shared');
  agree(settings.authorization === s.authorization, 'security.authorization', settings.authorization, s.authorization, 'the deny-all AuthorizationPolicy covers the whole namespace');
  agree(settings.restrictOutbound === s.restrictOutbound, 'egress.restrictOutbound', settings.restrictOutbound, s.restrictOutbound, 'the Sidecar resource applies to the whole namespace');
  config.egress.hosts.forEach((h, i) => {
    const theirs = existing.hosts.get(h.host);
    if (!theirs) return;
    const mine = { tlsOrigination: h.tlsOrigination, timeout: h.timeout, retries: h.retries, routeName: h.routeName };
    const other = { tlsOrigination: theirs.resolved.tlsOrigination, timeout: theirs.resolved.timeout, retries: theirs.resolved.retries, routeName: theirs.resolved.routeName };
    check.expect(
      same(mine, other),
      `egress.hosts[${i}]`,
      mine,
      `expected ${JSON.stringify(other)}, as ${theirs.owner}, which registered ${h.host} in namespace "${existing.name}": the host's ServiceEntry and TLS origination are shared`,
    );
  });
  return { shared: existing, created: false };
}
