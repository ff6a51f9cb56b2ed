import { num, record, records } from '../json.js';
import type { Check, FieldPath } from '../types.js';
import { PROXY_CONTAINERS } from './mesh.js';

/** The UID Istio's proxy runs as; iptables lets its traffic bypass the proxy. */
export const PROXY_UID = 1337;

export const applicationUid: Check = {
  code: 'IST0144',
  severity: 'Warning',
  title: 'InvalidApplicationUID',
  description: 'An application container runs as UID 1337, which is reserved for the sidecar proxy.',
  run({ index, report }) {
    for (const w of index.workloads) {
      const podUid = num(record(w.podSpec.securityContext).runAsUser);
      const specAt: FieldPath = [...w.templatePath, 'spec'];
      for (const list of ['initContainers', 'containers'] as const) {
        records(w.podSpec[list]).forEach((c, i) => {
          if (typeof c.name === 'string' && PROXY_CONTAINERS.has(c.name)) return;
          const own = num(record(c.securityContext).runAsUser);
          if ((own ?? podUid) !== PROXY_UID) return;
          const field: FieldPath = own !== undefined ? [...specAt, list, i, 'securityContext', 'runAsUser'] : [...specAt, 'securityContext', 'runAsUser'];
          report(
            w.object,
            `User ID (UID) 1337 is reserved for the sidecar proxy: container ${JSON.stringify(c.name)} runs as 1337, so its traffic bypasses the proxy (no mTLS, no routing, no telemetry). Run it as another non-root UID.`,
            { field },
          );
        });
      }
    }
  },
};
