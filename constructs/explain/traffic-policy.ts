import { hostCovers, visibleFrom } from '../analysis/hosts.js';
import { array, isRecord, num, record, records, str, type JsonRecord } from '../analysis/json.js';
import type { IndexedObject, ObjectIndex } from '../analysis/object-index.js';

/** The DestinationRule of a host as a client in `from` sees it: its own namespace first, then the host's, then the root namespace. */
export function destinationRuleFor(index: ObjectIndex, fqdn: string, from: string, hostNamespace: string): IndexedObject | undefined {
  const rules = index.ofKind('networking.istio.io', 'DestinationRule').filter((dr) => {
    const ns = dr.namespace ?? '';
    const host = str(dr.spec.host);
    return host !== undefined && hostCovers(index.fqdn(host, ns), fqdn) && visibleFrom(array(dr.spec.exportTo).filter((e): e is string => typeof e === 'string'), ns, from);
  });
  for (const ns of [from, hostNamespace, index.rootNamespace]) {
    const found = rules.find((r) => r.namespace === ns);
    if (found) return found;
  }
  return undefined;
}

const POLICY_FIELDS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls', 'tunnel', 'proxyProtocol', 'retryBudget'] as const;
/** The fields of a PortTrafficPolicy: a matching port-level entry replaces all four, unset ones revert to the defaults. */
const PORT_FIELDS = ['loadBalancer', 'connectionPool', 'outlierDetection', 'tls'] as const;

/**
 * The policy for one port and subset: subset fields over top-level fields, port-level settings over both (DestinationRule
 * TrafficPolicy). Port-level settings do not inherit: a field the matching entry leaves out is the default, not the level above.
 */
export function effectivePolicy(dr: IndexedObject | undefined, subset: string | undefined, port: number | undefined): JsonRecord {
  if (!dr) return {};
  const top = record(dr.spec.trafficPolicy);
  const sub = subset === undefined ? {} : record(records(dr.spec.subsets).find((s) => str(s.name) === subset)?.trafficPolicy);
  const out: JsonRecord = {};
  for (const layer of [top, sub]) {
    for (const f of POLICY_FIELDS) if (layer[f] !== undefined) out[f] = layer[f];
    const portLevel = records(layer.portLevelSettings).find((p) => num(record(p.port).number) === port);
    if (portLevel) {
      for (const f of PORT_FIELDS) {
        if (portLevel[f] === undefined) delete out[f];
        else out[f] = portLevel[f];
      }
    }
  }
  return out;
}

/** One line: TLS mode, load balancer, outlier detection, connection pool. */
export function describePolicy(policy: JsonRecord): string {
  const tls = str(record(policy.tls).mode);
  const lb = isRecord(policy.loadBalancer) ? (str(policy.loadBalancer.simple) ?? JSON.stringify(policy.loadBalancer)) : 'ROUND_ROBIN (default)';
  return [
    `TLS ${tls ?? 'auto mTLS (ISTIO_MUTUAL to pods with a proxy, plaintext otherwise)'}`,
    `load balancer ${lb}`,
    `outlier detection ${isRecord(policy.outlierDetection) ? JSON.stringify(policy.outlierDetection) : 'none'}`,
    `connection pool ${isRecord(policy.connectionPool) ? JSON.stringify(policy.connectionPool) : 'unlimited (default)'}`,
  ].join('; ');
}
