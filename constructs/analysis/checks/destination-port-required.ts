import type { Check } from '../types.js';
import { destinations } from './routes.js';

export const destinationPortRequired: Check = {
  code: 'IST0112',
  severity: 'Error',
  title: 'VirtualServiceDestinationPortSelectorRequired',
  description: 'A VirtualService routes to a Service or ServiceEntry with more than one port without saying which.',
  run({ index, report }) {
    for (const vs of index.ofKind('networking.istio.io', 'VirtualService')) {
      for (const d of destinations(vs)) {
        if (d.port !== undefined) continue;
        const target = index.resolveHost(d.host, vs.namespace ?? '');
        if (!target || target.ports.length <= 1) continue;
        const ports = target.ports.map((p) => p.number);
        report(
          vs,
          `This VirtualService routes to a service ${JSON.stringify(d.host)} that exposes multiple ports [${ports.join(' ')}]. Specifying a port in the destination is required to disambiguate: set port.number to one of them.`,
          { field: d.field },
        );
      }
    }
  },
};
