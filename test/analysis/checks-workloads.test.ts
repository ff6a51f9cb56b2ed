import { expect } from 'chai';
import { analyze } from '../../constructs/analysis/index.js';
import { findingsOf, yamlObjects } from './check-findings.js';

// The checks of workloads, Services, namespaces and objects as a whole: DAM0106, IST0118, IST0102, DAM0105,
// IST0173, IST0174, DAM0107, DAM0116, DAM0001 and IST0106.

const docs = (...texts: string[]) => texts.join('\n---\n');

function deployment(name: string, labels: string, podSpec: string, ns = 'shop'): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: ${labels} }
  template:
    metadata: { labels: ${labels} }
    spec:
${podSpec.trim().replace(/^/gm, '      ')}
`;
}

const service = (name: string, spec: string, ns = 'shop') => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
${spec.trim().replace(/^/gm, '  ')}
`;

const namespace = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: ${labels} }\n`;

const WHY = "the range 15000-15090 that Istio's proxy reserves (15001 outbound, 15006 inbound, 15008 HBONE, 15020 merged metrics, 15021 health, 15090 Envoy stats)";

describe('DAM0106 ApplicationUsesIstioPort', () => {
  it('a container port at either end of the range, in containers and initContainers', () => {
    const pod = `
initContainers: [{ name: setup, image: s, ports: [{ containerPort: 15000 }] }]
containers:
  - { name: web, image: w, ports: [{ containerPort: 14999 }, { containerPort: 15090 }, { containerPort: 15091 }] }
  - { name: istio-proxy, image: p, ports: [{ containerPort: 15020 }] }`;
    expect(findingsOf('DAM0106', deployment('web', '{ app: web }', pod))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Deployment shop/web',
        message: `Container "setup" uses port 15000, inside ${WHY}: the proxy takes or intercepts it and the application breaks. Move the application to another port.`,
        field: 'spec.template.spec.initContainers[0].ports[0].containerPort',
      },
      {
        severity: 'Error',
        object: 'Deployment shop/web',
        message: `Container "web" uses port 15090, inside ${WHY}: the proxy takes or intercepts it and the application breaks. Move the application to another port.`,
        field: 'spec.template.spec.containers[0].ports[1].containerPort',
      },
    ]);
  });

  it('a Service port, and a Service targetPort, inside the range', () => {
    const text = docs(deployment('web', '{ app: web }', 'containers: [{ name: web, image: w }]'), service('web', 'selector: { app: web }\nports: [{ name: http, port: 15021, targetPort: 8080 }, { name: http-m, port: 9090, targetPort: 15020 }, { name: http-n, port: 80, targetPort: http }]'));
    expect(findingsOf('DAM0106', text)).to.deep.equal([
      {
        severity: 'Error',
        object: 'Service shop/web',
        message: `Service port 15021 is inside ${WHY}, which Istio asks applications to leave to the proxy: a Service there collides with the proxy's own listeners. Expose the Service on another port.`,
        field: 'spec.ports[0].port',
      },
      {
        severity: 'Error',
        object: 'Service shop/web',
        message: `Service port 9090 forwards to port 15020 of the application pods, inside ${WHY}. Serve the application on another port and point targetPort there.`,
        field: 'spec.ports[1].targetPort',
      },
    ]);
  });

  it('a Service in front of application pods is reported even when it also selects pods without a sidecar', () => {
    const pod = 'containers: [{ name: c, image: c }]';
    const text = docs(
      deployment('web', '{ app: web }', pod),
      deployment('debug', '{ app: web, sidecar.istio.io/inject: "false" }', pod),
      service('web', 'selector: { app: web }\nports: [{ name: http, port: 15006 }]'),
    );
    expect(findingsOf('DAM0106', text).map((f) => [f.object, f.field])).to.deep.equal([['Service shop/web', 'spec.ports[0].port']]);
  });

  it('leaves Istio\'s own gateways and pods without a sidecar alone, and Services of no application pod', () => {
    const pod = 'containers: [{ name: istio-proxy-like, image: p, ports: [{ containerPort: 15021 }] }]';
    const gateway = deployment('ingress', '{ istio: ingressgateway }', pod);
    const gatewayService = service('ingress', 'selector: { istio: ingressgateway }\nports: [{ name: status-port, port: 15021 }]');
    const optedOut = deployment('tool', '{ app: tool, sidecar.istio.io/inject: "false" }', pod);
    const nothingBehind = service('none', 'selector: { app: none }\nports: [{ name: http, port: 15021 }]');
    expect(findingsOf('DAM0106', docs(gateway, gatewayService, optedOut, nothingBehind))).to.deep.equal([]);
  });
});

describe('IST0118 PortNameIsNotUnderNamingConvention', () => {
  const ports = (list: string, ns = 'shop') => findingsOf('IST0118', service('api', `ports: ${list}`, ns));

  it('names the port, its number and targetPort (or the number again)', () => {
    expect(ports('[{ name: web, port: 80 }, { port: 81, targetPort: 8081 }]')).to.deep.equal([
      {
        severity: 'Info',
        object: 'Service shop/api',
        message:
          "Port name web (port: 80, targetPort: 80) doesn't follow the naming convention of Istio port. Name it <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis) or set appProtocol, so the proxy applies the right protocol instead of sniffing it.",
        field: 'spec.ports[0].name',
      },
      {
        severity: 'Info',
        object: 'Service shop/api',
        message:
          "Port name (none) (port: 81, targetPort: 8081) doesn't follow the naming convention of Istio port. Name it <protocol>[-<suffix>] (http, http2, https, grpc, grpc-web, tcp, tls, mongo, mysql, redis) or set appProtocol, so the proxy applies the right protocol instead of sniffing it.",
        field: 'spec.ports[1].name',
      },
    ]);
  });

  it('accepts protocol prefixes, appProtocol, UDP and the well-known TCP ports', () => {
    const good = `[
      { name: HTTP-web, port: 80 }, { name: grpc-web-x, port: 81 }, { name: tcp, port: 82 }, { name: http_proxy, port: 83 },
      { name: dns, port: 53, protocol: UDP }, { name: stats, port: 8125, protocol: udp }, { name: smtp, port: 25 },
      { name: db, port: 3306 }, { name: mongo-db, port: 27017 }, { name: x, port: 84, appProtocol: kubernetes.io/h2c },
      { name: x2, port: 85, appProtocol: kubernetes.io/ws }, { name: x3, port: 86, appProtocol: HTTP }, { name: x4, port: 87, appProtocol: grpc-web }
    ]`;
    expect(ports(good)).to.deep.equal([]);
    expect(ports('[{ name: http, port: 80, appProtocol: web }]').map((f) => f.field), 'appProtocol wins over the name').to.deep.equal(['spec.ports[0].name']);
    expect(ports('[{ name: webhttp, port: 80 }, { name: dns, port: 54, protocol: TCP }]')).to.have.lengthOf(2);
  });

  it('leaves the system namespaces alone', () => {
    expect(ports('[{ name: web, port: 80 }]', 'kube-system')).to.deep.equal([]);
    expect(ports('[{ name: web, port: 80 }]', 'istio-system')).to.deep.equal([]);
  });
});

describe('IST0102 NamespaceNotInjected', () => {
  const pod = 'containers: [{ name: c, image: c }]';
  const message = (names: string, verb: string) =>
    `The namespace is not enabled for Istio injection, so ${names} ${verb} without a proxy, outside the mesh. Run 'kubectl label namespace shop istio-injection=enabled' to enable it (or label it istio.io/rev=<revision>, or istio.io/dataplane-mode=ambient), or 'kubectl label namespace shop istio-injection=disabled' to explicitly mark it as not needing injection.`;

  it('names up to three workloads and counts the rest', () => {
    const workloads = ['a', 'b', 'c', 'd', 'e'].map((n) => deployment(n, `{ app: ${n} }`, pod));
    expect(findingsOf('IST0102', docs(namespace('shop'), ...workloads))).to.deep.equal([
      { severity: 'Info', object: 'Namespace shop', message: message('Deployment a, Deployment b, Deployment c and 2 more', 'run'), field: 'metadata.labels' },
    ]);
    expect(findingsOf('IST0102', docs(namespace('shop'), ...workloads.slice(0, 3))).map((f) => f.message)).to.deep.equal([message('Deployment a, Deployment b, Deployment c', 'run')]);
    expect(findingsOf('IST0102', docs(namespace('shop'), ...workloads.slice(0, 4))).map((f) => f.message)).to.deep.equal([message('Deployment a, Deployment b, Deployment c and 1 more', 'run')]);
  });

  it('leaves out pods that opt out or ask for a sidecar themselves', () => {
    const out = deployment('out', '{ app: out, sidecar.istio.io/inject: "false" }', pod);
    const injected = deployment('in', '{ app: in, sidecar.istio.io/inject: "TRUE" }', pod);
    expect(findingsOf('IST0102', docs(namespace('shop'), out, injected))).to.deep.equal([]);
    expect(findingsOf('IST0102', docs(namespace('shop'), out, injected, deployment('web', '{ app: web }', pod))).map((f) => f.message)).to.deep.equal([message('Deployment web', 'runs')]);
  });

  it('leaves alone namespaces that say how they join the mesh, the system ones and the root namespace', () => {
    const w = (ns: string) => deployment('web', '{ app: web }', pod, ns);
    expect(findingsOf('IST0102', docs(namespace('shop', '{ istio-injection: disabled }'), w('shop')))).to.deep.equal([]);
    expect(findingsOf('IST0102', docs(namespace('shop', '{ istio.io/dataplane-mode: none }'), w('shop')))).to.deep.equal([]);
    expect(findingsOf('IST0102', docs(namespace('shop', '{ istio.io/dataplane-mode: other }'), w('shop')))).to.have.lengthOf(1);
    expect(findingsOf('IST0102', docs(namespace('kube-system'), w('kube-system')))).to.deep.equal([]);
    expect(findingsOf('IST0102', docs(namespace('mesh-root'), w('mesh-root')), { rootNamespace: 'mesh-root' })).to.deep.equal([]);
    expect(findingsOf('IST0102', docs(namespace('mesh-root'), w('mesh-root')))).to.have.lengthOf(1);
    expect(findingsOf('IST0102', namespace('shop'))).to.deep.equal([], 'no workloads');
  });
});

describe('DAM0105 ServiceSelectsNoPods', () => {
  it('a selector no workload of the namespace has, at the selector', () => {
    const text = docs(deployment('web', '{ app: web }', 'containers: [{ name: c, image: c }]', 'other'), service('web', 'selector: { app: web, tier: front }\nports: [{ name: http, port: 80 }]'));
    expect(findingsOf('DAM0105', text)).to.deep.equal([
      {
        severity: 'Warning',
        object: 'Service shop/web',
        message:
          'Service web selects pods with app=web,tier=front, but no workload among the analyzed objects in namespace shop has those labels: it has no endpoints and requests to it fail with 503 (no healthy upstream). Fix the selector or the workload\'s pod template labels.',
        field: 'spec.selector',
      },
    ]);
  });

  it('ExternalName Services and Services without a selector select nothing on purpose', () => {
    expect(findingsOf('DAM0105', service('ext', 'type: ExternalName\nexternalName: api.example.com\nselector: { app: x }'))).to.deep.equal([]);
    expect(findingsOf('DAM0105', service('manual', 'ports: [{ name: http, port: 80 }]'))).to.deep.equal([]);
  });
});

describe('IST0173 DestinationRuleSubsetNotSelectPods', () => {
  const dr = (host: string, subsets: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: ${host}
  subsets: ${subsets}
`;
  const app = docs(deployment('web-v1', '{ app: web, version: v1 }', 'containers: [{ name: c, image: c }]'), service('web', 'selector: { app: web }\nports: [{ name: http, port: 80 }]'));

  it('a subset whose labels, with the Service selector, match no pod', () => {
    expect(findingsOf('IST0173', docs(app, dr('web', '[{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }]')))).to.deep.equal([
      {
        severity: 'Error',
        object: 'DestinationRule shop/web',
        message:
          "The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream). No pod behind Service shop/web has app=web,version=v2: fix the subset's labels to match a version's pod labels, or deploy that version.",
        field: 'spec.subsets[1].labels',
      },
    ]);
  });

  it('nothing for an unknown host, a host without pods, or without a selector', () => {
    expect(findingsOf('IST0173', docs(app, dr('gone', '[{ name: v2, labels: { version: v2 } }]')))).to.deep.equal([]);
    expect(findingsOf('IST0173', docs(service('web', 'selector: { app: web }\nports: [{ name: http, port: 80 }]'), dr('web', '[{ name: v2, labels: { version: v2 } }]')))).to.deep.equal([]);
    expect(findingsOf('IST0173', docs(app.replace('selector: { app: web }\n  ports', 'ports'), dr('web', '[{ name: v2, labels: { version: v2 } }]')))).to.deep.equal([]);
  });
});

describe('IST0174 UnknownDestinationRuleHost', () => {
  it('a host no Service or ServiceEntry matches, with the name it resolved to', () => {
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: web, namespace: shop }\nspec: { host: web }\n';
    expect(findingsOf('IST0174', dr)).to.deep.equal([
      {
        severity: 'Warning',
        object: 'DestinationRule shop/web',
        message:
          "The host web defined in the DestinationRule does not match any services in the mesh, so its policies apply to nothing. Short names resolve in the DestinationRule's namespace (web.shop.svc.cluster.local): fix the host, or create the Service or ServiceEntry.",
        field: 'spec.host',
      },
    ]);
    expect(findingsOf('IST0174', docs(service('web', 'ports: [{ name: http, port: 80 }]'), dr))).to.deep.equal([]);
  });
});

describe('DAM0107 ServiceEntryTlsPortDeclaredHttp', () => {
  const se = (protocol: string) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: shop }
spec:
  hosts: [api.example.com, api2.example.com]
  ports: [{ number: 80, name: http, protocol: HTTP }, { number: 443, name: https, protocol: ${protocol} }]
  resolution: DNS
`;
  const originating = (trafficPolicy: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api, namespace: shop }
spec:
  host: api2.example.com
  trafficPolicy: ${trafficPolicy}
`;
  const FIX =
    'Declare it as protocol TLS (or HTTPS); to originate TLS for plain http:// calls, declare port 80 as HTTP with targetPort 443 and set tls.mode SIMPLE for port 80 in a DestinationRule.';

  it('an Error for each plaintext HTTP protocol, in any case', () => {
    for (const protocol of ['HTTP', 'http2', 'GRPC', 'grpc-web']) {
      expect(findingsOf('DAM0107', se(protocol)), protocol).to.deep.equal([
        {
          severity: 'Error',
          object: 'ServiceEntry shop/api',
          message: `ServiceEntry port 443 of api.example.com, api2.example.com is declared as protocol ${protocol.toUpperCase()}: the proxy parses the TLS traffic of https:// calls as plaintext HTTP and they fail. ${FIX}`,
          field: 'spec.ports[1].protocol',
        },
      ]);
    }
  });

  it('a Warning when a DestinationRule originates TLS to port 443 of one of its hosts', () => {
    const warning = {
      severity: 'Warning',
      object: 'ServiceEntry shop/api',
      message: `ServiceEntry port 443 of api.example.com, api2.example.com is declared as protocol HTTP: the DestinationRule originates TLS there, but any client that speaks TLS to port 443 itself now fails, because the proxy parses its handshake as HTTP. ${FIX}`,
      field: 'spec.ports[1].protocol',
    };
    expect(findingsOf('DAM0107', docs(se('HTTP'), originating('{ tls: { mode: SIMPLE } }')))).to.deep.equal([warning]);
    expect(findingsOf('DAM0107', docs(se('HTTP'), originating('{ portLevelSettings: [{ port: { number: 443 }, tls: { mode: MUTUAL } }] }')))).to.deep.equal([warning]);
    expect(findingsOf('DAM0107', docs(se('HTTP'), originating('{ portLevelSettings: [{ port: { number: 80 }, tls: { mode: SIMPLE } }] }')))[0].severity).to.equal('Error');
    expect(findingsOf('DAM0107', docs(se('HTTP'), originating('{ tls: { mode: ISTIO_MUTUAL } }')))[0].severity).to.equal('Error');
    expect(findingsOf('DAM0107', docs(se('HTTP'), originating('{ tls: { mode: SIMPLE } }').replace('  host: api2.example.com\n', '')))[0].severity).to.equal('Error');
  });

  it('TLS, HTTPS or TCP on 443 are fine', () => {
    for (const protocol of ['TLS', 'HTTPS', 'TCP']) expect(findingsOf('DAM0107', se(protocol)), protocol).to.deep.equal([]);
    expect(findingsOf('DAM0107', se('HTTPS').replace('protocol: HTTPS', ''))).to.deep.equal([]);
    expect(findingsOf('DAM0107', se('HTTP').replace('api2.example.com]', '7]'))[0].message).to.include('port 443 of api.example.com is declared');
  });
});

describe('DAM0116 DuplicateObject', () => {
  const cm = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ${ns} }\ndata: { a: "1" }\n`;
  const message = (where: string) =>
    `ConfigMap shop/settings is defined twice: an earlier v1 ConfigMap${where} has the same group, kind, namespace and name, so applying both keeps only the last one written. Give one of them another name or namespace, or create the object once (MeshService and DogAppMesh apps of one chart that name the same namespace share its Namespace, PeerAuthentication, deny-all policy, Sidecar and ServiceEntries).`;

  it('names where the earlier one came from: construct path, file and line, file, or nothing', () => {
    const [first, second] = [yamlObjects(cm('shop'))[0], yamlObjects(cm('shop'))[0]];
    const run = (source: Record<string, unknown>) => analyze([first, second], { sources: new Map([[first, source]]) }).filter((f) => f.code === 'DAM0116');
    expect(run({ path: 'app/chart/settings', file: 'dist/x.yaml' }).map((f) => f.message)).to.deep.equal([message(' (app/chart/settings)')]);
    expect(run({ file: 'dist/x.yaml', line: 12 }).map((f) => f.message)).to.deep.equal([message(' (dist/x.yaml:12)')]);
    expect(run({ file: 'dist/x.yaml' }).map((f) => f.message)).to.deep.equal([message(' (dist/x.yaml)')]);
    expect(findingsOf('DAM0116', docs(cm('shop'), cm('shop')))).to.deep.equal([{ severity: 'Error', object: 'ConfigMap shop/settings', message: message(''), field: 'metadata.name' }]);
  });

  it('another namespace, another kind or another group is another object; nameless and kindless objects are left out', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: { name: settings, namespace: shop }\n';
    const otherGroup = 'apiVersion: example.com/v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n';
    expect(findingsOf('DAM0116', docs(cm('shop'), cm('billing'), secret, otherGroup))).to.deep.equal([]);
    expect(findingsOf('DAM0116', docs('apiVersion: v1\nkind: ConfigMap\nmetadata: { namespace: shop }', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { namespace: shop }'))).to.deep.equal([]);
    expect(findingsOf('DAM0116', docs('apiVersion: v1\nmetadata: { name: a }', 'apiVersion: v1\nmetadata: { name: a }'))).to.deep.equal([]);
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n';
    expect(findingsOf('DAM0116', docs(ns, ns)).map((f) => f.object)).to.deep.equal(['Namespace shop']);
  });
});

describe('DAM0001 UnknownKind and IST0106 SchemaValidationError', () => {
  it('DAM0001 at the kind; an IstioOperator and a kind with its CRD are known', () => {
    expect(findingsOf('DAM0001', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\n')).to.deep.equal([
      {
        severity: 'Info',
        object: 'Widget shop/w',
        message:
          'Kind Widget of apiVersion example.com/v1 is not known to this analysis (neither Kubernetes, Istio 1.30.3, Gateway API v1.6.1, Flagger 1.44.0 nor Argo Rollouts v1.9.1, and no CustomResourceDefinition for it is among the analyzed objects): it is not validated and references to it are not followed. Include its CustomResourceDefinition to validate it, or suppress this with --suppress DAM0001=Widget/*.',
        field: 'kind',
      },
    ]);
    expect(findingsOf('DAM0001', 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: { name: i, namespace: istio-system }\n')).to.deep.equal([]);
    expect(findingsOf('DAM0001', 'kind: Widget\nmetadata: { name: w }\n')).to.deep.equal([]);
  });

  it('IST0106 for a document that is not a Kubernetes object', () => {
    expect(findingsOf('IST0106', 'apiVersion: v1\nmetadata: { name: x }\n')).to.deep.equal([
      {
        severity: 'Error',
        object: ' default/x',
        message: 'Schema validation error: not a Kubernetes object: "apiVersion" and "kind" are required. Add them, or remove this document.',
      },
    ]);
  });

  it('IST0106 for a kind the API group does not have, at the kind', () => {
    expect(findingsOf('IST0106', 'apiVersion: networking.istio.io/v1\nkind: VirtualServce\nmetadata: { name: x, namespace: shop }\nspec: {}\n')).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualServce shop/x',
        message:
          'Schema validation error: kind: the API group networking.istio.io has no kind "VirtualServce"; it has DestinationRule, EnvoyFilter, Gateway, ProxyConfig, ServiceEntry, Sidecar, VirtualService, WorkloadEntry, WorkloadGroup. Fix the object to satisfy the Istio 1.30.3 CRD schema.',
        field: 'kind',
      },
    ]);
  });

  it('IST0106 for an apiVersion the pinned CRD does not serve, at the apiVersion', () => {
    expect(findingsOf('IST0106', 'apiVersion: networking.istio.io/v1alpha9\nkind: VirtualService\nmetadata: { name: x, namespace: shop }\nspec: {}\n')).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/x',
        message:
          'Schema validation error: apiVersion: apiVersion "networking.istio.io/v1alpha9" is not served for VirtualService; use networking.istio.io/v1 or networking.istio.io/v1alpha3 or networking.istio.io/v1beta1. Fix the object to satisfy the Istio 1.30.3 CRD schema.',
        field: 'apiVersion',
      },
    ]);
  });

  it('IST0106 for a version the bundled CRD does not serve', () => {
    const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
    - { name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object } } }
    - { name: v2, served: true, storage: false, schema: { openAPIV3Schema: { type: object } } }
    - { name: v0, served: false, storage: false, schema: { openAPIV3Schema: { type: object } } }
`;
    const widget = (v: string) => `apiVersion: example.com/${v}\nkind: Widget\nmetadata: { name: w, namespace: shop }\n`;
    expect(findingsOf('IST0106', docs(crd, widget('v0')))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Widget shop/w',
        message: 'Schema validation error: apiVersion: its CustomResourceDefinition serves v1, v2, not v0. Fix the object to satisfy its CustomResourceDefinition.',
        field: 'apiVersion',
      },
    ]);
    expect(findingsOf('IST0106', docs(crd, widget('v2')))).to.deep.equal([]);
  });

  it('IST0106 of a bundled CRD\'s kind points at the field; an unknown kind is held to the API rules only', () => {
    const crd = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, properties: { spec: { type: object, properties: { size: { type: integer } } } } } } }]
`;
    expect(findingsOf('IST0106', docs(crd, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\nspec: { size: 2 }\n'))).to.deep.equal([]);
    const [f] = findingsOf('IST0106', docs(crd, 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\nspec: { size: one }\n'));
    expect(f).to.include({ object: 'Widget shop/w', field: 'spec.size' });
    expect(f.message).to.match(/^Schema validation error: spec\.size: .*\. Fix the object to satisfy its CustomResourceDefinition\.$/);
    const [g, ...rest] = findingsOf('IST0106', 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: { name: Bad_Name, namespace: shop }\n');
    expect(rest).to.deep.equal([]);
    expect(g.message).to.match(/^Schema validation error: metadata\.name: .*\. Fix the object to satisfy the Kubernetes API rules\.$/);
  });

  it('IST0106 lists at most 20 problems of an object and sums up the rest', () => {
    const data = Array.from({ length: 23 }, (_, i) => `k${i}: ${i}`).join(', ');
    const found = findingsOf('IST0106', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\ndata: { ${data} }\n`);
    expect(found).to.have.lengthOf(21);
    expect(found[19]).to.include({ field: 'data.k19' });
    expect(found[20]).to.deep.equal({
      severity: 'Error',
      object: 'ConfigMap shop/c',
      message: 'Schema validation error: 3 more problems in this object are not listed. Fix the ones above first.',
    });
    const twenty = Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join(', ');
    expect(findingsOf('IST0106', `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\ndata: { ${twenty} }\n`)).to.have.lengthOf(20);
  });
});
