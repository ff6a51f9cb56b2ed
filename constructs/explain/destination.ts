import { record, records, str } from '../analysis/json.js';
import type { HostTarget, ObjectIndex, Workload } from '../analysis/object-index.js';
import { authorize, type Caller, type Enforcer } from './authorization.js';
import { namespaceMtlsMode, peerAuthentication } from './peer-authentication.js';
import type { ParsedRequest } from './request.js';
import type { RouteTarget } from './route-types.js';
import { describePolicy, destinationRuleFor, effectivePolicy } from './traffic-policy.js';
import type { ExplainDestination, ExplainStep, ExplainWorkload, Verdict } from './types.js';
import { containerPortOf, dataPlaneOf, scaledToZero, versionOf } from './workload-mesh.js';

/** The client side of the hop to the destination. */
export interface Client {
  /** Namespace of the client proxy (DestinationRule lookup, exportTo). */
  readonly namespace: string;
  /** Whether the client has a mesh proxy (gateway, sidecar): it then uses auto mTLS and DestinationRules. */
  readonly proxied: boolean;
  /** The identity it presents when it uses mTLS. */
  readonly caller: Caller;
  /** Whether the client is the ingress gateway (ambient: `istio.io/ingress-use-waypoint`). */
  readonly ingress: boolean;
}

interface Partial {
  steps: ExplainStep[];
  verdict: Verdict;
  status?: number;
  flag?: string;
}

const fail = (p: Partial, step: ExplainStep, status?: number, flag?: string, verdict: Verdict = 'failed'): Partial => {
  p.steps.push(step);
  return Object.assign(p, { verdict, status, flag });
};

/** The waypoint a Service's traffic goes through in ambient mode, by the Service's then the namespace's `istio.io/use-waypoint`. */
function waypointOf(index: ObjectIndex, target: HostTarget, ingress: boolean): string | undefined {
  const ns = index.namespaces.get(target.namespace);
  const name = target.object.labels['istio.io/use-waypoint'] ?? ns?.labels['istio.io/use-waypoint'];
  if (!name || name === 'none') return undefined;
  if (ingress && (target.object.labels['istio.io/ingress-use-waypoint'] ?? ns?.labels['istio.io/ingress-use-waypoint']) !== 'true') return undefined;
  return name;
}

/** Follows the request from the client to one workload's pods: transport, PeerAuthentication and authorization. */
export function admitAtWorkload(index: ObjectIndex, w: Workload, port: number, request: ParsedRequest, client: Client, mtlsFromClient: boolean, via?: { target: HostTarget; servicePort: number }): Partial {
  const p: Partial = { steps: [], verdict: 'allowed' };
  const plane = dataPlaneOf(index, w);
  const where = `${w.object.kind} ${w.namespace}/${w.object.name}`;
  if (plane === 'unknown') return fail(p, { stage: 'workload', outcome: 'unknown', text: `whether ${where} runs with a proxy is not known: its namespace is not among the objects` }, undefined, undefined, 'unknown');
  if (plane === 'none') {
    p.steps.push({ stage: 'workload', outcome: 'ok', text: `${where} runs without a mesh proxy: no PeerAuthentication or AuthorizationPolicy is enforced there` });
    return p;
  }
  let caller = client.caller;
  let mtls = mtlsFromClient;
  if (plane === 'ambient' && via) {
    const waypoint = waypointOf(index, via.target, client.ingress);
    if (waypoint) {
      const wp = index.get('gateway.networking.k8s.io', 'Gateway', via.target.namespace, waypoint);
      if (!wp) return fail(p, { stage: 'workload', outcome: 'fail', text: `Service ${via.target.object.name} uses waypoint ${waypoint}, which is not among the objects: 503` }, 503, 'UH');
      if (!mtls) return fail(p, { stage: 'peer-authentication', outcome: 'fail', text: `a plaintext client cannot reach the waypoint ${waypoint} of an ambient Service: connection refused` });
      const atWaypoint: Enforcer = { kind: 'waypoint', namespace: via.target.namespace, labels: { 'gateway.networking.k8s.io/gateway-name': waypoint }, port: via.servicePort, gatewayName: waypoint, services: [via.target.object.name], label: `waypoint ${via.target.namespace}/${waypoint}` };
      p.steps.push({ stage: 'workload', outcome: 'ok', text: `ambient: Service ${via.target.object.name} sends L7 traffic through waypoint ${via.target.namespace}/${waypoint}` });
      const decision = authorize(index, atWaypoint, request, caller);
      if (decision.outcome !== 'allow') return fail(p, decision.step, decision.outcome === 'deny' ? 403 : undefined, undefined, decision.outcome === 'deny' ? 'denied' : 'unknown');
      p.steps.push(decision.step);
      caller = { principal: `${index.clusterDomain}/ns/${via.target.namespace}/sa/${waypoint}`, known: true };
      mtls = true;
    }
  }
  const pa = peerAuthentication(index, w, port);
  const paStep: ExplainStep = { stage: 'peer-authentication', outcome: 'ok', object: pa.object?.display, text: `PeerAuthentication at ${where} port ${port}: ${pa.text}; the client sends ${mtls ? 'mTLS' : 'plaintext'}`, details: { mode: pa.mode, mtls } };
  if (pa.mode === 'STRICT' && !mtls) return fail(p, { ...paStep, outcome: 'fail', text: `${paStep.text}: STRICT refuses plaintext, the connection is reset${client.proxied ? ' (503 UF/URX at the client)' : ''}` }, client.proxied ? 503 : undefined, client.proxied ? 'UF' : undefined);
  p.steps.push(paStep);
  const enforcer: Enforcer = plane === 'ambient'
    ? { kind: 'ztunnel', namespace: w.namespace, labels: w.labels, port, label: `ztunnel for ${where} (L4 only)` }
    : { kind: 'sidecar', namespace: w.namespace, labels: w.labels, port, label: `sidecar of ${where}` };
  const decision = authorize(index, enforcer, request, mtls ? caller : { known: true });
  p.steps.push(decision.step);
  if (decision.outcome === 'deny') return Object.assign(p, { verdict: 'denied', status: 403 });
  if (decision.outcome === 'unknown') return Object.assign(p, { verdict: 'unknown' });
  return p;
}

/** Follows one route destination: host, port, DestinationRule and subset, pods, then each workload's admission. */
export function followDestination(index: ObjectIndex, route: RouteTarget, request: ParsedRequest, client: Client): ExplainDestination {
  const fqdn = index.fqdn(route.host, route.namespace);
  const base = { host: fqdn, subset: route.subset, weight: route.weight };
  const steps: ExplainStep[] = [];
  const done = (verdict: Verdict, extra: { status?: number; flag?: string; port?: number; workloads?: ExplainWorkload[] } = {}): ExplainDestination => ({ ...base, port: extra.port ?? route.port, verdict, status: extra.status, flag: extra.flag, steps, workloads: extra.workloads ?? [] });
  const target = index.resolveHost(route.host, route.namespace);
  if (!target) {
    steps.push({ stage: 'destination', outcome: 'fail', text: `no Service or ServiceEntry for ${fqdn} among the objects: 503 (NC, no cluster)` });
    return done('failed', { status: 503, flag: 'NC' });
  }
  if (target.object.kind === 'ServiceEntry') {
    const location = str(target.object.spec.location) ?? 'MESH_EXTERNAL';
    steps.push({ stage: 'egress', outcome: location === 'MESH_EXTERNAL' ? 'ok' : 'unknown', object: target.object.display, text: `${fqdn} is ${target.object.display} (${location}): the request leaves for ${target.host}${location === 'MESH_EXTERNAL' ? '' : '; mesh-internal ServiceEntry endpoints are not modelled'}` });
    return done(location === 'MESH_EXTERNAL' ? 'allowed' : 'unknown');
  }
  const ports = target.ports;
  const servicePort = route.port ?? (ports.length === 1 ? ports[0].number : undefined);
  if (servicePort === undefined) {
    steps.push({ stage: 'destination', outcome: 'unknown', object: target.object.display, text: `${target.object.display} has ${ports.length} ports and the route names none (IST0112): which port is used is not known` });
    return done('unknown');
  }
  const sp = ports.find((p) => p.number === servicePort);
  if (!sp) {
    steps.push({ stage: 'destination', outcome: 'fail', object: target.object.display, text: `${target.object.display} has no port ${servicePort} (it has ${ports.map((p) => p.number).join(', ')}): 503 (NC)` });
    return done('failed', { status: 503, flag: 'NC', port: servicePort });
  }
  steps.push({ stage: 'destination', outcome: 'ok', object: target.object.display, text: `${target.object.display} port ${servicePort}${sp.name ? ` (${sp.name})` : ''}${route.subset ? `, subset ${route.subset}` : ''}, weight ${round(route.weight)}%` });
  const dr = client.proxied ? destinationRuleFor(index, target.host, client.namespace, target.namespace) : undefined;
  let subsetLabels: Record<string, string> = {};
  if (route.subset !== undefined) {
    const subset = dr ? records(dr.spec.subsets).find((s) => str(s.name) === route.subset) : undefined;
    if (!subset) {
      steps.push({ stage: 'traffic-policy', outcome: 'fail', object: dr?.display, text: `subset ${route.subset} is not defined ${dr ? `in ${dr.display} (it defines ${records(dr.spec.subsets).map((s) => str(s.name)).join(', ') || 'none'})` : `in any DestinationRule for ${target.host}`}: 503 (NR)` });
      return done('failed', { status: 503, flag: 'NR', port: servicePort });
    }
    subsetLabels = Object.fromEntries(Object.entries(record(subset.labels)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }
  const policy = effectivePolicy(dr, route.subset, servicePort);
  if (client.proxied) steps.push({ stage: 'traffic-policy', outcome: 'ok', object: dr?.display, text: `${dr ? dr.display : 'no DestinationRule'}: ${describePolicy(policy)}`, details: { destinationRule: dr ? `${dr.namespace}/${dr.name}` : undefined, policy } });
  const tlsMode = str(record(policy.tls).mode);
  if (tlsMode === 'SIMPLE' || tlsMode === 'MUTUAL') {
    steps.push({ stage: 'traffic-policy', outcome: 'unknown', text: `TLS mode ${tlsMode} to an in-cluster Service: whether the pods accept that TLS is not modelled` });
    return done('unknown', { port: servicePort });
  }
  const pods = index.workloadsOf(target).filter((w) => Object.entries(subsetLabels).every(([k, v]) => w.labels[k] === v) && !scaledToZero(index, w));
  if (pods.length === 0) {
    steps.push({ stage: 'workload', outcome: 'fail', text: `no pods behind ${target.object.display}${route.subset ? ` subset ${route.subset}` : ''}: 503 (UH, no healthy upstream)` });
    return done('failed', { status: 503, flag: 'UH', port: servicePort });
  }
  const workloads: ExplainWorkload[] = [];
  let verdict: Verdict = 'allowed';
  let status: number | undefined;
  let flag: string | undefined;
  for (const w of pods) {
    const { port, container } = containerPortOf(w, sp.targetPort ?? servicePort);
    if (port === undefined) {
      steps.push({ stage: 'workload', outcome: 'fail', text: `targetPort ${String(sp.targetPort)} names no container port of ${w.object.kind} ${w.object.name}: 503` });
      verdict = 'failed';
      status = 503;
      continue;
    }
    const plane = dataPlaneOf(index, w);
    const autoPlaintext = tlsMode === undefined && plane === 'sidecar' && namespaceMtlsMode(index, w.namespace) === 'DISABLE';
    const mtls = client.proxied && tlsMode !== 'DISABLE' && plane !== 'none' && !autoPlaintext;
    const admitted = admitAtWorkload(index, w, port, request, client, mtls, { target, servicePort });
    steps.push({ stage: 'workload', outcome: 'ok', text: `pods of ${w.object.kind} ${w.namespace}/${w.object.name}${versionOf(w) ? ` (version ${versionOf(w)})` : ''}, container ${container ?? '?'} port ${port}` });
    steps.push(...admitted.steps);
    if (admitted.verdict === 'allowed') workloads.push({ kind: w.object.kind, namespace: w.namespace, name: w.object.name, version: versionOf(w), containerPort: port, container });
    else if (verdict === 'allowed' || admitted.verdict === 'unknown') {
      verdict = admitted.verdict;
      status = admitted.status;
      flag = admitted.flag;
    }
  }
  return done(workloads.length > 0 && verdict !== 'unknown' ? 'allowed' : verdict, { status: workloads.length > 0 ? undefined : status, flag: workloads.length > 0 ? undefined : flag, port: servicePort, workloads });
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
