import { expect } from 'chai';
import { findingsOf } from './check-findings.js';

// IST0101 ReferencedResourceNotFound for Gateway API routes (parentRefs, backendRefs, mirrors) and policy targetRefs.

const docs = (...texts: string[]) => texts.join('\n---\n');

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]
`;

const SERVICE = (name: string, ports = '[{ name: http, port: 80 }, { name: grpc, port: 9000 }]', ns = 'shop') => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { app: ${name} }
  ports: ${ports}
`;

const SERVICE_ENTRY = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ext, namespace: shop }
spec:
  hosts: [api.example.com]
  ports: [{ number: 443, name: tls, protocol: TLS }]
  resolution: DNS
`;

function route(spec: string, kind = 'HTTPRoute'): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: { name: api, namespace: shop }
spec:
${spec.trim().replace(/^/gm, '  ')}
`;
}

const notFound = (ref: string, field: string, kind = 'HTTPRoute') => ({
  severity: 'Error',
  object: `${kind} shop/api`,
  message: `Referenced backendRef not found: "${ref}". The route's requests to it fail with 500: create the Service, or fix the name, namespace or kind.`,
  field,
});

describe('IST0101 for Gateway API routes', () => {
  it('a parentRef to a missing Gateway (in the route\'s namespace, or the one it names) or Service', () => {
    const spec = `
parentRefs:
  - { name: public, namespace: edge }
  - { name: public }
  - { group: "", kind: Service, name: mesh-svc }
  - { group: example.com, kind: Mesh, name: whatever }
  - { group: "", kind: Gateway, name: whatever }
  - { group: gateway.networking.k8s.io, kind: Service, name: whatever }
  - { namespace: edge }
rules: []`;
    expect(findingsOf('IST0101', docs(GATEWAY, route(spec)))).to.deep.equal([
      {
        severity: 'Error',
        object: 'HTTPRoute shop/api',
        message: 'Referenced parentRef not found: "Gateway shop/public". The route attaches to nothing and serves no traffic: create the Gateway (or Service, for mesh routing), or fix the reference.',
        field: 'spec.parentRefs[1]',
      },
      {
        severity: 'Error',
        object: 'HTTPRoute shop/api',
        message: 'Referenced parentRef not found: "Service shop/mesh-svc". The route attaches to nothing and serves no traffic: create the Gateway (or Service, for mesh routing), or fix the reference.',
        field: 'spec.parentRefs[2]',
      },
    ]);
  });

  it('a backendRef to a missing Service, or a port the Service does not expose', () => {
    const spec = `
parentRefs: [{ name: public, namespace: edge }]
rules:
  - backendRefs:
      - { name: api, port: 80 }
      - { name: api, port: 8080 }
      - { name: gone, port: 80 }
      - { name: api, namespace: billing, port: 80 }
      - { name: empty, port: 80 }
      - { name: api }`;
    expect(findingsOf('IST0101', docs(GATEWAY, SERVICE('api'), SERVICE('empty', '[]'), route(spec)))).to.deep.equal([
      {
        severity: 'Error',
        object: 'HTTPRoute shop/api',
        message: 'Referenced backendRef port not found: "Service shop/api:8080". The Service exposes 80, 9000: use one of them.',
        field: 'spec.rules[0].backendRefs[1].port',
      },
      notFound('Service shop/gone', 'spec.rules[0].backendRefs[2]'),
      notFound('Service billing/api', 'spec.rules[0].backendRefs[3]'),
      {
        severity: 'Error',
        object: 'HTTPRoute shop/api',
        message: 'Referenced backendRef port not found: "Service shop/empty:80". The Service exposes no ports: use one of them.',
        field: 'spec.rules[0].backendRefs[4].port',
      },
    ]);
  });

  it('a GRPCRoute backendRef to a ServiceEntry is followed; other kinds are not', () => {
    const spec = `
parentRefs: [{ name: public, namespace: edge }]
rules:
  - backendRefs:
      - { group: networking.istio.io, kind: ServiceEntry, name: ext, port: 8443 }
      - { group: networking.istio.io, kind: ServiceEntry, name: other, port: 443 }
      - { group: example.com, kind: Bucket, name: b }
      - { group: example.com, kind: ServiceEntry, name: other }`;
    expect(findingsOf('IST0101', docs(GATEWAY, SERVICE_ENTRY, route(spec, 'GRPCRoute')))).to.deep.equal([
      notFound('ServiceEntry shop/other', 'spec.rules[0].backendRefs[1]', 'GRPCRoute'),
    ]);
  });

  it('mirror backends of rule filters and of backendRef filters', () => {
    const spec = `
parentRefs: [{ name: public, namespace: edge }]
rules:
  - backendRefs:
      - name: api
        port: 80
        filters:
          - { type: RequestMirror, requestMirror: { backendRef: { name: shadow, port: 80 } } }
          - { type: RequestMirror, requestMirror: { backendRef: { name: api, port: 81 } } }
          - { type: RequestMirror, requestMirror: {} }
    filters:
      - { type: RequestMirror, requestMirror: { backendRef: { name: shadow2, port: 80 } } }
      - { type: RequestMirror, requestMirror: { backendRef: { name: api, port: 80 } } }
      - { type: RequestHeaderModifier }`;
    expect(findingsOf('IST0101', docs(GATEWAY, SERVICE('api'), route(spec)))).to.deep.equal([
      notFound('Service shop/shadow', 'spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef'),
      {
        severity: 'Error',
        object: 'HTTPRoute shop/api',
        message: 'Referenced backendRef port not found: "Service shop/api:81". The Service exposes 80, 9000: use one of them.',
        field: 'spec.rules[0].backendRefs[0].filters[1].requestMirror.backendRef.port',
      },
      notFound('Service shop/shadow2', 'spec.rules[0].filters[0].requestMirror.backendRef'),
    ]);
  });

  it('clean twin: the Gateway, the Services and their ports exist', () => {
    const spec = `
parentRefs: [{ name: public, namespace: edge }, { group: "", kind: Service, name: api }]
rules: [{ backendRefs: [{ name: api, port: 9000 }], filters: [{ type: RequestMirror, requestMirror: { backendRef: { name: api, port: 80 } } }] }]`;
    expect(findingsOf('IST0101', docs(GATEWAY, SERVICE('api'), route(spec)))).to.deep.equal([]);
  });
});

describe('IST0101 for policy targetRefs', () => {
  const policy = (group: string, kind: string, targets: string) => `
apiVersion: ${group}/v1
kind: ${kind}
metadata: { name: p, namespace: shop }
spec:
${targets.trim().replace(/^/gm, '  ')}
`;

  for (const [group, kind] of [
    ['security.istio.io', 'AuthorizationPolicy'],
    ['security.istio.io', 'RequestAuthentication'],
    ['telemetry.istio.io', 'Telemetry'],
    ['extensions.istio.io', 'WasmPlugin'],
    ['extensions.istio.io', 'TrafficExtension'],
  ]) {
    it(`${kind}: a missing Service or Gateway target, in targetRef or targetRefs`, () => {
      const targets = `
targetRef: { group: "", kind: Service, name: gone }
targetRefs:
  - { group: "", kind: Service, name: api }
  - { group: gateway.networking.k8s.io, kind: Gateway, name: public, namespace: edge }
  - { group: gateway.networking.k8s.io, kind: Gateway, name: public }
  - { group: example.com, kind: Thing, name: t }
  - { kind: Service, name: api }
  - { kind: Service, name: gone2 }
  - { group: networking.istio.io, kind: Gateway, name: gone3 }
  - { group: gateway.networking.k8s.io, kind: Service, name: gone4 }`;
      expect(findingsOf('IST0101', docs(GATEWAY, SERVICE('api'), policy(group, kind, targets)))).to.deep.equal([
        {
          severity: 'Error',
          object: `${kind} shop/p`,
          message: `Referenced targetRef not found: "Service shop/gone". The ${kind} applies to nothing: create the target, or fix the reference.`,
          field: 'spec.targetRef',
        },
        {
          severity: 'Error',
          object: `${kind} shop/p`,
          message: `Referenced targetRef not found: "Gateway shop/public". The ${kind} applies to nothing: create the target, or fix the reference.`,
          field: 'spec.targetRefs[2]',
        },
        {
          severity: 'Error',
          object: `${kind} shop/p`,
          message: `Referenced targetRef not found: "Service shop/gone2". The ${kind} applies to nothing: create the target, or fix the reference.`,
          field: 'spec.targetRefs[5]',
        },
      ]);
    });
  }

  it('a PeerAuthentication or Sidecar targetRef is not followed', () => {
    const pa = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: p, namespace: shop }\nspec: { targetRef: { group: "", kind: Service, name: gone } }\n';
    expect(findingsOf('IST0101', pa)).to.deep.equal([]);
  });
});
