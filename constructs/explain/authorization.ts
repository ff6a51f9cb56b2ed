import { array, isRecord, record, records, str, stringMap, type JsonRecord } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex } from '../analysis/object-index.js';
import type { ParsedRequest } from './request.js';
import { policyMatch } from '../validation/paths.js';
import { allOf, anyOf, not, type Tri } from './tri.js';
import type { ExplainStep } from './types.js';

const DOC = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';

/** Who the enforcing proxy sees as the caller. */
export interface Caller {
  /** mTLS peer identity (`cluster.local/ns/<ns>/sa/<sa>`); undefined for plaintext. */
  readonly principal?: string;
  /** False when the caller uses mTLS but its identity is not known (e.g. a gateway whose install is not among the objects). */
  readonly known: boolean;
}

/** The proxy enforcing the policies and what it can see. */
export interface Enforcer {
  /** `sidecar` and `gateway`: full L7; `waypoint`: L7 policies bound by targetRefs; `ztunnel`: L4 only. */
  readonly kind: 'sidecar' | 'gateway' | 'waypoint' | 'ztunnel';
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Port the request arrives on at the enforcing proxy (the container port for sidecars). */
  readonly port: number;
  /** Gateway API Gateway name (gateways and waypoints), for `targetRefs` of kind Gateway. */
  readonly gatewayName?: string;
  /** Service names the request is addressed to, for a waypoint's `targetRefs` of kind Service. */
  readonly services?: readonly string[];
  /** How the enforcer is described in steps, e.g. `sidecar of Deployment dog-app/dog-app-v1`. */
  readonly label: string;
}

export interface AuthorizationDecision {
  readonly outcome: 'allow' | 'deny' | 'unknown';
  readonly step: ExplainStep;
}

const L7_FIELDS = new Set(['methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts', 'requestPrincipals', 'notRequestPrincipals']);

function strings(value: unknown): string[] {
  return array(value).filter((v): v is string => typeof v === 'string');
}

function principalNamespace(principal: string | undefined): string | undefined {
  return principal === undefined ? undefined : /\/ns\/([^/]+)\/sa\//.exec(principal)?.[1];
}

function serviceAccountOf(principal: string | undefined): string | undefined {
  const m = principal === undefined ? undefined : /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** A list field: any entry matches (lists within a field are ORed); `not*` fields match when none does. */
function field(source: JsonRecord, name: string, value: string | undefined, known: boolean, ignoreCase = false): Tri[] {
  const out: Tri[] = [];
  const positive = strings(source[name]);
  const negative = strings(source[`not${name[0].toUpperCase()}${name.slice(1)}`]);
  const test = (patterns: string[]): Tri => (known ? patterns.some((p) => policyMatch(p, value, ignoreCase)) : 'unknown');
  if (source[name] !== undefined) out.push(test(positive));
  if (source[`not${name[0].toUpperCase()}${name.slice(1)}`] !== undefined) out.push(not(test(negative)));
  return out;
}

function sourceMatch(s: JsonRecord, caller: Caller): Tri {
  const results: Tri[] = [];
  const known = caller.principal === undefined || caller.known;
  results.push(...field(s, 'principals', caller.principal, known));
  results.push(...field(s, 'namespaces', principalNamespace(caller.principal), known));
  results.push(...field(s, 'serviceAccounts', serviceAccountOf(caller.principal), known));
  for (const k of ['requestPrincipals', 'notRequestPrincipals', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks']) if (s[k] !== undefined) results.push('unknown');
  return allOf(results);
}

/** `hosts` match the whole Host header, port included, case-insensitively (`example.com:*` is how a policy covers ports). */
function operationMatch(o: JsonRecord, request: ParsedRequest, port: number): Tri {
  return allOf([
    ...field(o, 'methods', request.method, true),
    ...field(o, 'paths', request.path, true),
    ...field(o, 'ports', String(port), true),
    ...field(o, 'hosts', request.headers.host, true, true),
  ]);
}

function conditionMatch(c: JsonRecord, request: ParsedRequest, caller: Caller, port: number): Tri {
  const key = str(c.key) ?? '';
  let value: string | undefined;
  let known = true;
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) value = request.headers[header[1].toLowerCase()];
  else if (key === 'source.namespace') [value, known] = [principalNamespace(caller.principal), caller.principal === undefined || caller.known];
  else if (key === 'source.principal') [value, known] = [caller.principal, caller.principal === undefined || caller.known];
  else if (key === 'destination.port') value = String(port);
  else return 'unknown';
  if (!known) return 'unknown';
  const results: Tri[] = [];
  if (c.values !== undefined) results.push(strings(c.values).some((p) => policyMatch(p, value)));
  if (c.notValues !== undefined) results.push(!strings(c.notValues).some((p) => policyMatch(p, value)));
  return allOf(results);
}

function usesL7(rule: JsonRecord): boolean {
  const ops = records(rule.to).map((t) => record(t.operation));
  const sources = records(rule.from).map((f) => record(f.source));
  return ops.some((o) => Object.keys(o).some((k) => L7_FIELDS.has(k))) || sources.some((s) => Object.keys(s).some((k) => L7_FIELDS.has(k))) || records(rule.when).some((w) => (str(w.key) ?? '').startsWith('request.'));
}

/** A rule matches when every field present matches; `from` and `to` entries are ORed, `when` conditions ANDed. */
export function ruleMatch(rule: JsonRecord, request: ParsedRequest, caller: Caller, port: number): Tri {
  const parts: Tri[] = [];
  if (rule.from !== undefined) parts.push(anyOf(records(rule.from).map((f) => sourceMatch(record(f.source), caller))));
  if (rule.to !== undefined) parts.push(anyOf(records(rule.to).map((t) => operationMatch(record(t.operation), request, port))));
  for (const c of records(rule.when)) parts.push(conditionMatch(c, request, caller, port));
  return allOf(parts);
}

function targetRefs(p: IndexedObject): JsonRecord[] {
  return [p.spec.targetRef, ...array(p.spec.targetRefs)].filter(isRecord);
}

/** The GatewayClass of a Gateway API gateway or waypoint enforcer (the others have no gatewayName). */
function gatewayClassOf(index: ObjectIndex, e: Enforcer): string | undefined {
  return e.gatewayName === undefined ? undefined : str(index.get('gateway.networking.k8s.io', 'Gateway', e.namespace, e.gatewayName)?.spec.gatewayClassName);
}

/**
 * Whether a policy applies at the enforcer: root-namespace and own-namespace policies by selector, or by
 * targetRefs for gateways and waypoints (a GatewayClass from the root namespace, the rest from their own).
 */
export function policyApplies(index: ObjectIndex, p: IndexedObject, e: Enforcer): boolean {
  const ns = p.namespace ?? '';
  if (ns !== e.namespace && ns !== index.rootNamespace) return false;
  const refs = targetRefs(p);
  if (refs.length > 0) {
    return refs.some((r) => {
      const kind = str(r.kind);
      if (kind === 'GatewayClass') return ns === index.rootNamespace && str(r.name) === gatewayClassOf(index, e);
      if (ns !== e.namespace) return false;
      if (kind === 'Gateway') return (e.kind === 'gateway' || e.kind === 'waypoint') && str(r.name) === e.gatewayName;
      if (kind === 'Service') return e.kind === 'waypoint' && (e.services ?? []).includes(str(r.name) ?? '');
      return false;
    });
  }
  if (e.kind === 'waypoint') return false;
  if (isRecord(p.spec.selector)) return Object.entries(stringMap(record(p.spec.selector).matchLabels)).every(([k, v]) => e.labels[k] === v);
  return true;
}

function ruleText(p: IndexedObject, i: number): string {
  return `AuthorizationPolicy ${p.namespace}/${p.name} rule ${i}`;
}

/**
 * Istio's evaluation at one proxy: CUSTOM, then DENY (any match denies), then ALLOW (with any ALLOW
 * policy present, the request is denied unless one rule matches); no ALLOW policy: allowed.
 */
export function authorize(index: ObjectIndex, e: Enforcer, request: ParsedRequest, caller: Caller): AuthorizationDecision {
  const all = index.ofKind('security.istio.io', 'AuthorizationPolicy').filter((p) => p.annotations['istio.io/dry-run'] !== 'true' && policyApplies(index, p, e));
  const byAction = (action: string) => all.filter((p) => (str(p.spec.action) ?? 'ALLOW') === action);
  const at = `at the ${e.label}`;
  const evaluate = (p: IndexedObject, deny: boolean): { result: Tri; rule?: number } => {
    const rules = records(p.spec.rules);
    let unknown = false;
    for (let i = 0; i < rules.length; i++) {
      let r = ruleMatch(rules[i], request, caller, e.port);
      if (e.kind === 'ztunnel' && usesL7(rules[i])) r = deny ? 'unknown' : false;
      if (r === true) return { result: true, rule: i };
      if (r === 'unknown') unknown = true;
    }
    return { result: unknown ? 'unknown' : false };
  };
  for (const p of byAction('CUSTOM')) {
    const { result } = evaluate(p, true);
    if (result !== false) {
      return { outcome: 'unknown', step: { stage: 'authorization', outcome: 'unknown', object: p.display, text: `${at}: CUSTOM AuthorizationPolicy ${p.namespace}/${p.name} sends the request to provider ${str(record(p.spec.provider).name) ?? '?'}, whose answer is not modelled` } };
    }
  }
  let pending: ExplainStep | undefined;
  for (const p of byAction('DENY')) {
    const { result, rule } = evaluate(p, true);
    if (result === true) return { outcome: 'deny', step: { stage: 'authorization', outcome: 'fail', object: p.display, text: `${at}: denied by ${ruleText(p, rule!)} (DENY): 403 "RBAC: access denied"`, details: { policy: `${p.namespace}/${p.name}`, action: 'DENY', rule } } };
    if (result === 'unknown') pending ??= { stage: 'authorization', outcome: 'unknown', object: p.display, text: `${at}: whether DENY AuthorizationPolicy ${p.namespace}/${p.name} matches is not known (a field or condition is not modelled)` };
  }
  if (pending) return { outcome: 'unknown', step: pending };
  const allow = byAction('ALLOW');
  if (allow.length === 0) return { outcome: 'allow', step: { stage: 'authorization', outcome: 'ok', text: `${at}: allowed, no ALLOW AuthorizationPolicy applies (${DOC})`, details: { action: 'none' } } };
  for (const p of allow) {
    const { result, rule } = evaluate(p, false);
    if (result === true) return { outcome: 'allow', step: { stage: 'authorization', outcome: 'ok', object: p.display, text: `${at}: allowed by ${ruleText(p, rule!)} (ALLOW)`, details: { policy: `${p.namespace}/${p.name}`, action: 'ALLOW', rule } } };
    if (result === 'unknown') pending ??= { stage: 'authorization', outcome: 'unknown', object: p.display, text: `${at}: whether ALLOW AuthorizationPolicy ${p.namespace}/${p.name} matches is not known (a field or condition is not modelled${caller.principal !== undefined && !caller.known ? ", or the caller's identity" : ''})` };
  }
  if (pending) return { outcome: 'unknown', step: pending };
  const names = allow.map((p) => `${p.namespace}/${p.name}`).join(', ');
  return {
    outcome: 'deny',
    step: {
      stage: 'authorization',
      outcome: 'fail',
      text: `${at}: denied, implicitly: ALLOW policies apply (${names}) and no rule matches ${caller.principal ?? 'a plaintext caller (no principal)'} ${request.method} ${request.path}${request.query ? ' (the query string is not matched)' : ''}: 403 "RBAC: access denied"`,
      details: { action: 'implicit-deny', policies: allow.map((p) => `${p.namespace}/${p.name}`) },
    },
  };
}
