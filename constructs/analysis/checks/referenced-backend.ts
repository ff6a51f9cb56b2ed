import { isRecord, num, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject, ObjectIndex } from '../object-index.js';
import type { Check, FieldPath, ReportOptions } from '../types.js';

const GATEWAY_API = 'gateway.networking.k8s.io';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute'];
const POLICY_KINDS: [string, string][] = [
  ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'RequestAuthentication'],
  ['telemetry.istio.io', 'Telemetry'],
  ['extensions.istio.io', 'WasmPlugin'],
  ['extensions.istio.io', 'TrafficExtension'],
];

type Report = (o: IndexedObject, message: string, options?: ReportOptions) => void;

/** Looks up a `{group, kind, name, namespace}` reference; undefined means "not a kind we can follow". */
function lookup(index: ObjectIndex, ref: JsonRecord, defaultGroup: string, defaultKind: string, from: string): IndexedObject | null | undefined {
  const group = str(ref.group) ?? defaultGroup;
  const kind = str(ref.kind) ?? defaultKind;
  const name = str(ref.name);
  const namespace = str(ref.namespace) || from;
  if (!name) return undefined;
  if (group === '' && kind === 'Service') return index.get('', 'Service', namespace, name) ?? null;
  if (group === GATEWAY_API && kind === 'Gateway') return index.get(GATEWAY_API, 'Gateway', namespace, name) ?? null;
  if (group === 'networking.istio.io' && kind === 'ServiceEntry') return index.get('networking.istio.io', 'ServiceEntry', namespace, name) ?? null;
  return undefined;
}

function describe(ref: JsonRecord, defaultKind: string, from: string): string {
  return `${str(ref.kind) ?? defaultKind} ${str(ref.namespace) || from}/${str(ref.name)}`;
}

function checkBackend(index: ObjectIndex, report: Report, route: IndexedObject, ref: JsonRecord, field: FieldPath): void {
  const from = route.namespace ?? '';
  const target = lookup(index, ref, '', 'Service', from);
  if (target === null) {
    report(
      route,
      `Referenced backendRef not found: "${describe(ref, 'Service', from)}". The route's requests to it fail with 500: create the Service, or fix the name, namespace or kind.`,
      { field },
    );
    return;
  }
  const port = num(ref.port);
  if (target?.kind === 'Service' && port !== undefined) {
    const ports = records(target.spec.ports).map((p) => num(p.port));
    if (!ports.includes(port)) {
      report(route, `Referenced backendRef port not found: "${describe(ref, 'Service', from)}:${port}". The Service exposes ${ports.join(', ') || 'no ports'}: use one of them.`, { field: [...field, 'port'] });
    }
  }
}

export const referencedBackend: Check = {
  code: 'IST0101',
  severity: 'Error',
  title: 'ReferencedResourceNotFound',
  description:
    'A Gateway API route refers to a parent Gateway or backend Service, or a policy to a targetRef, that is not among the analyzed objects.',
  run({ index, report }) {
    for (const kind of ROUTE_KINDS) {
      for (const route of index.ofKind(GATEWAY_API, kind)) {
        const from = route.namespace ?? '';
        records(route.spec.parentRefs).forEach((ref, i) => {
          if (lookup(index, ref, GATEWAY_API, 'Gateway', from) === null) {
            report(
              route,
              `Referenced parentRef not found: "${describe(ref, 'Gateway', from)}". The route attaches to nothing and serves no traffic: create the Gateway (or Service, for mesh routing), or fix the reference.`,
              { field: ['spec', 'parentRefs', i] },
            );
          }
        });
        records(route.spec.rules).forEach((rule, i) => {
          records(rule.backendRefs).forEach((ref, j) => {
            checkBackend(index, report, route, ref, ['spec', 'rules', i, 'backendRefs', j]);
            records(ref.filters).forEach((f, k) => {
              const mirror = f.requestMirror;
              if (isRecord(mirror) && isRecord(mirror.backendRef)) {
                checkBackend(index, report, route, mirror.backendRef, ['spec', 'rules', i, 'backendRefs', j, 'filters', k, 'requestMirror', 'backendRef']);
              }
            });
          });
          records(rule.filters).forEach((f, k) => {
            const mirror = f.requestMirror;
            if (isRecord(mirror) && isRecord(mirror.backendRef)) {
              checkBackend(index, report, route, mirror.backendRef, ['spec', 'rules', i, 'filters', k, 'requestMirror', 'backendRef']);
            }
          });
        });
      }
    }
    for (const [group, kind] of POLICY_KINDS) {
      for (const policy of index.ofKind(group, kind)) {
        const from = policy.namespace ?? '';
        const refs: { ref: JsonRecord; field: FieldPath }[] = [];
        if (isRecord(policy.spec.targetRef)) refs.push({ ref: policy.spec.targetRef, field: ['spec', 'targetRef'] });
        records(policy.spec.targetRefs).forEach((ref, i) => refs.push({ ref, field: ['spec', 'targetRefs', i] }));
        for (const { ref, field } of refs) {
          if (lookup(index, ref, '', '', from) !== null) continue;
          report(
            policy,
            `Referenced targetRef not found: "${describe(ref, '', from)}". The ${kind} applies to nothing: create the target, or fix the reference.`,
            { field },
          );
        }
      }
    }
  },
};
