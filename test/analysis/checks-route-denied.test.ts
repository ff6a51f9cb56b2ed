import { expect } from 'chai';
import { allFindings, findingsOf } from './check-findings.js';

// DAM0115 IngressRouteDenied: the requests each ingress rule matches, as `explain` would send them.

const docs = (...texts: string[]) => texts.join('\n---\n');

const APP = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-v1, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:1, ports: [{ containerPort: 8080, name: http }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;

const ISTIO_GATEWAY = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }]
`;

const INGRESS = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';

/** An ALLOW policy for web's pods: the ingress may reach `/` only, and `/admin*` with header x-user: admin. */
const POLICY = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  rules:
    - from: [{ source: { principals: ["${INGRESS}"] } }]
      to: [{ operation: { paths: [/] } }]
    - from: [{ source: { principals: ["${INGRESS}"] } }]
      to: [{ operation: { paths: ["/admin*"] } }]
      when: [{ key: "request.headers[x-user]", values: [admin] }]
`;

function vs(match: string, hosts = '[shop.example.com]', gateways = '[public]'): string {
  return `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: ${hosts}
  gateways: ${gateways}
  http:
    - match: ${match}
      route: [{ destination: { host: web } }]
`;
}

/** The DAM0115 findings, after checking that the analysis did not fail on the input (IST0001). */
function dam0115(text: string) {
  expect(allFindings(text).filter((f) => f.startsWith('IST0001'))).to.deep.equal([]);
  return findingsOf('DAM0115', text);
}

const denied = (match: string, hosts?: string, gateways?: string) => dam0115(docs(APP, ISTIO_GATEWAY, POLICY, vs(match, hosts, gateways)));

function httpRoute(matches: string, hostnames = '[shop.example.com]', parentRefs = '[{ name: public }]'): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: shop }
spec:
  parentRefs: ${parentRefs}
  hostnames: ${hostnames}
  rules:
    - matches: ${matches}
      backendRefs: [{ name: web, port: 80 }]
`;
}

const GATEWAY_API = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: shop }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]
`;

const routeDenied = (matches: string, hostnames?: string, parentRefs?: string, policy = POLICY) =>
  dam0115(docs(APP, GATEWAY_API, policy.replaceAll(INGRESS, 'cluster.local/ns/shop/sa/public-istio'), httpRoute(matches, hostnames, parentRefs)));

describe('DAM0115 IngressRouteDenied', () => {
  it('names the request and the step that refused it', () => {
    expect(denied('[{ uri: { prefix: /admin } }]')).to.deep.equal([
      {
        severity: 'Warning',
        object: 'VirtualService shop/web',
        message: `Rule 0 of VirtualService shop/web routes requests from the ingress that are then refused with 403: for GET http://shop.example.com/admin, at the sidecar of Deployment shop/web-v1: denied, implicitly: ALLOW policies apply (shop/web) and no rule matches ${INGRESS} GET /admin: 403 "RBAC: access denied". Allow the ingress gateway's principal for these paths in an ALLOW AuthorizationPolicy, or remove the rule. Run 'dog-app-mesh explain <files> --from ingress GET http://shop.example.com/admin' for the whole path.`,
        field: 'spec.http[0]',
      },
    ]);
  });

  it('writes the request it tried (method, host, path, query) into the finding', () => {
    const found = denied('[{ uri: { exact: /admin }, method: { exact: POST }, queryParams: { "debug mode": { exact: "a&b" } } }]');
    expect(found).to.have.lengthOf(1);
    expect(found[0]).to.include({ severity: 'Warning', object: 'VirtualService shop/web', field: 'spec.http[0]' });
    expect(found[0].message).to.match(
      /^Rule 0 of VirtualService shop\/web routes requests from the ingress that are then refused with 403: for POST http:\/\/shop\.example\.com\/admin\?debug%20mode=a%26b, .+\. Allow the ingress gateway's principal for these paths in an ALLOW AuthorizationPolicy, or remove the rule\. Run 'dog-app-mesh explain <files> --from ingress POST http:\/\/shop\.example\.com\/admin\?debug%20mode=a%26b' for the whole path\.$/,
    );
  });

  it('joins several query parameters with &', () => {
    expect(denied('[{ uri: { exact: /admin }, queryParams: { a: { exact: "1" }, b: { prefix: "2" } } }]')[0].message).to.include('for GET http://shop.example.com/admin?a=1&b=2,');
  });

  it('sends the headers a match names: with x-user: admin the policy lets /admin in', () => {
    expect(denied('[{ uri: { prefix: /admin } }]')).to.have.lengthOf(1);
    expect(denied('[{ uri: { prefix: /admin }, headers: { x-user: { exact: admin } } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, headers: { x-user: { prefix: admin } } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, headers: { x-user: { exact: guest } } }]')).to.have.lengthOf(1);
  });

  it('a rule is reported only when every one of its matches is denied', () => {
    expect(denied('[{ uri: { prefix: /admin } }, { uri: { exact: / } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin } }, { uri: { exact: /private } }]')[0].message).to.include('for GET http://shop.example.com/admin,');
  });

  it('skips a match it cannot turn into a request without guessing (regex, a path not starting with /)', () => {
    expect(denied('[{ uri: { regex: "/admin.*" } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: admin } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, headers: { x-user: { regex: "gu.*" } } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, queryParams: { q: { regex: "a.*" } } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, queryParams: { q: { regex: ".*" } } }]'), 'not even a regex that any value matches').to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin }, method: { regex: "P.*" } }]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin } }, { uri: { regex: "/x.*" } }]'), 'one unknown match skips the rule').to.deep.equal([]);
  });

  it('a rule without matches is tried with GET /; a method match is sent as that method', () => {
    const noMatch = docs(APP, ISTIO_GATEWAY, POLICY.replace('paths: [/]', 'paths: [/home]'), vs('[]'));
    expect(findingsOf('DAM0115', noMatch)[0].message).to.include('for GET http://shop.example.com/,');
    expect(denied('[{ uri: { exact: / }, method: { exact: DELETE } }]')).to.deep.equal([], 'the policy does not restrict methods');
  });

  it('uses the first host without a wildcard, or the path alone', () => {
    expect(denied('[{ uri: { prefix: /admin } }]', '[7, shop.example.com]')[0].message).to.include('for GET http://shop.example.com/admin,');
    expect(denied('[{ uri: { prefix: /admin } }]', '["*.example.com", shop.example.com]')[0].message).to.include('for GET http://shop.example.com/admin,');
    expect(denied('[{ uri: { prefix: /admin } }]', '["*"]')[0].message).to.include('for GET /admin,');
  });

  it('only VirtualServices bound to a gateway other than mesh', () => {
    expect(denied('[{ uri: { prefix: /admin } }]', undefined, '[mesh]')).to.deep.equal([]);
    expect(denied('[{ uri: { prefix: /admin } }]', undefined, '[7]')).to.deep.equal([]);
    const noGateways = vs('[{ uri: { prefix: /admin } }]').replace('  gateways: [public]\n', '');
    expect(findingsOf('DAM0115', docs(APP, ISTIO_GATEWAY, POLICY, noGateways))).to.deep.equal([]);
  });

  it('an HTTPRoute rule of a Gateway, with its path, method and headers', () => {
    const found = routeDenied('[{ path: { type: PathPrefix, value: /admin }, method: PUT }]');
    expect(found).to.have.lengthOf(1);
    expect(found[0]).to.include({ severity: 'Warning', object: 'HTTPRoute shop/web', field: 'spec.rules[0]' });
    expect(found[0].message).to.match(/^Rule 0 of HTTPRoute shop\/web routes requests from the ingress that are then refused with 403: for PUT http:\/\/shop\.example\.com\/admin, /);
    expect(routeDenied('[{ path: { value: /admin }, headers: [{ name: x-user, value: admin }] }]')).to.deep.equal([]);
    expect(routeDenied('[{ path: { value: /admin }, headers: [{ type: Exact, name: x-user, value: admin }] }]')).to.deep.equal([]);
    expect(routeDenied('[{ path: { value: /admin }, headers: [{ type: Exact, name: x-user, value: guest }] }]')).to.have.lengthOf(1);
    expect(routeDenied('[{ path: { value: /admin }, headers: [{ name: x-user, value: guest }] }]'), 'a header match is Exact by default').to.have.lengthOf(1);
  });

  it('an HTTPRoute: regular expressions are skipped, no matches means GET /, a wildcard hostname is not a host', () => {
    expect(routeDenied('[{ path: { type: RegularExpression, value: "/admin.*" } }]')).to.deep.equal([]);
    expect(routeDenied('[{ path: { value: /admin }, headers: [{ type: RegularExpression, name: x-user, value: "gu.*" }] }]')).to.deep.equal([]);
    expect(routeDenied('[{ path: { value: /admin } }]', '["*.example.com", shop.example.com]')[0].message).to.include('for GET http://shop.example.com/admin,');
    expect(routeDenied('[{}]')).to.deep.equal([], '/ is allowed');
  });

  it('an HTTPRoute attached only to Services (mesh routing) is not an ingress route', () => {
    expect(routeDenied('[{ path: { value: /admin } }]', undefined, '[{ group: "", kind: Service, name: web }]')).to.deep.equal([]);
    expect(routeDenied('[{ path: { value: /admin } }]', undefined, '[{ kind: Gateway, name: public }]')).to.have.lengthOf(1);
    expect(routeDenied('[{ path: { value: /admin } }]', undefined, '[{ group: "", kind: Service, name: web }, { name: public }]')).to.have.lengthOf(1);
  });

  it('an HTTPRoute rule without matches is tried with GET /', () => {
    const onlyHome = POLICY.replace('paths: [/]', 'paths: [/home]');
    const route = httpRoute('[]').replace('    - matches: []\n', '    - ');
    const found = dam0115(docs(APP, GATEWAY_API, onlyHome.replaceAll(INGRESS, 'cluster.local/ns/shop/sa/public-istio'), route));
    expect(found.map((f) => f.message.slice(0, 127))).to.deep.equal(['Rule 0 of HTTPRoute shop/web routes requests from the ingress that are then refused with 403: for GET http://shop.example.com/,']);
    expect(routeDenied('[]', undefined, undefined, onlyHome)).to.have.lengthOf(1);
  });
});
