import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ALL_CHECKS, analyze, formatFinding, type Severity } from '../../constructs/analysis/index.js';
import { FIXTURES, loadYaml } from './support.js';

/**
 * One row per fixture folder under fixtures/checks: `trigger.yaml` is the smallest YAML that makes the check
 * report, `clean.yaml` its twin without the problem, which must analyze with no finding at all.
 */
interface Case {
  readonly fixture: string;
  readonly code: string;
  readonly severity: Severity;
  /** `Kind namespace/name` of the object the finding is about. */
  readonly object: string;
  readonly message: RegExp;
  /** The field the finding points at, as `a.b[0]`. */
  readonly field?: string;
}

const CASES: readonly Case[] = [
  { fixture: 'IST0106-enum', code: 'IST0106', severity: 'Error', object: 'PeerAuthentication default/default', message: /spec\.mtls\.mode: "STRICTT" is not one of .*STRICT/, field: 'spec.mtls.mode' },
  { fixture: 'IST0106-unknown-field', code: 'IST0106', severity: 'Error', object: 'PeerAuthentication default/default', message: /unknown field "mtsl" \(did you mean "mtls"\?\)/, field: 'spec.mtsl' },
  { fixture: 'IST0106-cel-rule', code: 'IST0106', severity: 'Error', object: 'ServiceEntry default/db', message: /NONE mode cannot set endpoints/, field: 'spec' },
  { fixture: 'IST0106-cel-duration', code: 'IST0106', severity: 'Error', object: 'VirtualService default/web', message: /spec\.http\[0\]\.timeout: must be a valid duration greater than 1ms/, field: 'spec.http[0].timeout' },
  { fixture: 'IST0106-version', code: 'IST0106', severity: 'Error', object: 'PeerAuthentication default/default', message: /"security\.istio\.io\/v1alpha1" is not served .* use security\.istio\.io\/v1 or security\.istio\.io\/v1beta1/ },
  { fixture: 'IST0106-kubernetes-schema', code: 'IST0106', severity: 'Error', object: 'ConfigMap default/settings', message: /data\.retries: must be string/, field: 'data.retries' },
  { fixture: 'IST0106-kubernetes-rules', code: 'IST0106', severity: 'Error', object: 'Service default/api', message: /targetPort: port 80800 must be from 1 to 65535/ },
  { fixture: 'IST0106-name', code: 'IST0106', severity: 'Error', object: 'ConfigMap default/My_Settings', message: /name "My_Settings" must be a DNS-1123 subdomain/ },
  { fixture: 'IST0106-yaml-boolean', code: 'IST0106', severity: 'Error', object: 'ConfigMap default/settings', message: /labels\.enabled: value must be a string, got true: quote it/ },
  { fixture: 'IST0106-bundled-crd', code: 'IST0106', severity: 'Error', object: 'Widget default/small', message: /spec\.size: must be an integer, got string "one".*its CustomResourceDefinition/ },
  { fixture: 'DAM0001', code: 'DAM0001', severity: 'Info', object: 'Widget default/small', message: /Kind Widget of apiVersion example\.com\/v1 is not known/ },
  { fixture: 'IST0101-gateway', code: 'IST0101', severity: 'Error', object: 'VirtualService default/web', message: /Referenced gateway not found: "web-gateway"/, field: 'spec.gateways[0]' },
  { fixture: 'IST0101-host', code: 'IST0101', severity: 'Error', object: 'VirtualService default/api', message: /Referenced host not found: "api"\. No Service or ServiceEntry for api\.default\.svc\.cluster\.local/ },
  { fixture: 'IST0101-host-port', code: 'IST0101', severity: 'Error', object: 'VirtualService default/api', message: /Referenced host:port not found: "api:8080"\. Service api exposes port 80/ },
  { fixture: 'IST0101-subset', code: 'IST0101', severity: 'Error', object: 'VirtualService default/web', message: /Referenced host\+subset in destinationrule not found: "web\+v2"\. Its DestinationRule defines v1/, field: 'spec.http[0].route[0].destination.subset' },
  { fixture: 'IST0101-backend', code: 'IST0101', severity: 'Error', object: 'HTTPRoute default/api', message: /Referenced backendRef not found: "Service default\/api"/ },
  { fixture: 'IST0101-target-ref', code: 'IST0101', severity: 'Error', object: 'AuthorizationPolicy default/api', message: /Referenced targetRef not found: "Service default\/api"/ },
  { fixture: 'IST0102', code: 'IST0102', severity: 'Info', object: 'Namespace shop', message: /not enabled for Istio injection, so Deployment web-v1 runs without a proxy.*istio-injection=enabled/ },
  { fixture: 'IST0112', code: 'IST0112', severity: 'Error', object: 'VirtualService default/api', message: /exposes multiple ports \[80 9000\]/ },
  { fixture: 'IST0118', code: 'IST0118', severity: 'Info', object: 'Service default/api', message: /Port name web \(port: 80, targetPort: 8080\) doesn't follow the naming convention/ },
  { fixture: 'IST0123', code: 'IST0123', severity: 'Warning', object: 'Namespace shop', message: /more than one type of injection labels \[istio-injection=enabled istio\.io\/rev=canary\]/ },
  { fixture: 'IST0123-ambient', code: 'IST0123', severity: 'Warning', object: 'Namespace shop', message: /both sidecars and ambient/ },
  { fixture: 'IST0127', code: 'IST0127', severity: 'Warning', object: 'AuthorizationPolicy default/web', message: /No matching workloads for this resource with the following labels: app=wbe/ },
  { fixture: 'IST0128', code: 'IST0128', severity: 'Warning', object: 'DestinationRule default/api', message: /TLS mode set to SIMPLE but no caCertificates .* host: api\.example\.com\. Set caCertificates/ },
  { fixture: 'IST0129', code: 'IST0129', severity: 'Warning', object: 'DestinationRule default/api', message: /host: api\.example\.com at port 443/ },
  { fixture: 'IST0130', code: 'IST0130', severity: 'Warning', object: 'VirtualService default/api', message: /rule "admin" not used \(route without matches defined before\)/ },
  { fixture: 'IST0131', code: 'IST0131', severity: 'Info', object: 'VirtualService default/api', message: /rule "beta" match #0 is not used \(duplicate\/overlapping match in rule "admin"\)/ },
  { fixture: 'IST0132', code: 'IST0132', severity: 'Warning', object: 'VirtualService default/web', message: /host \[shop\.example\.com\] defined in VirtualService default\/web not found in Gateway default\/web-gateway/ },
  { fixture: 'IST0144', code: 'IST0144', severity: 'Warning', object: 'Deployment default/web-v1', message: /UID\) 1337 is reserved for the sidecar proxy: container "web"/, field: 'spec.template.spec.securityContext.runAsUser' },
  { fixture: 'IST0173', code: 'IST0173', severity: 'Error', object: 'DestinationRule default/web', message: /The Subset v2 defined in the DestinationRule does not select any pods.*app=web,version=v2/ },
  { fixture: 'IST0174', code: 'IST0174', severity: 'Warning', object: 'DestinationRule default/api', message: /The host api\.other\.svc\.cluster\.local defined in the DestinationRule does not match any services/ },
  { fixture: 'DAM0101', code: 'DAM0101', severity: 'Error', object: 'VirtualService default/api', message: /add up to 0 across 2 destinations/ },
  { fixture: 'DAM0101-httproute', code: 'DAM0101', severity: 'Error', object: 'HTTPRoute default/api', message: /Every backendRef of spec\.rules\[0\] has weight 0/ },
  { fixture: 'DAM0102', code: 'DAM0102', severity: 'Warning', object: 'VirtualService default/api', message: /perTryTimeout 2s × \(3 attempts \+ 1\) = 8s, more than the route timeout 3s/ },
  { fixture: 'DAM0103', code: 'DAM0103', severity: 'Warning', object: 'VirtualService default/api', message: /injects faults and sets retries/ },
  { fixture: 'DAM0104', code: 'DAM0104', severity: 'Error', object: 'DestinationRule default/web', message: /tls\.mode DISABLE sends plaintext to web, but PeerAuthentication default\/default requires STRICT/ },
  { fixture: 'DAM0105', code: 'DAM0105', severity: 'Warning', object: 'Service default/web', message: /selects pods with app=wbe, but no workload/ },
  { fixture: 'DAM0106', code: 'DAM0106', severity: 'Error', object: 'Deployment default/web-v1', message: /uses port 15020, inside the range 15000-15090/ },
  { fixture: 'DAM0107', code: 'DAM0107', severity: 'Error', object: 'ServiceEntry default/api', message: /port 443 of api\.example\.com is declared as protocol HTTP/ },
  { fixture: 'DAM0108', code: 'DAM0108', severity: 'Warning', object: 'VirtualService default/api', message: /mirrors to api-next without mirrorPercentage/ },
  { fixture: 'DAM0110', code: 'DAM0110', severity: 'Error', object: 'Rollout default/web', message: /names route "default" of VirtualService default\/web, which has "primary"/, field: 'spec.strategy.canary.trafficRouting.istio.virtualService.routes[0]' },
  { fixture: 'DAM0111', code: 'DAM0111', severity: 'Error', object: 'Canary default/web', message: /selects on app=web,version=v2: Flagger needs exactly one selector label/ },
  { fixture: 'DAM0111-missing', code: 'DAM0111', severity: 'Error', object: 'Canary default/web', message: /target Deployment default\/web does not exist/, field: 'spec.targetRef.name' },
  { fixture: 'DAM0112', code: 'DAM0112', severity: 'Error', object: 'DestinationRule default/web', message: /host web\.default\.svc\.cluster\.local belongs to Canary default\/web/, field: 'spec.host' },
  { fixture: 'DAM0113', code: 'DAM0113', severity: 'Error', object: 'MetricTemplate default/success-rate', message: /does not parse as PromQL/, field: 'spec.query' },
  { fixture: 'DAM0114', code: 'DAM0114', severity: 'Error', object: 'Rollout default/web', message: /Step 2 sets the canary weight to 20, not more than the 50/, field: 'spec.strategy.canary.steps[2].setWeight' },
  { fixture: 'DAM0115', code: 'DAM0115', severity: 'Warning', object: 'VirtualService default/web', message: /Rule 0 of VirtualService default\/web routes requests from the ingress that are then refused with 403: for GET http:\/\/shop\.example\.com\/admin/, field: 'spec.http[0]' },
  { fixture: 'DAM0116', code: 'DAM0116', severity: 'Error', object: 'PeerAuthentication shop/default', message: /PeerAuthentication shop\/default is defined twice: an earlier security.istio.io\/v1 PeerAuthentication/, field: 'metadata.name' },
  { fixture: 'DAM0109', code: 'DAM0109', severity: 'Error', object: 'Deployment default/web-v1', message: /Every request to Deployment default\/web-v1 is refused.*allow-nothing/ },
];

function display(object: { kind: string; namespace?: string; name: string }): string {
  return `${object.kind} ${object.namespace === undefined ? '' : `${object.namespace}/`}${object.name}`;
}

function fieldText(field: readonly (string | number)[] | undefined): string | undefined {
  return field?.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');
}

describe('analysis checks (one fixture per check: trigger and clean twin)', () => {
  for (const c of CASES) {
    describe(c.fixture, () => {
      it(`trigger.yaml reports ${c.code} once, on ${c.object}`, () => {
        const findings = analyze(loadYaml('checks', c.fixture, 'trigger.yaml'));
        const mine = findings.filter((f) => f.code === c.code);
        expect(mine, findings.map(formatFinding).join('\n')).to.have.lengthOf(1);
        const [f] = mine;
        expect(f.severity).to.equal(c.severity);
        expect(display(f.object)).to.equal(c.object);
        expect(f.message).to.match(c.message);
        if (c.field) expect(fieldText(f.field)).to.equal(c.field);
      });

      it('clean.yaml analyzes with no finding at all', () => {
        const findings = analyze(loadYaml('checks', c.fixture, 'clean.yaml'));
        expect(findings.map(formatFinding)).to.deep.equal([]);
      });
    });
  }

  it('has a fixture for every code the analysis can report, and a case for every fixture', () => {
    const covered = new Set(CASES.map((c) => c.code));
    for (const check of ALL_CHECKS) expect(covered, `no fixture for ${check.code} (${check.title})`).to.include(check.code);
    const folders = readdirSync(join(FIXTURES, 'checks'));
    expect(folders.sort()).to.deep.equal(CASES.map((c) => c.fixture).sort());
    for (const c of CASES) expect(c.fixture.startsWith(c.code), c.fixture).to.equal(true);
  });

  it('documents every code in docs/analysis.md with an example and the fix', () => {
    const docs = readFileSync('docs/analysis.md', 'utf8');
    for (const check of ALL_CHECKS) {
      const section = new RegExp(`^### ${check.code} ${check.title} \\(${check.severity}[^)]*\\)\\n([\\s\\S]*?)(?=^##)`, 'm').exec(docs);
      expect(section, `no section "### ${check.code} ${check.title} (${check.severity})"`).not.to.equal(null);
      expect(section![1], check.code).to.match(/```yaml/);
      expect(section![1], check.code).to.match(/^Fix: /m);
    }
  });

  it('reports at the severity each check declares unless a finding says why not', () => {
    for (const c of CASES) {
      const declared = ALL_CHECKS.filter((k) => k.code === c.code).map((k) => k.severity);
      expect(declared, c.fixture).to.include(c.severity);
    }
  });
});
