import { isRecord, num, record, records, str } from '../analysis/json.js';
import { IndexedObject, ObjectIndex, type HostTarget, type Workload } from '../analysis/object-index.js';
import { authorize } from './authorization.js';
import { admitAtWorkload, followDestination, round, type Client } from './destination.js';
import { routeByHttpRoutes } from './http-route.js';
import { acceptAtIngress, attachedToGateway, routeHostMatches } from './ingress.js';
import { parseRequest, requestPort, type ParsedRequest, type PathNormalization } from './request.js';
import type { RouteDecision, RouteTarget } from './route-types.js';
import { routeByVirtualService, virtualServicesFor } from './virtual-service.js';
import type { ExplainDestination, ExplainOptions, ExplainRequest, ExplainResult, ExplainStep, Verdict } from './types.js';
import { dataPlaneOf, principalOf, versionOf } from './workload-mesh.js';

function flatten(objects: readonly unknown[]): unknown[] {
  return objects.flatMap((o) => (isRecord(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? flatten(o.items) : [o]));
}

function normalizationOf(index: ObjectIndex): PathNormalization {
  for (const op of index.ofKind('install.istio.io', 'IstioOperator')) {
    const n = str(record(record(op.spec.meshConfig).pathNormalization).normalization);
    if (n === 'NONE' || n === 'MERGE_SLASHES' || n === 'DECODE_AND_MERGE_SLASHES') return n;
  }
  return 'BASE';
}

/** `svc`, `svc.ns`, `svc.ns.svc` and FQDNs, as a pod's resolver expands them in namespace `from`. */
function resolveCallHost(index: ObjectIndex, host: string, from: string): HostTarget | undefined {
  const dots = host.split('.').length - 1;
  const domain = index.clusterDomain;
  const candidates = dots === 0 ? [host] : dots === 1 ? [`${host}.svc.${domain}`, host] : host.endsWith('.svc') ? [`${host}.${domain}`] : [host];
  for (const c of candidates) {
    const t = index.resolveHost(c, from);
    if (t) return t;
  }
  return undefined;
}

interface Flow {
  steps: ExplainStep[];
  decision?: RouteDecision;
  client?: Client;
  /** Set when the flow ends before any destination. */
  end?: { verdict: Verdict; status?: number; flag?: string; destinations?: ExplainDestination[] };
}

function fromIngress(index: ObjectIndex, req: ParsedRequest): Flow {
  const port = requestPort(req);
  const accepted = acceptAtIngress(index, req.host, port, req.scheme);
  const steps = [...accepted.steps];
  if (!accepted.entry) return { steps, end: { verdict: steps.some((s) => s.outcome === 'unknown') ? 'unknown' : accepted.status === 301 ? 'allowed' : 'failed', status: accepted.status, flag: accepted.status === 404 ? 'NR' : undefined } };
  const entry = accepted.entry;
  const atGateway = authorize(index, { kind: 'gateway', namespace: entry.namespace, labels: entry.labels, port: entry.port, gatewayName: entry.api === 'gateway-api' ? entry.gateway.name : undefined, label: `gateway ${entry.ref}` }, req, { known: true });
  steps.push(atGateway.step);
  if (atGateway.outcome === 'deny') return { steps, end: { verdict: 'denied', status: 403 } };
  if (atGateway.outcome === 'unknown') return { steps, end: { verdict: 'unknown' } };
  const client: Client = { namespace: entry.namespace, proxied: true, caller: entry.caller, ingress: true };
  const context = { gateway: entry.ref, port, sourceLabels: entry.labels, sourceNamespace: entry.namespace };
  if (entry.api === 'istio') {
    const services = virtualServicesFor(index, context, req.host ?? '', entry.namespace);
    if (services.length === 0) {
      steps.push({ stage: 'route', outcome: 'fail', text: `no VirtualService bound to Gateway ${entry.ref} serves host ${req.host ?? '(any)'}: 404 (NR)` });
      return { steps, end: { verdict: 'failed', status: 404, flag: 'NR' } };
    }
    if (services.length > 1) {
      steps.push({ stage: 'route', outcome: 'unknown', text: `${services.map((s) => s.display).join(', ')} all serve this host on Gateway ${entry.ref}: how Istio merges them is not modelled` });
      return { steps, end: { verdict: 'unknown' } };
    }
    return { steps, decision: routeByVirtualService(services[0], req, context), client };
  }
  const routes: IndexedObject[] = [];
  for (const r of index.ofKind('gateway.networking.k8s.io', 'HTTPRoute')) {
    const attached = attachedToGateway(r, entry);
    if (attached === 'unknown') {
      steps.push({ stage: 'route', outcome: 'unknown', object: r.display, text: `whether ${r.display} may attach to ${entry.ref} (allowedRoutes Selector) is not modelled` });
      return { steps, end: { verdict: 'unknown' } };
    }
    if (attached && routeHostMatches(r, req.host)) routes.push(r);
  }
  return { steps, decision: routeByHttpRoutes(index, routes, req, `Gateway ${entry.ref}`), client };
}

function fromOutside(index: ObjectIndex, req: ParsedRequest): Flow {
  const exposed = index.ofKind('', 'Service').filter((s) => ['LoadBalancer', 'NodePort'].includes(str(s.spec.type) ?? ''));
  const port = req.port;
  const matching = exposed.filter((s) => port === undefined || records(s.spec.ports).some((p) => num(p.port) === port || num(p.nodePort) === port));
  const steps: ExplainStep[] = [];
  if (matching.length === 0) {
    steps.push({ stage: 'gateway', outcome: 'fail', text: `no LoadBalancer or NodePort Service${port === undefined ? '' : ` with port ${port}`} among the objects (${exposed.map((s) => s.display).join(', ') || 'none'}): the connection is refused` });
    return { steps, end: { verdict: 'failed' } };
  }
  const byName = matching.filter((s) => req.host !== undefined && req.host.split('.')[0] === s.name);
  const chosen = matching.length === 1 ? matching[0] : byName.length === 1 ? byName[0] : undefined;
  if (!chosen) {
    steps.push({ stage: 'gateway', outcome: 'unknown', text: `several exposed Services could receive it (${matching.map((s) => s.display).join(', ')}): name one as the URL host` });
    return { steps, end: { verdict: 'unknown' } };
  }
  const sp = records(chosen.spec.ports).find((p) => port === undefined || num(p.port) === port || num(p.nodePort) === port) ?? {};
  steps.push({ stage: 'gateway', outcome: 'ok', object: chosen.display, text: `${chosen.display} (${str(chosen.spec.type)}) port ${num(sp.port)} takes the connection; no proxy on the client side, so no VirtualService or DestinationRule applies and any pod of the Service may answer` });
  const client: Client = { namespace: chosen.namespace ?? '', proxied: false, caller: { known: true }, ingress: false };
  const target: RouteTarget = { host: `${chosen.name}.${chosen.namespace}.svc.${index.clusterDomain}`, namespace: chosen.namespace ?? '', port: num(sp.port), weight: 100 };
  return { steps, client, decision: { outcome: 'route', targets: [target], steps: [] } };
}

function toPod(index: ObjectIndex, req: ParsedRequest, client: Client, name: string, namespace: string): Flow {
  const steps: ExplainStep[] = [];
  const w = index.workloadsIn(namespace).find((x) => x.object.name === name);
  if (!w) {
    steps.push({ stage: 'destination', outcome: 'fail', text: `no workload ${namespace}/${name} among the objects` });
    return { steps, end: { verdict: 'failed' } };
  }
  const port = requestPort(req);
  const plane = dataPlaneOf(index, w);
  const version = versionOf(w);
  const destination = (verdict: Verdict, s: ExplainStep[], status?: number): ExplainDestination => ({ host: `${name}.${namespace}.pod`, port, weight: 100, verdict, status, steps: s, workloads: verdict === 'allowed' ? [{ kind: w.object.kind, namespace, name, version, containerPort: port }] : [] });
  if (port === 15020 || port === 15090) {
    if (plane !== 'sidecar') {
      steps.push({ stage: 'workload', outcome: plane === 'unknown' ? 'unknown' : 'fail', text: `${w.object.display} has ${plane === 'unknown' ? 'perhaps no' : 'no'} sidecar, so nothing listens on ${port}` });
      return { steps, end: { verdict: plane === 'unknown' ? 'unknown' : 'failed' } };
    }
    const served = port === 15090 ? ['/stats/prometheus'] : ['/stats/prometheus', '/healthz/ready', '/app-health/'];
    const ok = served.some((p) => (p.endsWith('/') ? req.path.startsWith(p) : req.path === p));
    const s: ExplainStep[] = [{ stage: 'workload', outcome: ok ? 'ok' : 'fail', text: `port ${port} of ${w.object.display} is the sidecar's own (${port === 15020 ? 'istio-agent: merged Prometheus metrics, health, probe rewrite' : 'Envoy Prometheus stats'}), excluded from inbound interception: no PeerAuthentication or AuthorizationPolicy applies; ${ok ? `it serves ${req.path}` : `it serves only ${served.join(', ')}: 404`}` }];
    return { steps, end: { verdict: ok ? 'allowed' : 'failed', status: ok ? undefined : 404, destinations: [destination(ok ? 'allowed' : 'failed', s, ok ? undefined : 404)] } };
  }
  const mtls = client.proxied && plane !== 'none';
  const admitted = admitAtWorkload(index, w, port, req, client, mtls);
  const s: ExplainStep[] = [{ stage: 'workload', outcome: 'ok', text: `pods of ${w.object.display}${version ? ` (version ${version})` : ''}, port ${port} (addressed directly, no Service)` }, ...admitted.steps];
  return { steps, end: { verdict: admitted.verdict, status: admitted.status, flag: admitted.flag, destinations: [destination(admitted.verdict, s, admitted.status)] } };
}

function fromWorkload(index: ObjectIndex, req: ParsedRequest, namespace: string, serviceAccount: string): Flow {
  const principal = `${index.clusterDomain}/ns/${namespace}/sa/${serviceAccount}`;
  const own: Workload[] = index.workloadsIn(namespace).filter((w) => principalOf(index, w) === principal);
  const proxied = own.length === 0 || own.some((w) => dataPlaneOf(index, w) !== 'none');
  const client: Client = { namespace, proxied, caller: { principal, known: true }, ingress: false };
  const steps: ExplainStep[] = [{ stage: 'request', outcome: 'ok', text: `caller ${principal}: ${own.length ? `${own.map((w) => w.object.display).join(', ')}, ` : 'no workload among the objects, taken as '}${proxied ? 'in the mesh (mTLS with this identity)' : 'without a mesh proxy (plaintext, no identity)'}` }];
  if (req.host === undefined) {
    steps.push({ stage: 'request', outcome: 'fail', text: 'a request from a workload needs a URL with the host it calls, e.g. http://dog-app.dog-app.svc.cluster.local:8000/' });
    return { steps, end: { verdict: 'failed' } };
  }
  const pod = /^([^.]+)\.([^.]+)\.pod$/.exec(req.host);
  if (pod) {
    const flow = toPod(index, req, client, pod[1], pod[2]);
    return { ...flow, steps: [...steps, ...flow.steps] };
  }
  const target = resolveCallHost(index, req.host, namespace);
  if (!target) {
    steps.push({ stage: 'destination', outcome: 'unknown', text: `no Service or ServiceEntry for ${req.host} among the objects: where it resolves (and whether outbound passthrough lets it out) is not modelled` });
    return { steps, end: { verdict: 'unknown' } };
  }
  const port = requestPort(req);
  const fallback: RouteDecision = { outcome: 'route', targets: [{ host: target.host, namespace: target.namespace, port, weight: 100 }], steps: [{ stage: 'route', outcome: 'ok', text: `no route for ${target.host}: Istio's default route to the Service, any pod` }] };
  if (!proxied) return { steps, client, decision: { ...fallback, steps: [{ stage: 'route', outcome: 'ok', text: 'the caller has no proxy: kube-proxy picks any pod of the Service' }] } };
  const context = { gateway: 'mesh', port, sourceLabels: own[0]?.labels, sourceNamespace: namespace };
  const services = virtualServicesFor(index, context, target.host, namespace);
  if (services.length > 1) {
    steps.push({ stage: 'route', outcome: 'unknown', text: `${services.map((s) => s.display).join(', ')} all route ${target.host} in the mesh: Istio uses the oldest, which the manifests do not tell` });
    return { steps, end: { verdict: 'unknown' } };
  }
  if (services.length === 1) return { steps, client, decision: routeByVirtualService(services[0], req, context) };
  if (target.object.kind === 'Service') {
    const routes = index.ofKind('gateway.networking.k8s.io', 'HTTPRoute').filter((r) =>
      records(r.spec.parentRefs).some((p) => str(p.kind) === 'Service' && (str(p.group) ?? '') === '' && str(p.name) === target.object.name && (str(p.namespace) ?? r.namespace) === target.namespace && (p.port === undefined || num(p.port) === port)),
    );
    if (routes.length > 0) return { steps, client, decision: routeByHttpRoutes(index, routes, req, `Service ${target.namespace}/${target.object.name}`) };
  }
  return { steps, client, decision: fallback };
}

const SEVERITY: Record<Verdict, number> = { allowed: 0, failed: 1, denied: 2, unknown: 3 };

function summarize(verdict: Verdict, destinations: readonly ExplainDestination[], versions: readonly string[], status: number | undefined, flag: string | undefined, steps: readonly ExplainStep[]): string {
  const live = destinations.filter((d) => d.weight > 0);
  const reason = [...steps, ...live.filter((d) => d.verdict === verdict).flatMap((d) => d.steps)].find((s) => s.outcome !== 'ok');
  const code = status === undefined ? '' : ` (${status}${flag ? ` ${flag}` : ''})`;
  if (verdict === 'allowed') {
    if (live.length === 0 && status !== undefined) return `allowed${code}: answered by the proxy, no pod is reached`;
    const share = new Map<string, number>();
    for (const d of live) for (const name of new Set(d.workloads.map((w) => w.version ?? w.name))) share.set(name, (share.get(name) ?? 0) + d.weight);
    if (share.size === 0) return `allowed: leaves for ${live.map((d) => d.host).join(', ')}`;
    const whole = live.length === 1 && live[0].weight === 100;
    return `allowed: reaches ${versions.length === 1 ? 'version' : 'versions'} ${[...share].map(([v, w]) => (whole ? v : `${v} (${round(w)}%)`)).join(', ')}`;
  }
  const allowed = live.filter((d) => d.verdict === 'allowed');
  const otherwise = versions.length > 0 ? `reaches ${versions.join(', ')}` : `leaves for ${allowed.map((d) => d.host).join(', ')}`;
  const partly = allowed.length > 0 ? ` for part of the traffic (${otherwise} otherwise)` : '';
  return `${verdict}${code}${partly}: ${reason?.text ?? 'see the steps'}`;
}

/**
 * Follows one request through the manifests the way Istio would handle it on a cluster (like `istioctl
 * x describe` and `istioctl x authz check`): the gateway that accepts it, the route rule, each
 * destination with its weight, DestinationRule policy, PeerAuthentication and AuthorizationPolicy
 * decision, and the pods that receive it; or the first step where it fails. What is not modelled is
 * reported as unknown (see docs/explain.md).
 */
export function explain(objects: readonly unknown[], request: ExplainRequest, options: ExplainOptions = {}): ExplainResult {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const indexed = flatten(objects).map((o, i) => new IndexedObject(isRecord(o) ? o : {}, i, defaultNamespace, undefined));
  return explainIndexed(new ObjectIndex(indexed, { defaultNamespace, clusterDomain: options.clusterDomain ?? 'cluster.local', rootNamespace: options.rootNamespace }), request);
}

/** {@link explain} over objects already indexed (the analyzer's index). */
export function explainIndexed(index: ObjectIndex, request: ExplainRequest): ExplainResult {
  const req = parseRequest(request.method, request.target, request.headers, normalizationOf(index));
  const source = request.source.kind === 'workload' ? `${request.source.namespace}/${request.source.serviceAccount}` : request.source.kind;
  const described = { source, method: req.method, scheme: req.scheme, host: req.host, port: req.port, path: req.path, query: req.query, headers: req.headers };
  const first: ExplainStep = { stage: 'request', outcome: req.rejected ? 'fail' : 'ok', text: req.rejected ?? `${req.method} ${req.scheme}://${req.host ?? '(no host)'}${req.port ? `:${req.port}` : ''}${req.path}${req.query ? `?${req.query}` : ''} from ${source}; path as matched: ${req.path}` };
  const finish = (verdict: Verdict, steps: ExplainStep[], destinations: ExplainDestination[], status?: number, flag?: string): ExplainResult => {
    const versions = [...new Set(destinations.filter((d) => d.weight > 0 && d.verdict === 'allowed').flatMap((d) => d.workloads.map((w) => w.version ?? w.name)))];
    const unknowns = [...steps, ...destinations.flatMap((d) => d.steps)].filter((s) => s.outcome === 'unknown').map((s) => s.text);
    return { verdict, summary: summarize(verdict, destinations, versions, status, flag, steps), status, flag, request: described, steps, destinations, versions, unknowns };
  };
  if (req.rejected) return finish('failed', [first], [], 400);
  const flow = request.source.kind === 'ingress' ? fromIngress(index, req) : request.source.kind === 'outside' ? fromOutside(index, req) : fromWorkload(index, req, request.source.namespace, request.source.serviceAccount);
  const steps = [first, ...flow.steps];
  if (flow.end) return finish(flow.end.verdict, steps, flow.end.destinations ?? [], flow.end.status, flow.end.flag);
  const decision = flow.decision!;
  steps.push(...decision.steps);
  if (decision.outcome === 'respond') return finish('allowed', steps, [], decision.status);
  if (decision.outcome === 'fail') return finish('failed', steps, [], decision.status, decision.flag);
  if (decision.outcome === 'unknown') return finish('unknown', steps, []);
  const destinations = decision.targets.map((t) => followDestination(index, t, req, flow.client!));
  const live = destinations.filter((d) => d.weight > 0);
  let verdict: Verdict = 'allowed';
  for (const d of live) if (SEVERITY[d.verdict] > SEVERITY[verdict]) verdict = d.verdict;
  if (live.length === 0) {
    steps.push({ stage: 'route', outcome: 'fail', text: 'every destination of the rule has weight 0: 503' });
    return finish('failed', steps, destinations, 503);
  }
  const failing = live.find((d) => d.verdict === verdict && verdict !== 'allowed');
  return finish(verdict, steps, destinations, failing?.status, failing?.flag);
}
