import { expect } from 'chai';
import { allFindings, findingsOf } from './check-findings.js';

// The VirtualService checks: references (IST0101), gateways (IST0132), ports (IST0112), mirrors (DAM0108),
// weights (DAM0101), retries (DAM0102) and faults (DAM0103).

const docs = (...texts: string[]) => texts.join('\n---\n');

const GATEWAY = (hosts: string, ns = 'edge') => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: ${ns} }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ${hosts} }]
`;

function vs(spec: string, ns = 'shop'): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: ${ns} }
spec:
${spec.trim().replace(/^/gm, '  ')}
`;
}

const SERVICE = (name: string, ports: string, ns = 'shop') => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { app: ${name} }
  ports: ${ports}
`;

describe('IST0132 VirtualServiceHostNotFoundInGateway', () => {
  const bound = (gatewayHosts: string, vsHosts = '[shop.example.com]', gateways = '[edge/public]', vsNs = 'shop', gwNs = 'edge') =>
    findingsOf('IST0132', docs(GATEWAY(gatewayHosts, gwNs), vs(`hosts: ${vsHosts}\ngateways: ${gateways}\nhttp: [{ route: [{ destination: { host: web } }] }]`, vsNs)));

  it('a host the Gateway does not serve, naming what it serves, at the gateway reference', () => {
    expect(bound('[www.example.com, "*/api.example.com"]', '[shop.example.com, shop]', '[mesh, edge/public]')).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/web',
        message:
          "one or more host [shop.example.com shop] defined in VirtualService shop/web not found in Gateway edge/public. The gateway serves [www.example.com */api.example.com], so it never routes to this VirtualService: add the host to the Gateway's servers[].hosts (with a namespace/ prefix the VirtualService's namespace matches), or change the VirtualService's hosts.",
        field: 'spec.gateways[1]',
      },
    ]);
  });

  it('a namespace/ prefix binds the VirtualServices of that namespace, or of every one with */', () => {
    expect(bound('["shop/shop.example.com"]')).to.deep.equal([]);
    expect(bound('["*/shop.example.com"]')).to.deep.equal([]);
    expect(bound('["billing/shop.example.com"]')).to.have.lengthOf(1);
    expect(bound('["shop.example.com"]')).to.deep.equal([]);
  });

  it('another namespace/ prefix does not bind, even when the Gateway and the VirtualService share a namespace', () => {
    expect(bound('["billing/shop.example.com"]', '[shop.example.com]', '[public]', 'edge', 'edge')).to.have.lengthOf(1);
  });

  it('a ./ prefix binds only the VirtualServices of the Gateway\'s own namespace', () => {
    expect(bound('["./shop.example.com"]')).to.have.lengthOf(1);
    expect(bound('["./shop.example.com"]', '[shop.example.com]', '[edge/public]', 'edge')).to.deep.equal([]);
    expect(bound('["./shop.example.com"]', '[shop.example.com]', '[public]', 'edge')).to.deep.equal([]);
  });

  it('one served host is enough, for any of the VirtualService\'s hosts; entries that are not names are ignored', () => {
    expect(bound('[www.example.com, shop.example.com]')).to.deep.equal([]);
    expect(bound('[shop.example.com]', '[other.example.com, shop.example.com]')).to.deep.equal([]);
    expect(bound('[7, www.example.com]', '[8, shop.example.com]').map((f) => f.message.slice(0, 110))).to.deep.equal([
      'one or more host [shop.example.com] defined in VirtualService shop/web not found in Gateway edge/public. The g',
    ]);
    expect(bound('[7, www.example.com]')[0].message).to.include('The gateway serves [www.example.com], so');
  });

  it('wildcards on either side overlap', () => {
    expect(bound('["*.example.com"]')).to.deep.equal([]);
    expect(bound('["shop.example.com"]', '["*.example.com"]')).to.deep.equal([]);
    expect(bound('["*.example.org"]')).to.have.lengthOf(1);
  });

  it('binds a bare gateway name in the VirtualService\'s namespace, and the legacy name.namespace form', () => {
    expect(bound('[www.example.com]', '[shop.example.com]', '[public]', 'edge', 'edge')).to.have.lengthOf(1);
    expect(bound('[www.example.com]', '[shop.example.com]', '[public.edge]')).to.have.lengthOf(1);
    expect(bound('[www.example.com]', '[shop.example.com]', '[public.edge.svc.cluster.local]')).to.have.lengthOf(1);
    expect(bound('[www.example.com]', '[shop.example.com]', '[public]')).to.deep.equal([], 'no Gateway shop/public: IST0101 says so instead');
  });
});

describe('IST0101 ReferencedResourceNotFound: gateways of a VirtualService', () => {
  it('a missing gateway in spec.gateways or in an http match, by namespace/name, bare or legacy form', () => {
    const spec = `
hosts: [web]
gateways: [mesh, edge/public, public, public.edge, gone.edge]
http:
  - match: [{ gateways: [mesh, edge/public, missing], uri: { prefix: /a } }]
    route: [{ destination: { host: web } }]
  - route: [{ destination: { host: web } }]`;
    const found = findingsOf('IST0101', docs(GATEWAY('["*"]'), SERVICE('web', '[{ name: http, port: 80 }]'), vs(spec)));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          'Referenced gateway not found: "public". No Gateway shop/public is among the analyzed objects, so the VirtualService is bound to nothing there: create the Gateway, fix the name (write namespace/name for a Gateway in another namespace), or remove it from the list.',
        field: 'spec.gateways[2]',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          'Referenced gateway not found: "gone.edge". No Gateway edge/gone is among the analyzed objects, so the VirtualService is bound to nothing there: create the Gateway, fix the name (write namespace/name for a Gateway in another namespace), or remove it from the list.',
        field: 'spec.gateways[4]',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          'Referenced gateway not found: "missing". No Gateway shop/missing is among the analyzed objects, so the VirtualService is bound to nothing there: create the Gateway, fix the name (write namespace/name for a Gateway in another namespace), or remove it from the list.',
        field: 'spec.http[0].match[0].gateways[2]',
      },
    ]);
  });
  it('skips entries that are not names, and reads a leading / as an empty namespace', () => {
    const spec = 'hosts: [web]\ngateways: [7, mesh, /public]\nhttp: [{ match: [{ gateways: [8, mesh] }], route: [{ destination: { host: web } }] }]';
    const text = docs(SERVICE('web', '[{ name: http, port: 80 }]'), vs(spec));
    expect(allFindings(text).filter((f) => f.startsWith('IST0001'))).to.deep.equal([]);
    expect(findingsOf('IST0101', text).map((f) => [f.message.slice(0, 77), f.field])).to.deep.equal([
      ['Referenced gateway not found: "/public". No Gateway /public is among the anal', 'spec.gateways[2]'],
    ]);
  });
});

describe('IST0101 ReferencedResourceNotFound: destinations of a VirtualService', () => {
  const DR = (subsets: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api, namespace: shop }
spec:
  host: api
  subsets: ${subsets}
`;

  it('a missing mirror host, in mirror and mirrors[]', () => {
    const spec = `
hosts: [web]
http:
  - route: [{ destination: { host: web } }]
    mirror: { host: shadow }
    mirrors: [{ destination: { host: shadow2.other.svc.cluster.local }, percentage: { value: 5 } }]`;
    const found = findingsOf('IST0101', docs(SERVICE('web', '[{ name: http, port: 80 }]'), vs(spec)));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          "Referenced mirror host not found: \"shadow\". No Service or ServiceEntry for shadow.shop.svc.cluster.local is among the analyzed objects, so requests get 503 (no route): create the Service (short names resolve in the VirtualService's namespace), add a ServiceEntry for an external host, or fix the host.",
        field: 'spec.http[0].mirror.host',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          "Referenced mirror host not found: \"shadow2.other.svc.cluster.local\". No Service or ServiceEntry for shadow2.other.svc.cluster.local is among the analyzed objects, so requests get 503 (no route): create the Service (short names resolve in the VirtualService's namespace), add a ServiceEntry for an external host, or fix the host.",
        field: 'spec.http[0].mirrors[0].destination.host',
      },
    ]);
  });

  it('a port the Service does not expose, in tcp and tls routes too, with "port" or "ports"', () => {
    const spec = `
hosts: [web]
tcp: [{ route: [{ destination: { host: api, port: { number: 81 } } }] }]
tls: [{ match: [{ sniHosts: [web] }], route: [{ destination: { host: web, port: { number: 444 } } }] }]`;
    const found = findingsOf('IST0101', docs(SERVICE('api', '[{ name: http, port: 80 }, { name: grpc, port: 9000 }]'), SERVICE('web', '[{ name: tls, port: 443 }]'), vs(spec)));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message: 'Referenced host:port not found: "api:81". Service api exposes ports 80, 9000: route to one of them.',
        field: 'spec.tcp[0].route[0].destination.port.number',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message: 'Referenced host:port not found: "web:444". Service web exposes port 443: route to one of them.',
        field: 'spec.tls[0].route[0].destination.port.number',
      },
    ]);
  });

  it('a subset: no DestinationRule, one without subsets, one without that subset', () => {
    const spec = `
hosts: [api]
http: [{ route: [{ destination: { host: api, subset: v2 } }] }]`;
    const message = (defined: string) =>
      `Referenced host+subset in destinationrule not found: "api+v2". ${defined}, so requests routed there fail with 503 (NR): add a subset named "v2" (with the version's pod labels) to the DestinationRule for api.shop.svc.cluster.local, or route to a defined subset.`;
    const api = SERVICE('api', '[{ name: http, port: 80 }]');
    expect(findingsOf('IST0101', docs(api, vs(spec))).map((f) => [f.message, f.field])).to.deep.equal([
      [message('No DestinationRule for that host is among the analyzed objects'), 'spec.http[0].route[0].destination.subset'],
    ]);
    expect(findingsOf('IST0101', docs(api, DR('[]'), vs(spec))).map((f) => f.message)).to.deep.equal([message('Its DestinationRule defines no subsets')]);
    expect(findingsOf('IST0101', docs(api, DR('[{ name: v1, labels: { v: "1" } }, { labels: { v: "0" } }, { name: v3, labels: { v: "3" } }]'), vs(spec))).map((f) => f.message)).to.deep.equal([
      message('Its DestinationRule defines v1, v3'),
    ]);
    expect(findingsOf('IST0101', docs(api, DR('[{ name: v2, labels: { v: "2" } }]'), vs(spec)))).to.deep.equal([]);
  });

  it('a port on a Service without ports is not checked', () => {
    const spec = 'hosts: [api]\nhttp: [{ route: [{ destination: { host: api, port: { number: 80 } } }] }]';
    expect(findingsOf('IST0101', docs(SERVICE('api', '[]'), vs(spec)))).to.deep.equal([]);
  });

  it('a subset of a host a wildcard ServiceEntry covers is looked up by the host routed to', () => {
    const se = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ext, namespace: shop }
spec:
  hosts: ["*.example.com"]
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: NONE
`;
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ext, namespace: shop }\nspec: { host: api.example.com, subsets: [{ name: eu, labels: { r: eu } }] }\n';
    const route = (subset: string) => vs(`hosts: [api.example.com]\ntls: [{ match: [{ sniHosts: [api.example.com] }], route: [{ destination: { host: api.example.com, subset: ${subset} } }] }]`);
    expect(findingsOf('IST0101', docs(se, dr, route('eu')))).to.deep.equal([]);
    expect(findingsOf('IST0101', docs(se, dr, route('us'))).map((f) => f.message)).to.deep.equal([
      'Referenced host+subset in destinationrule not found: "api.example.com+us". Its DestinationRule defines eu, so requests routed there fail with 503 (NR): add a subset named "us" (with the version\'s pod labels) to the DestinationRule for api.example.com, or route to a defined subset.',
    ]);
  });

  it('tcp rules have no mirrors', () => {
    const spec = 'hosts: [web]\ntcp: [{ route: [{ destination: { host: web } }], mirror: { host: gone } }]';
    expect(findingsOf('IST0101', docs(SERVICE('web', '[{ name: tcp, port: 80 }]'), vs(spec)))).to.deep.equal([]);
  });

  it('a subset of a ServiceEntry host is looked up by the host as written', () => {
    const se = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ext, namespace: shop }
spec:
  hosts: [api.example.com]
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: DNS
`;
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: ext, namespace: shop }\nspec: { host: api.example.com, subsets: [{ name: eu, labels: { r: eu } }] }\n';
    const route = (subset: string) => vs(`hosts: [api.example.com]\ntls: [{ match: [{ sniHosts: [api.example.com] }], route: [{ destination: { host: api.example.com, subset: ${subset} } }] }]`);
    expect(findingsOf('IST0101', docs(se, dr, route('eu')))).to.deep.equal([]);
    expect(findingsOf('IST0101', docs(se, dr, route('us'))).map((f) => f.message)).to.deep.equal([
      'Referenced host+subset in destinationrule not found: "api.example.com+us". Its DestinationRule defines eu, so requests routed there fail with 503 (NR): add a subset named "us" (with the version\'s pod labels) to the DestinationRule for api.example.com, or route to a defined subset.',
    ]);
  });
});

describe('IST0112 VirtualServiceDestinationPortSelectorRequired', () => {
  it('a destination without a port to a Service with several, at the destination', () => {
    const spec = 'hosts: [api]\nhttp: [{ route: [{ destination: { host: api } }, { destination: { host: api, port: { number: 80 } } }] }]';
    expect(findingsOf('IST0112', docs(SERVICE('api', '[{ name: http, port: 80 }, { name: grpc, port: 9000 }]'), vs(spec)))).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message: 'This VirtualService routes to a service "api" that exposes multiple ports [80 9000]. Specifying a port in the destination is required to disambiguate: set port.number to one of them.',
        field: 'spec.http[0].route[0].destination',
      },
    ]);
  });

  it('one port, or an unknown host, needs no port', () => {
    const spec = 'hosts: [api]\nhttp: [{ route: [{ destination: { host: api } }, { destination: { host: gone } }] }]';
    expect(findingsOf('IST0112', docs(SERVICE('api', '[{ name: http, port: 80 }]'), vs(spec)))).to.deep.equal([]);
  });
});

describe('DAM0108 MirrorWithoutPercentage', () => {
  it('mirrors[] entries without a percentage, each at its index', () => {
    const spec = `
hosts: [web]
http:
  - name: shadowing
    route: [{ destination: { host: web } }]
    mirrors:
      - { destination: { host: web-next } }
      - { destination: { host: web-canary }, percentage: { value: 10 } }
      - { destination: { host: web-old } }`;
    expect(findingsOf('DAM0108', vs(spec))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/web',
        message:
          'Rule "shadowing" mirrors to web-next without percentage: Istio then mirrors 100% of the requests. Set the percentage explicitly (e.g. 10), even to 100 if a full copy is what you want.',
        field: 'spec.http[0].mirrors[0]',
      },
      {
        severity: 'Warning',
        object: 'VirtualService shop/web',
        message:
          'Rule "shadowing" mirrors to web-old without percentage: Istio then mirrors 100% of the requests. Set the percentage explicitly (e.g. 10), even to 100 if a full copy is what you want.',
        field: 'spec.http[0].mirrors[2]',
      },
    ]);
  });

  it('mirror with mirrorPercentage or the legacy mirror_percent is fine', () => {
    const spec = (extra: string) => `hosts: [web]\nhttp: [{ route: [{ destination: { host: web } }], mirror: { host: web-next }${extra} }]`;
    expect(findingsOf('DAM0108', vs(spec(', mirrorPercentage: { value: 5 }')))).to.deep.equal([]);
    expect(findingsOf('DAM0108', vs(spec(', mirror_percent: 5')))).to.deep.equal([]);
    expect(findingsOf('DAM0108', vs(spec(''))).map((f) => [f.message.slice(0, 40), f.field])).to.deep.equal([['Rule #0 mirrors to web-next without mirr', 'spec.http[0].mirror']]);
  });

  it('an HTTPRoute RequestMirror filter without percent or fraction', () => {
    const route = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: [{ name: public }]
  rules:
    - backendRefs: [{ name: web, port: 80 }]
      filters:
        - { type: RequestHeaderModifier, requestHeaderModifier: { add: [{ name: x, value: "1" }] } }
        - { type: RequestMirror, requestMirror: { backendRef: { name: web-next, port: 80 } } }
        - { type: RequestMirror, requestMirror: { backendRef: { name: web-a, port: 80 }, percent: 10 } }
        - { type: RequestMirror, requestMirror: { backendRef: { name: web-b, port: 80 }, fraction: { numerator: 1 } } }
        - { type: ExtensionRef, requestMirror: { backendRef: { name: web-c, port: 80 } } }
`;
    expect(findingsOf('DAM0108', route)).to.deep.equal([
      {
        severity: 'Warning',
        object: 'HTTPRoute shop/web',
        message:
          'Rule 0 mirrors to web-next without percent or fraction: the gateway then mirrors 100% of the requests. Set the percentage explicitly (e.g. 10), even to 100 if a full copy is what you want.',
        field: 'spec.rules[0].filters[1]',
      },
    ]);
  });
});

describe('DAM0101 RouteWeightsSendNoTraffic', () => {
  it('a negative weight, in http, tcp and tls rules', () => {
    const spec = `
hosts: [web]
http: [{ route: [{ destination: { host: web }, weight: 110 }, { destination: { host: web-next }, weight: -10 }] }]
tcp: [{ route: [{ destination: { host: web }, weight: -1 }] }]`;
    expect(findingsOf('DAM0101', vs(spec))).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message: 'Route weight -10 of spec.http[0].route[1] is negative: Istio rejects it. Use 0 to send a destination no traffic, or a positive share.',
        field: 'spec.http[0].route[1].weight',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message: 'Route weight -1 of spec.tcp[0].route[0] is negative: Istio rejects it. Use 0 to send a destination no traffic, or a positive share.',
        field: 'spec.tcp[0].route[0].weight',
      },
    ]);
  });

  it('weights adding up to zero (missing weights count 0), at the route list', () => {
    const spec = 'hosts: [web]\ntls: [{ match: [{ sniHosts: [web] }], route: [{ destination: { host: web } }, { destination: { host: web-next }, weight: 0 }] }]';
    expect(findingsOf('DAM0101', vs(spec))).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/web',
        message:
          'Route weights of spec.tls[0] add up to 0 across 2 destinations: no destination would get traffic and Istio rejects the rule. Give at least one destination a positive weight (weights are relative shares; they need not add up to 100).',
        field: 'spec.tls[0].route',
      },
    ]);
    expect(findingsOf('DAM0101', vs('hosts: [web]\nhttp: [{ route: [{ destination: { host: web }, weight: 0 }] }]')), 'a single destination gets all traffic').to.deep.equal([]);
    expect(findingsOf('DAM0101', vs('hosts: [web]\nhttp: [{ route: [{ destination: { host: web }, weight: 1 }, { destination: { host: web-next } }] }]'))).to.deep.equal([]);
  });

  it('GRPCRoute backendRefs all weighted 0; a missing weight counts 1', () => {
    const route = (refs: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: { name: api, namespace: shop }
spec:
  parentRefs: [{ name: public }]
  rules: [{ backendRefs: [] }, { backendRefs: ${refs} }]
`;
    expect(findingsOf('DAM0101', route('[{ name: a, port: 80, weight: 0 }, { name: b, port: 80, weight: 0 }]'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'GRPCRoute shop/api',
        message: 'Every backendRef of spec.rules[1] has weight 0: the gateway answers every request of this rule with 500. Give at least one backend a positive weight.',
        field: 'spec.rules[1].backendRefs',
      },
    ]);
    expect(findingsOf('DAM0101', route('[{ name: a, port: 80, weight: 0 }, { name: b, port: 80 }]'))).to.deep.equal([]);
  });
});

describe('DAM0102 RetriesExceedRouteTimeout', () => {
  const rule = (fields: string) => vs(`hosts: [web]\nhttp: [{ name: api, route: [{ destination: { host: web } }], ${fields} }]`);

  it('reports the budget with each duration written out, at the timeout', () => {
    expect(findingsOf('DAM0102', rule('timeout: 1500ms, retries: { attempts: 2, perTryTimeout: 1s }'))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/web',
        message:
          'Rule "api": retries can take perTryTimeout 1s × (2 attempts + 1) = 3s, more than the route timeout 1.5s, so the last tries are cut off by the timeout. Raise timeout to at least 3s, or lower perTryTimeout or attempts.',
        field: 'spec.http[0].timeout',
      },
    ]);
  });

  it('a budget equal to the timeout fits; no timeout, no attempts, no perTryTimeout or a fault leave it alone', () => {
    expect(findingsOf('DAM0102', rule('timeout: 3s, retries: { attempts: 2, perTryTimeout: 1s }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('timeout: 0s, retries: { attempts: 2, perTryTimeout: 1s }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('retries: { attempts: 2, perTryTimeout: 1s }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('timeout: 500ms, retries: { attempts: 0, perTryTimeout: 1s }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('timeout: 1s, retries: { perTryTimeout: 1s }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('timeout: 1s, retries: { attempts: 3 }'))).to.deep.equal([]);
    expect(findingsOf('DAM0102', rule('timeout: 1s, retries: { attempts: 3, perTryTimeout: 1s }, fault: { abort: { httpStatus: 500 } }'))).to.deep.equal([]);
  });
});

describe('DAM0103 FaultInjectionDisablesRetries', () => {
  const rule = (fields: string) => vs(`hosts: [web]\nhttp: [{ route: [{ destination: { host: web } }], fault: { delay: { fixedDelay: 1s, percentage: { value: 50 } } }, ${fields} }]`);
  const message = (what: string) =>
    `Rule #0 injects faults and sets ${what}, but Istio does not enable timeouts or retries on a rule while client-side faults are on, so they silently do nothing. Put the fault in its own rule (limited by a header match) ahead of the rule that retries.`;

  it('names retries, a timeout, or both, at the fault', () => {
    expect(findingsOf('DAM0103', rule('retries: { attempts: 2 }'))).to.deep.equal([{ severity: 'Warning', object: 'VirtualService shop/web', message: message('retries'), field: 'spec.http[0].fault' }]);
    expect(findingsOf('DAM0103', rule('timeout: 2s')).map((f) => f.message)).to.deep.equal([message('a timeout')]);
    expect(findingsOf('DAM0103', rule('timeout: 2s, retries: { attempts: 1 }')).map((f) => f.message)).to.deep.equal([message('retries and a timeout')]);
  });

  it('an empty rule name reads as the index', () => {
    expect(findingsOf('DAM0103', rule('name: "", timeout: 2s')).map((f) => f.message)).to.deep.equal([message('a timeout')]);
    expect(findingsOf('DAM0103', rule('name: 7, timeout: 2s')).map((f) => f.message)).to.deep.equal([message('a timeout')]);
  });

  it('a null fault is no fault', () => {
    expect(findingsOf('DAM0103', vs('hosts: [web]\nhttp: [{ route: [{ destination: { host: web } }], fault: null, timeout: 2s }]'))).to.deep.equal([]);
  });

  it('zero attempts and no timeout are fine, as is a rule without a fault', () => {
    expect(findingsOf('DAM0103', rule('retries: { attempts: 0 }'))).to.deep.equal([]);
    expect(findingsOf('DAM0103', vs('hosts: [web]\nhttp: [{ route: [{ destination: { host: web } }], timeout: 2s, retries: { attempts: 2 } }]'))).to.deep.equal([]);
  });
});
