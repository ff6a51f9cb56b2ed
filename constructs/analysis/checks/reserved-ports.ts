import { num, records } from '../json.js';
import type { Workload } from '../object-index.js';
import type { Check } from '../types.js';
import { PROXY_CONTAINERS, namesIstioManaged, optedOut } from './mesh.js';

/** The port range Istio's sidecar reserves for itself (15001 outbound, 15006 inbound, 15020/15021 health, 15090 stats, ...). */
export const RESERVED_PORTS = { from: 15000, to: 15090 } as const;

export function isReservedPort(port: number): boolean {
  return port >= RESERVED_PORTS.from && port <= RESERVED_PORTS.to;
}

const WHY = `the range ${RESERVED_PORTS.from}-${RESERVED_PORTS.to} that Istio's proxy reserves (15001 outbound, 15006 inbound, 15008 HBONE, 15020 merged metrics, 15021 health, 15090 Envoy stats)`;

function appWorkload(w: Workload): boolean {
  return !optedOut(w) && !namesIstioManaged(w.labels);
}

export const reservedPorts: Check = {
  code: 'DAM0106',
  severity: 'Error',
  title: 'ApplicationUsesIstioPort',
  description: `An application container, or a Service in front of one, uses a port in Istio's reserved range ${RESERVED_PORTS.from}-${RESERVED_PORTS.to}.`,
  run({ index, report }) {
    for (const w of index.workloads) {
      if (!appWorkload(w)) continue;
      for (const list of ['initContainers', 'containers'] as const) {
        records(w.podSpec[list]).forEach((c, i) => {
          if (typeof c.name === 'string' && PROXY_CONTAINERS.has(c.name)) return;
          records(c.ports).forEach((p, j) => {
            const port = num(p.containerPort);
            if (port === undefined || !isReservedPort(port)) return;
            report(
              w.object,
              `Container ${JSON.stringify(c.name)} uses port ${port}, inside ${WHY}: the proxy takes or intercepts it and the application breaks. Move the application to another port.`,
              { field: [...w.templatePath, 'spec', list, i, 'ports', j, 'containerPort'] },
            );
          });
        });
      }
    }
    for (const svc of index.ofKind('', 'Service')) {
      const target = index.service(svc.namespace ?? '', svc.name);
      if (!target || !index.workloadsOf(target).some(appWorkload)) continue;
      target.ports.forEach((p, i) => {
        if (isReservedPort(p.number)) {
          report(svc, `Service port ${p.number} is inside ${WHY}, which Istio asks applications to leave to the proxy: a Service there collides with the proxy's own listeners. Expose the Service on another port.`, { field: ['spec', 'ports', i, 'port'] });
        }
        const port = typeof p.targetPort === 'number' ? p.targetPort : undefined;
        if (port === undefined || !isReservedPort(port)) return;
        report(
          svc,
          `Service port ${p.number} forwards to port ${port} of the application pods, inside ${WHY}. Serve the application on another port and point targetPort there.`,
          { field: ['spec', 'ports', i, 'targetPort'] },
        );
      });
    }
  },
};
