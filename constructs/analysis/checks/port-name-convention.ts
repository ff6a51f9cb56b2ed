import type { ServicePort } from '../object-index.js';
import type { Check } from '../types.js';
import { SYSTEM_NAMESPACES } from './mesh.js';

/** Protocols Istio recognises in a port name prefix or appProtocol (istio/istio pkg/config/protocol). */
const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
const APP_PROTOCOLS = new Set(['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss']);
/** Ports Istio treats as TCP without a name (SMTP, DNS, MySQL, MongoDB). */
const WELL_KNOWN_TCP = new Set([25, 53, 3306, 27017]);

/** Whether Istio can tell the port's protocol without sniffing, as its ConvertProtocol does. */
export function declaresProtocol(port: ServicePort): boolean {
  if ((port.protocol ?? '').toUpperCase() === 'UDP') return true;
  const name = (port.appProtocol ?? port.name ?? '').toLowerCase();
  if (APP_PROTOCOLS.has(name) || name.startsWith('grpc-web')) return true;
  const prefix = name.split('-')[0];
  return PROTOCOLS.has(prefix) || WELL_KNOWN_TCP.has(port.number);
}

export const portNameConvention: Check = {
  code: 'IST0118',
  severity: 'Info',
  title: 'PortNameIsNotUnderNamingConvention',
  description: 'A Service port has neither a <protocol>[-suffix] name nor an appProtocol, so Istio falls back to protocol sniffing.',
  run({ index, report }) {
    for (const svc of index.ofKind('', 'Service')) {
      if (SYSTEM_NAMESPACES.has(svc.namespace ?? '')) continue;
      const target = index.service(svc.namespace ?? '', svc.name);
      target?.ports.forEach((port, i) => {
        if (declaresProtocol(port)) return;
        report(
          svc,
          `Port name ${port.name ?? '(none)'} (port: ${port.number}, targetPort: ${port.targetPort ?? port.number}) doesn't follow the naming convention of Istio port. Name it <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis) or set appProtocol, so the proxy applies the right protocol instead of sniffing it.`,
          { field: ['spec', 'ports', i, 'name'] },
        );
      });
    }
  },
};
