import { expect } from 'chai';
import { findingsOf } from './check-findings.js';

// IST0123 NamespaceMultipleInjectionLabels and IST0144 InvalidApplicationUID: how pods join the mesh.

const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: ${labels} }\n`;

const multiple = (labels: string) =>
  `The namespace has more than one type of injection labels [${labels}], which may lead to undefined behavior. Make sure only one injection label exists: istio-injection=enabled for the default revision, or istio.io/rev=<revision> for a revisioned control plane.`;
const both = (labels: string) =>
  `The namespace asks for both sidecars and ambient [${labels}]: pods get a sidecar and ambient mode is ignored for them. Keep one: remove istio.io/dataplane-mode for sidecars, or the injection label for ambient.`;

describe('IST0123 NamespaceMultipleInjectionLabels', () => {
  const found = (labels: string) => findingsOf('IST0123', namespace(labels));

  it('istio-injection with istio.io/rev, whatever istio-injection says, at the labels', () => {
    expect(found('{ istio-injection: disabled, istio.io/rev: canary }')).to.deep.equal([
      { severity: 'Warning', object: 'Namespace shop', message: multiple('istio-injection=disabled istio.io/rev=canary'), field: 'metadata.labels' },
    ]);
    expect(found('{ istio-injection: enabled, istio.io/rev: canary, istio.io/dataplane-mode: ambient }').map((f) => f.message)).to.deep.equal([
      multiple('istio-injection=enabled istio.io/rev=canary istio.io/dataplane-mode=ambient'),
    ]);
  });

  it('a sidecar label with ambient mode, at the labels', () => {
    expect(found('{ istio-injection: enabled, istio.io/dataplane-mode: ambient }')).to.deep.equal([
      { severity: 'Warning', object: 'Namespace shop', message: both('istio-injection=enabled istio.io/dataplane-mode=ambient'), field: 'metadata.labels' },
    ]);
    expect(found('{ istio.io/rev: canary, istio.io/dataplane-mode: ambient }').map((f) => f.message)).to.deep.equal([both('istio.io/rev=canary istio.io/dataplane-mode=ambient')]);
  });

  it('one way of joining is fine: an empty or disabled istio-injection does not ask for sidecars', () => {
    expect(found('{ istio-injection: "", istio.io/rev: canary }')).to.deep.equal([]);
    expect(found('{ istio-injection: disabled, istio.io/dataplane-mode: ambient }')).to.deep.equal([]);
    expect(found('{ istio-injection: enabled, istio.io/dataplane-mode: none }')).to.deep.equal([]);
    expect(found('{ istio.io/rev: canary }')).to.deep.equal([]);
    expect(found('{ istio.io/dataplane-mode: ambient }')).to.deep.equal([]);
  });
});

function deployment(podSpec: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${podSpec.trim().replace(/^/gm, '      ')}
`;
}

const uid = (container: string) =>
  `User ID (UID) 1337 is reserved for the sidecar proxy: container "${container}" runs as 1337, so its traffic bypasses the proxy (no mTLS, no routing, no telemetry). Run it as another non-root UID.`;

describe('IST0144 InvalidApplicationUID', () => {
  it('a container of its own running as 1337, at its securityContext', () => {
    const pod = `
initContainers: [{ name: setup, image: s, securityContext: { runAsUser: 1337 } }]
containers: [{ name: web, image: w, securityContext: { runAsUser: 1000 } }, { name: side, image: s, securityContext: { runAsUser: 1337 } }]`;
    expect(findingsOf('IST0144', deployment(pod))).to.deep.equal([
      { severity: 'Warning', object: 'Deployment shop/web', message: uid('setup'), field: 'spec.template.spec.initContainers[0].securityContext.runAsUser' },
      { severity: 'Warning', object: 'Deployment shop/web', message: uid('side'), field: 'spec.template.spec.containers[1].securityContext.runAsUser' },
    ]);
  });

  it('the pod running as 1337, at the pod securityContext, unless a container sets its own UID', () => {
    const pod = `
securityContext: { runAsUser: 1337 }
containers: [{ name: web, image: w }, { name: tool, image: t, securityContext: { runAsUser: 2000 } }]`;
    expect(findingsOf('IST0144', deployment(pod))).to.deep.equal([
      { severity: 'Warning', object: 'Deployment shop/web', message: uid('web'), field: 'spec.template.spec.securityContext.runAsUser' },
    ]);
  });

  it("Istio's own containers run as 1337 by design", () => {
    const pod = `
securityContext: { runAsUser: 1337 }
initContainers: [{ name: istio-init, image: p }, { name: istio-validation, image: p }]
containers: [{ name: istio-proxy, image: p, securityContext: { runAsUser: 1337 } }]`;
    expect(findingsOf('IST0144', deployment(pod))).to.deep.equal([]);
  });
});

describe('DAM0001 UnknownKind without a kind', () => {
  it('an object without a kind is only a schema error', () => {
    expect(findingsOf('DAM0001', 'apiVersion: example.com/v1\nmetadata: { name: x, namespace: shop }\n')).to.deep.equal([]);
    expect(findingsOf('IST0106', 'apiVersion: example.com/v1\nmetadata: { name: x, namespace: shop }\n').map((f) => f.message)).to.deep.equal([
      'Schema validation error: not a Kubernetes object: "apiVersion" and "kind" are required. Add them, or remove this document.',
    ]);
  });
});
