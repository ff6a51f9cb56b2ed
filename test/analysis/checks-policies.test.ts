import { expect } from 'chai';
import { findingsOf } from './check-findings.js';

// The security policy checks: DAM0109 (deny-all without allow), IST0127 (selectors that select nothing),
// DAM0104 (plaintext to STRICT mTLS pods) and IST0128/IST0129 (TLS origination without verification).

const docs = (...texts: string[]) => texts.join('\n---\n');

function web(ns = 'shop', podMeta = 'labels: { app: web, version: v1 }'): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web-v1, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: web, version: v1 } }
  template:
    metadata: { ${podMeta} }
    spec: { containers: [{ name: web, image: web:1, ports: [{ containerPort: 8080, name: http }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: ${ns} }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;
}

function policy(name: string, spec: string, ns = 'shop', kind = 'AuthorizationPolicy'): string {
  return `
apiVersion: security.istio.io/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
}

const namespace = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: ${labels} }\n`;

const ALLOW_NOTHING = policy('allow-nothing', '{}');
const ALLOW_WEB = policy('allow-web', '{ selector: { matchLabels: { app: web } }, rules: [{ to: [{ operation: { methods: [GET] } }] }] }');

const refused = (policyName: string) => ({
  severity: 'Error',
  object: 'Deployment shop/web-v1',
  message: `Every request to Deployment shop/web-v1 is refused (403): AuthorizationPolicy ${policyName} allows nothing and no ALLOW policy with rules selects its pods, though Service web sends traffic to them. Add an ALLOW AuthorizationPolicy for its callers (for example the ingress gateway's service account), or remove the deny-all policy.`,
  field: 'spec.template.metadata.labels',
});

describe('DAM0109 DenyByDefaultWithoutAllow', () => {
  it('an allow-nothing policy of the namespace, at the pod labels', () => {
    expect(findingsOf('DAM0109', docs(web(), ALLOW_NOTHING))).to.deep.equal([refused('shop/allow-nothing')]);
  });

  it('an ALLOW policy with rules that selects the pods lets requests in; one selecting other pods does not', () => {
    expect(findingsOf('DAM0109', docs(web(), ALLOW_NOTHING, ALLOW_WEB))).to.deep.equal([]);
    const other = policy('allow-other', '{ selector: { matchLabels: { app: other } }, rules: [{}] }');
    expect(findingsOf('DAM0109', docs(web(), ALLOW_NOTHING, other))).to.deep.equal([refused('shop/allow-nothing')]);
  });

  it('only ALLOW policies count: a DENY or AUDIT policy without rules refuses nothing', () => {
    expect(findingsOf('DAM0109', docs(web(), policy('deny', '{ action: DENY }'), policy('audit', '{ action: AUDIT }')))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(web(), policy('allow', '{ action: ALLOW }')))).to.deep.equal([refused('shop/allow')]);
  });

  it('an allow-nothing policy of the root namespace covers every namespace, unless it targets something', () => {
    expect(findingsOf('DAM0109', docs(web(), policy('allow-nothing', '{}', 'istio-system')))).to.deep.equal([refused('istio-system/allow-nothing')]);
    const targeting = policy('gateway-only', '{ targetRefs: [{ kind: Gateway, group: gateway.networking.k8s.io, name: public }] }', 'istio-system');
    expect(findingsOf('DAM0109', docs(web(), targeting))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(web(), policy('allow-nothing', '{}', 'istio-system'))), 'the root namespace option').to.have.lengthOf(1);
    expect(findingsOf('DAM0109', docs(web(), policy('allow-nothing', '{}', 'mesh-root')), { rootNamespace: 'mesh-root' })).to.deep.equal([refused('mesh-root/allow-nothing')]);
  });

  it('a policy in the root namespace that targets the workload\'s own namespace applies there', () => {
    const rootWeb = docs(web('istio-system'), policy('allow-nothing', '{ targetRefs: [{ kind: Gateway, name: public }] }', 'istio-system'));
    expect(findingsOf('DAM0109', rootWeb).map((f) => f.object)).to.deep.equal(['Deployment istio-system/web-v1']);
  });

  it('a selector applies only to pods with all of its labels', () => {
    const v2Only = policy('allow-v2', '{ selector: { matchLabels: { app: web, version: v2 } }, rules: [{}] }');
    expect(findingsOf('DAM0109', docs(web(), ALLOW_NOTHING, v2Only))).to.deep.equal([refused('shop/allow-nothing')]);
  });

  it('a policy applies when any of its targetRefs is a Service in front of the pods', () => {
    const adminService = web().split('---')[1].replace('name: web,', 'name: web-admin,');
    const targets = (refs: string) => policy('allow-web', `{ targetRefs: [${refs}], rules: [{}] }`);
    expect(findingsOf('DAM0109', docs(web(), ALLOW_NOTHING, targets('{ kind: Service, name: other }, { kind: Service, name: web }')))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(web(), adminService, ALLOW_NOTHING, targets('{ kind: Service, name: web-admin }')))).to.deep.equal([]);
  });

  it('targetRefs: the Service in front of the pods, in the policy\'s namespace or the one it names', () => {
    const to = (ref: string) => findingsOf('DAM0109', docs(web(), web('billing'), policy('allow-nothing', `{ targetRefs: [${ref}] }`)));
    expect(to('{ kind: Service, name: web }')).to.deep.equal([refused('shop/allow-nothing')]);
    expect(to('{ kind: Service, name: other }')).to.deep.equal([]);
    expect(to('{ kind: Service, name: web, namespace: shop }')).to.deep.equal([refused('shop/allow-nothing')]);
    expect(to('{ kind: Service, name: web, namespace: billing }'), "a policy applies in its own namespace only").to.deep.equal([]);
    expect(to('{ kind: ServiceEntry, name: web }')).to.deep.equal([]);
    expect(to('{ kind: Gateway, name: public }').map((f) => f.object)).to.deep.equal(['Deployment shop/web-v1']);
    expect(to('{ kind: Gateway, name: public, namespace: billing }')).to.deep.equal([]);
    const single = findingsOf('DAM0109', docs(web(), policy('allow-nothing', '{ targetRef: { kind: Service, name: web } }')));
    expect(single).to.deep.equal([refused('shop/allow-nothing')]);
  });

  it('a workload outside the mesh, or behind no Service, is not reported', () => {
    expect(findingsOf('DAM0109', docs(namespace('shop', '{ istio-injection: disabled }'), web(), ALLOW_NOTHING))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(namespace('shop', '{ istio.io/dataplane-mode: none }'), web(), ALLOW_NOTHING))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(namespace('shop', '{}'), web(), ALLOW_NOTHING))).to.deep.equal([]);
    const optedOut = web('shop', 'labels: { app: web, version: v1 }, annotations: { sidecar.istio.io/inject: "false" }');
    expect(findingsOf('DAM0109', docs(optedOut, ALLOW_NOTHING))).to.deep.equal([]);
    const deploymentOnly = web().split('---')[0];
    expect(findingsOf('DAM0109', docs(deploymentOnly, ALLOW_NOTHING))).to.deep.equal([]);
  });

  it('a pod that asks for a sidecar, or a namespace in the mesh, is reported; the label wins over the annotation', () => {
    const injected = web('shop', 'labels: { app: web, version: v1, sidecar.istio.io/inject: "True" }, annotations: { sidecar.istio.io/inject: "false" }');
    expect(findingsOf('DAM0109', docs(namespace('shop', '{}'), injected, ALLOW_NOTHING))).to.deep.equal([refused('shop/allow-nothing')]);
    const labelOut = web('shop', 'labels: { app: web, version: v1, sidecar.istio.io/inject: "FALSE" }, annotations: { sidecar.istio.io/inject: "true" }');
    expect(findingsOf('DAM0109', docs(labelOut, ALLOW_NOTHING))).to.deep.equal([]);
    expect(findingsOf('DAM0109', docs(namespace('shop', '{ istio-injection: enabled }'), web(), ALLOW_NOTHING))).to.have.lengthOf(1);
    expect(findingsOf('DAM0109', docs(namespace('shop', '{ istio.io/rev: canary }'), web(), ALLOW_NOTHING))).to.have.lengthOf(1);
    expect(findingsOf('DAM0109', docs(namespace('shop', '{ istio.io/dataplane-mode: ambient }'), web(), ALLOW_NOTHING))).to.have.lengthOf(1);
  });
});

describe('IST0127 NoMatchingWorkloadsFound', () => {
  it('a selector no pod of the namespace has, at the selector', () => {
    const found = findingsOf('IST0127', docs(web(), policy('strict', '{ selector: { matchLabels: { app: wbe } }, mtls: { mode: STRICT } }', 'shop', 'PeerAuthentication')));
    expect(found).to.deep.equal([
      {
        severity: 'Warning',
        object: 'PeerAuthentication shop/strict',
        message:
          'No matching workloads for this resource with the following labels: app=wbe. No pod in namespace shop has them, so the PeerAuthentication has no effect: fix the selector to match a workload\'s pod labels, or remove the PeerAuthentication.',
        field: 'spec.selector.matchLabels',
      },
    ]);
  });

  it('a selector in the root namespace matches pods of any namespace', () => {
    const rootPolicy = policy('web', '{ selector: { matchLabels: { app: web } } }', 'istio-system');
    expect(findingsOf('IST0127', docs(web(), rootPolicy))).to.deep.equal([]);
    const [f] = findingsOf('IST0127', docs(web(), policy('web', '{ selector: { matchLabels: { app: gone } } }', 'istio-system')));
    expect(f.message).to.include('No pod in any namespace has them');
  });

  it('reads workloadSelector.labels and workloadSelector.matchLabels', () => {
    const sidecar = `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: web, namespace: shop }
spec: { workloadSelector: { labels: { app: wbe } } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec: { host: web, workloadSelector: { matchLabels: { app: wbe } } }
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: null-selector, namespace: shop }
spec: { workloadSelector: null }
`;
    expect(findingsOf('IST0127', docs(web(), sidecar))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'Sidecar shop/web',
        message: "No matching workloads for this resource with the following labels: app=wbe. No pod in namespace shop has them, so the Sidecar has no effect: fix the selector to match a workload's pod labels, or remove the Sidecar.",
        field: 'spec.workloadSelector.labels',
      },
      {
        severity: 'Warning',
        object: 'DestinationRule shop/web',
        message:
          "No matching workloads for this resource with the following labels: app=wbe. No pod in namespace shop has them, so the DestinationRule has no effect: fix the selector to match a workload's pod labels, or remove the DestinationRule.",
        field: 'spec.workloadSelector.matchLabels',
      },
    ]);
  });

  it('a null selector or workloadSelector is no selector: the policy is namespace-wide', () => {
    const nsWide = (spec: string) => findingsOf('IST0127', docs(web(), policy('allow', spec, 'billing'))).map((f) => f.object);
    expect(nsWide('{ selector: null, rules: [{}] }')).to.deep.equal(['AuthorizationPolicy billing/allow']);
    expect(nsWide('{ workloadSelector: null, rules: [{}] }')).to.deep.equal(['AuthorizationPolicy billing/allow']);
  });

  it('a selector naming Gateway API gateway pods is left alone', () => {
    expect(findingsOf('IST0127', docs(web(), policy('gw', '{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: public } } }')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('gw', '{ selector: { matchLabels: { istio.io/gateway-name: waypoint } } }')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('gw', '{ selector: { matchLabels: { istio: mygateway } } }')))).to.have.lengthOf(1);
  });

  it('an empty selector, or one naming Istio\'s own gateways, is left alone', () => {
    expect(findingsOf('IST0127', docs(web(), policy('all', '{ selector: { matchLabels: {} } }')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('all', '{ selector: { matchLabels: {} } }', 'billing')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('ingress', '{ selector: { matchLabels: { istio: ingressgateway } } }')))).to.deep.equal([]);
  });

  it('a namespace-wide AuthorizationPolicy in a namespace without workloads, without a field', () => {
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ rules: [{}] }', 'billing')))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'AuthorizationPolicy billing/allow',
        message: 'No matching workloads for this resource: namespace billing has no workloads among the analyzed objects, so the policy protects nothing there. Deploy the workloads into billing, or move the policy to their namespace.',
      },
    ]);
  });

  it('a namespace-wide policy is fine with workloads, in the root namespace, with a targetRef, or of another kind', () => {
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ rules: [{}] }')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ rules: [{}] }', 'istio-system')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ targetRefs: [{ kind: Gateway, name: public }] }', 'billing')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ targetRef: { kind: Gateway, name: public } }', 'billing')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('default', '{ mtls: { mode: STRICT } }', 'billing', 'PeerAuthentication')))).to.deep.equal([]);
    expect(findingsOf('IST0127', docs(web(), policy('allow', '{ targetRef: null, targetRefs: [] }', 'billing'))), 'null and empty targets are no target').to.have.lengthOf(1);
  });
});

const PLAINTEXT = (trafficPolicy: string, subsets = '[]') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: web
  trafficPolicy: ${trafficPolicy}
  subsets: ${subsets}
`;

const STRICT = policy('default', '{ mtls: { mode: STRICT } }', 'shop', 'PeerAuthentication');

describe('DAM0104 DestinationRuleDisablesStrictMtls', () => {
  it('a subset that disables TLS, naming the subset, at its tls.mode', () => {
    const dr = PLAINTEXT('{}', '[{ name: v1, labels: { version: v1 }, trafficPolicy: { tls: { mode: DISABLE } } }, { name: v2, labels: { version: v2 }, trafficPolicy: { tls: { mode: DISABLE } } }]');
    expect(findingsOf('DAM0104', docs(web(), STRICT, dr))).to.deep.equal([
      {
        severity: 'Error',
        object: 'DestinationRule shop/web',
        message:
          'tls.mode DISABLE sends plaintext to web, but PeerAuthentication shop/default requires STRICT mTLS for its pods (Deployment web-v1, subset version=v1): every request is refused (503, connection reset). Remove the tls setting (auto mTLS then uses ISTIO_MUTUAL) or set it to ISTIO_MUTUAL.',
        field: 'spec.subsets[0].trafficPolicy.tls.mode',
      },
    ]);
  });

  it('a port-level DISABLE, naming the port, at its tls.mode', () => {
    const dr = PLAINTEXT('{ portLevelSettings: [{ port: { number: 80 }, tls: { mode: SIMPLE } }, { port: { number: 80 }, tls: { mode: DISABLE } }] }');
    expect(findingsOf('DAM0104', docs(web(), STRICT, dr))).to.deep.equal([
      {
        severity: 'Error',
        object: 'DestinationRule shop/web',
        message:
          'tls.mode DISABLE sends plaintext to web port 80, but PeerAuthentication shop/default requires STRICT mTLS for its pods (Deployment web-v1): every request is refused (503, connection reset). Remove the tls setting (auto mTLS then uses ISTIO_MUTUAL) or set it to ISTIO_MUTUAL.',
        field: 'spec.trafficPolicy.portLevelSettings[1].tls.mode',
      },
    ]);
  });

  it('a port-level setting is checked against the pod port its Service port forwards to', () => {
    const twoPorts = web().replace('ports: [{ name: http, port: 80, targetPort: 8080 }]', 'ports: [{ name: http, port: 80, targetPort: 8080 }, { name: http-admin, port: 81, targetPort: 8081 }]');
    const strictAdmin = policy('web', '{ selector: { matchLabels: { app: web } }, mtls: { mode: PERMISSIVE }, portLevelMtls: { 8081: { mode: STRICT } } }', 'shop', 'PeerAuthentication');
    const dr = (port: number) => PLAINTEXT(`{ portLevelSettings: [{ port: { number: ${port} }, tls: { mode: DISABLE } }] }`);
    expect(findingsOf('DAM0104', docs(twoPorts, strictAdmin, dr(81))).map((f) => f.field)).to.deep.equal(['spec.trafficPolicy.portLevelSettings[0].tls.mode']);
    expect(findingsOf('DAM0104', docs(twoPorts, strictAdmin, dr(80)))).to.deep.equal([]);
  });

  it('reports once per setting however many pods are STRICT', () => {
    const v2 = web().split('---')[0].replaceAll('v1', 'v2');
    expect(findingsOf('DAM0104', docs(web(), v2, STRICT, PLAINTEXT('{ tls: { mode: DISABLE } }'))).map((f) => f.message.match(/\(Deployment [^)]*\)/)?.[0])).to.deep.equal([
      '(Deployment web-v1)',
    ]);
  });

  it('nothing without a PeerAuthentication, for an unknown host, or for a subset selecting no pod', () => {
    expect(findingsOf('DAM0104', docs(web(), PLAINTEXT('{ tls: { mode: DISABLE } }')))).to.deep.equal([]);
    expect(findingsOf('DAM0104', docs(web(), STRICT, PLAINTEXT('{ tls: { mode: DISABLE } }').replace('host: web', 'host: gone')))).to.deep.equal([]);
    expect(findingsOf('DAM0104', docs(web(), STRICT, PLAINTEXT('{ tls: { mode: DISABLE } }').replace('  host: web\n', '')))).to.deep.equal([]);
    const v3 = PLAINTEXT('{}', '[{ name: v3, labels: { version: v3 }, trafficPolicy: { tls: { mode: DISABLE } } }]');
    expect(findingsOf('DAM0104', docs(web(), STRICT, v3))).to.deep.equal([]);
  });

  it('a PeerAuthentication with an empty matchLabels is namespace-wide, as Istio reads it', () => {
    // istio/istio pilot/pkg/security/authn/policy_applier.go, ComposePeerAuthentication: a policy whose
    // selector is nil or has no matchLabels is the namespace-level (root namespace: mesh-level) policy.
    const emptySelector = policy('default', '{ selector: { matchLabels: {} }, mtls: { mode: STRICT } }', 'shop', 'PeerAuthentication');
    const found = findingsOf('DAM0104', docs(web(), emptySelector, PLAINTEXT('{ tls: { mode: DISABLE } }')));
    expect(found.map((f) => f.message.slice(0, 97))).to.deep.equal(['tls.mode DISABLE sends plaintext to web, but PeerAuthentication shop/default requires STRICT mTLS']);
    const meshWide = policy('default', '{ selector: {}, mtls: { mode: STRICT } }', 'istio-system', 'PeerAuthentication');
    expect(findingsOf('DAM0104', docs(web(), meshWide, PLAINTEXT('{ tls: { mode: DISABLE } }')))).to.have.lengthOf(1);
    const permissiveWorkload = policy('web', '{ selector: { matchLabels: { app: web } }, mtls: { mode: PERMISSIVE } }', 'shop', 'PeerAuthentication');
    expect(findingsOf('DAM0104', docs(web(), emptySelector, permissiveWorkload, PLAINTEXT('{ tls: { mode: DISABLE } }'))), 'a workload policy still wins').to.deep.equal([]);
  });
});

const DR = (trafficPolicy: string, subsets = '[]') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api, namespace: shop }
spec:
  host: api.example.com
  trafficPolicy: ${trafficPolicy}
  subsets: ${subsets}
`;

const VERIFY_FIX =
  'Set caCertificates (for public hosts the system bundle /etc/ssl/certs/ca-certificates.crt) or credentialName, and subjectAltNames, so the proxy verifies the server it talks to.';
const SKIP_FIX = 'insecureSkipVerify turns verification off: remove it and set caCertificates (or credentialName) and subjectAltNames.';

describe('IST0128 / IST0129 TLS origination without server verification', () => {
  it('IST0128: MUTUAL without caCertificates, and SIMPLE with insecureSkipVerify, with the fix each needs', () => {
    expect(findingsOf('IST0128', DR('{ tls: { mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem } }'))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'DestinationRule shop/api',
        message: `DestinationRule api in namespace shop has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.example.com. ${VERIFY_FIX}`,
        field: 'spec.trafficPolicy.tls',
      },
    ]);
    expect(findingsOf('IST0129', DR('{ tls: { mode: MUTUAL } }'))).to.deep.equal([]);
    expect(findingsOf('IST0128', DR('{ tls: { mode: SIMPLE, caCertificates: /ca.pem, insecureSkipVerify: true } }')).map((f) => f.message)).to.deep.equal([
      `DestinationRule api in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com. ${SKIP_FIX}`,
    ]);
  });

  it('IST0128 names the subset of a subset-level setting', () => {
    expect(findingsOf('IST0128', DR('{}', '[{ name: eu, labels: { r: eu }, trafficPolicy: { tls: { mode: SIMPLE } } }]'))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'DestinationRule shop/api',
        message: `DestinationRule api in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com (subset eu). ${VERIFY_FIX}`,
        field: 'spec.subsets[0].trafficPolicy.tls',
      },
    ]);
  });

  it('IST0129: a port-level setting, with its port and subset', () => {
    const subsets = '[{ name: eu, labels: { r: eu }, trafficPolicy: { portLevelSettings: [{ port: { number: 8443 }, tls: { mode: SIMPLE, insecureSkipVerify: true } }] } }]';
    expect(findingsOf('IST0129', DR('{ portLevelSettings: [{ port: { number: 443 }, tls: { mode: MUTUAL } }] }', subsets))).to.deep.equal([
      {
        severity: 'Warning',
        object: 'DestinationRule shop/api',
        message: `DestinationRule api in namespace shop has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: api.example.com at port 443. ${VERIFY_FIX}`,
        field: 'spec.trafficPolicy.portLevelSettings[0].tls',
      },
      {
        severity: 'Warning',
        object: 'DestinationRule shop/api',
        message: `DestinationRule api in namespace shop has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: api.example.com at port 8443 (subset eu). ${SKIP_FIX}`,
        field: 'spec.subsets[0].trafficPolicy.portLevelSettings[0].tls',
      },
    ]);
    expect(findingsOf('IST0128', DR('{ portLevelSettings: [{ port: { number: 443 }, tls: { mode: MUTUAL } }] }', subsets))).to.deep.equal([]);
  });

  it('caCertificates or credentialName verify the server; ISTIO_MUTUAL and DISABLE are not origination', () => {
    for (const tls of ['{ mode: SIMPLE, caCertificates: /ca.pem }', '{ mode: MUTUAL, credentialName: api-cert }', '{ mode: ISTIO_MUTUAL }', '{ mode: DISABLE }', '{ mode: SIMPLE, insecureSkipVerify: false, credentialName: x }']) {
      const policyText = `{ tls: ${tls}, portLevelSettings: [{ port: { number: 443 }, tls: ${tls} }] }`;
      expect(findingsOf('IST0128', DR(policyText)), tls).to.deep.equal([]);
      expect(findingsOf('IST0129', DR(policyText)), tls).to.deep.equal([]);
    }
  });
});
