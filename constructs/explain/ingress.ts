import { hostCovers } from '../analysis/hosts.js';
import { array, num, record, records, str, stringMap, type JsonRecord } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex } from '../analysis/object-index.js';
import type { Caller } from './authorization.js';
import { principalOf } from './workload-mesh.js';
import type { ExplainStep } from './types.js';

/** The ingress proxy that accepted the request. */
export interface IngressEntry {
  readonly api: 'istio' | 'gateway-api';
  readonly gateway: IndexedObject;
  /** `namespace/name`, as VirtualService `gateways` name it. */
  readonly ref: string;
  /** Namespace the gateway's pods run in. */
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly caller: Caller;
  readonly port: number;
  readonly listener?: string;
  /** The host names the accepting server or listener allows (for route host filtering). */
  readonly hosts: readonly string[];
}

/**
 * Install defaults of the ingress gateway's identity by selector (istioctl classic install, Helm `gateway`
 * chart; samples/bookinfo/networking/bookinfo-gateway.yaml and manifests/charts/gateways).
 */
const KNOWN_INGRESS: readonly { labels: Record<string, string>; namespace: string; serviceAccount: string }[] = [
  { labels: { istio: 'ingressgateway' }, namespace: 'istio-system', serviceAccount: 'istio-ingressgateway-service-account' },
  { labels: { istio: 'ingress' }, namespace: 'istio-ingress', serviceAccount: 'istio-ingress' },
];

function hostAllowed(pattern: string, host: string | undefined): boolean {
  if (pattern === '*') return true;
  return host !== undefined && hostCovers(pattern.toLowerCase(), host);
}

/** An Istio Gateway's selector (as a comparable string) and each server's port and hosts (namespace prefixes dropped). */
interface GatewayServers {
  readonly selector: string;
  readonly servers: readonly { readonly port: number | undefined; readonly hosts: readonly string[] }[];
}

const gatewayServerCache = new WeakMap<IndexedObject, GatewayServers>();

/** Read once per Gateway object: every request explained against a bundle compares each Gateway with the others. */
function gatewayServers(gw: IndexedObject): GatewayServers {
  let info = gatewayServerCache.get(gw);
  if (!info) {
    info = {
      selector: JSON.stringify(gw.spec.selector),
      servers: records(gw.spec.servers).map((s) => ({
        port: num(record(s.port).number),
        hosts: array(s.hosts).filter((h): h is string => typeof h === 'string').map((h) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h)),
      })),
    };
    gatewayServerCache.set(gw, info);
  }
  return info;
}

function istioGatewayIdentity(index: ObjectIndex, gw: IndexedObject): { namespace: string; labels: Record<string, string>; caller: Caller; note: string } {
  const selector = stringMap(gw.spec.selector);
  const pods = Object.keys(selector).length === 0 ? [] : index.select(undefined, selector);
  if (pods.length > 0) return { namespace: pods[0].namespace, labels: pods[0].labels, caller: { principal: principalOf(index, pods[0]), known: true }, note: `${pods[0].object.display}` };
  const known = KNOWN_INGRESS.find((k) => Object.entries(selector).length === Object.entries(k.labels).length && Object.entries(k.labels).every(([a, b]) => selector[a] === b));
  if (known) return { namespace: known.namespace, labels: selector, caller: { principal: `${index.clusterDomain}/ns/${known.namespace}/sa/${known.serviceAccount}`, known: true }, note: `the install's default gateway for ${JSON.stringify(selector)}` };
  return { namespace: index.rootNamespace, labels: selector, caller: { principal: 'unknown', known: false }, note: `pods with ${JSON.stringify(selector)}, not among the objects and no known install default: identity and namespace unknown (only root-namespace policies are checked there)` };
}

/**
 * Of the listeners that accept a host, the one with the most specific hostname (Gateway API Listener): an exact name, then
 * the wildcard with the most labels after `*`, then no hostname.
 */
function mostSpecificListener(listeners: readonly JsonRecord[]): JsonRecord | undefined {
  const rank = (l: JsonRecord): number => {
    const hostname = str(l.hostname);
    if (hostname === undefined) return -1;
    return hostname.startsWith('*') ? hostname.split('.').length - 1 : Number.MAX_SAFE_INTEGER;
  };
  let best: JsonRecord | undefined;
  for (const l of listeners) if (best === undefined || rank(l) > rank(best)) best = l;
  return best;
}

/** Finds the Gateway server (Istio) or listener (Gateway API) that accepts the request's port, scheme and host. */
export function acceptAtIngress(index: ObjectIndex, host: string | undefined, port: number, scheme: string): { entry?: IngressEntry; steps: ExplainStep[]; status?: number } {
  const steps: ExplainStep[] = [];
  const istio = index.ofKind('networking.istio.io', 'Gateway');
  const gatewayApi = index.ofKind('gateway.networking.k8s.io', 'Gateway').filter((g) => !['istio-waypoint', 'istio-east-west'].includes(str(g.spec.gatewayClassName) ?? ''));
  if (istio.length + gatewayApi.length === 0) return { steps: [{ stage: 'gateway', outcome: 'fail', text: 'no Istio Gateway or Gateway API Gateway among the objects: nothing accepts traffic from outside' }] };
  for (const gw of istio) {
    const servers = gatewayServers(gw);
    for (const [i, server] of records(gw.spec.servers).entries()) {
      const sp = record(server.port);
      const { hosts } = servers.servers[i];
      if (servers.servers[i].port !== port || !hosts.some((h) => hostAllowed(h, host))) continue;
      const protocol = (str(sp.protocol) ?? 'HTTP').toUpperCase();
      const tls = record(server.tls);
      const id = istioGatewayIdentity(index, gw);
      const entry: IngressEntry = { api: 'istio', gateway: gw, ref: `${gw.namespace}/${gw.name}`, namespace: id.namespace, labels: id.labels, caller: id.caller, port, listener: str(sp.name), hosts };
      const text = `${gw.display} server ${i} (${str(sp.name) ?? protocol} ${port}/${protocol}, hosts ${hosts.join(', ')}) accepts host ${host ?? '(any)'}; gateway pods: ${id.note}`;
      if (protocol === 'HTTPS' && scheme !== 'https') return { steps: [{ stage: 'gateway', outcome: 'fail', object: gw.display, text: `${text}, but it expects TLS and the request is plaintext: the TLS handshake fails` }] };
      if (tls.httpsRedirect === true && scheme === 'http') return { steps: [{ stage: 'gateway', outcome: 'ok', object: gw.display, text: `${text}; httpsRedirect answers 301 to https` }], status: 301 };
      const rivals = istio.filter((other) => {
        if (other === gw) return false;
        const theirs = gatewayServers(other);
        return theirs.selector === servers.selector && theirs.servers.some((s) => s.port === port && s.hosts.some((h) => hostAllowed(h, host)));
      });
      if (rivals.length > 0) {
        steps.push({ stage: 'gateway', outcome: 'unknown', object: gw.display, text: `${[gw, ...rivals].map((g) => g.display).join(', ')} all accept host ${host ?? '(any)'} on port ${port} at the same gateway pods (${JSON.stringify(gw.spec.selector)}; IST0145): which of their routes serves the request depends on Istio's merge order, which the manifests do not tell. Explain the files one deployment applies (e.g. dist/*.yaml, as kubectl apply -f dist/ does)` });
        return { steps };
      }
      steps.push({ stage: 'gateway', outcome: id.caller.known ? 'ok' : 'unknown', object: gw.display, text, details: { server: i, principal: id.caller.principal } });
      return { entry, steps };
    }
  }
  for (const gw of gatewayApi) {
    const listener = mostSpecificListener(records(gw.spec.listeners).filter((l) => num(l.port) === port && hostAllowed(str(l.hostname) ?? '*', host)));
    if (!listener) continue;
    const hostname = str(listener.hostname) ?? '*';
    const protocol = str(listener.protocol) ?? 'HTTP';
    const cls = str(gw.spec.gatewayClassName) ?? 'istio';
    const ns = gw.namespace ?? '';
    const text = `${gw.display} listener ${str(listener.name) ?? '?'} (${port}/${protocol}, hostname ${hostname}) accepts host ${host ?? '(any)'}; gateway pods: Deployment ${ns}/${gw.name}-${cls} (service account ${gw.name}-${cls})`;
    if (protocol === 'HTTPS' && scheme !== 'https') return { steps: [{ stage: 'gateway', outcome: 'fail', object: gw.display, text: `${text}, but it expects TLS and the request is plaintext: the TLS handshake fails` }] };
    const labels = { 'gateway.networking.k8s.io/gateway-name': gw.name };
    const entry: IngressEntry = { api: 'gateway-api', gateway: gw, ref: `${ns}/${gw.name}`, namespace: ns, labels, caller: { principal: `${index.clusterDomain}/ns/${ns}/sa/${gw.name}-${cls}`, known: true }, port, listener: str(listener.name), hosts: [hostname] };
    steps.push({ stage: 'gateway', outcome: 'ok', object: gw.display, text, details: { listener: str(listener.name) } });
    return { entry, steps };
  }
  const offered = [
    ...istio.flatMap((g) => records(g.spec.servers).map((s) => `${g.display} ${num(record(s.port).number)}: ${array(s.hosts).join(', ')}`)),
    ...gatewayApi.flatMap((g) => records(g.spec.listeners).map((l: JsonRecord) => `${g.display} ${num(l.port)}: ${str(l.hostname) ?? '*'}`)),
  ];
  return { steps: [{ stage: 'gateway', outcome: 'fail', text: `no Gateway server accepts host ${host ?? '(none given)'} on port ${port} (offered: ${offered.join('; ')}): 404 (NR)` }], status: 404 };
}

/** Whether an HTTPRoute's parentRefs attach it to the Gateway listener (same namespace unless allowedRoutes says otherwise). */
export function attachedToGateway(route: IndexedObject, entry: IngressEntry): boolean | 'unknown' {
  const gwNs = entry.gateway.namespace ?? '';
  const listener = records(entry.gateway.spec.listeners).find((l) => str(l.name) === entry.listener);
  const from = str(record(record(listener?.allowedRoutes).namespaces).from) ?? 'Same';
  const refs = records(route.spec.parentRefs).filter((p) => (str(p.kind) ?? 'Gateway') === 'Gateway' && (str(p.group) ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io' && str(p.name) === entry.gateway.name && (str(p.namespace) ?? route.namespace) === gwNs && (p.sectionName === undefined || str(p.sectionName) === entry.listener) && (p.port === undefined || num(p.port) === entry.port));
  if (refs.length === 0) return false;
  if (from === 'All' || route.namespace === gwNs) return true;
  return from === 'Selector' ? 'unknown' : false;
}

/** Route hostnames intersect the listener hostname and cover the request host (no hostnames: any). */
export function routeHostMatches(route: IndexedObject, host: string | undefined): boolean {
  const names = array(route.spec.hostnames).filter((h): h is string => typeof h === 'string');
  if (names.length === 0) return true;
  return names.some((h) => hostAllowed(h, host));
}
