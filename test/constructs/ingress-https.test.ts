/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- synthesized manifests are untyped JSON */
import { expect } from 'chai';
import type { DogAppMeshProps } from '../../constructs/index.js';
import { schemaErrors } from '../support/schemas.js';
import { errorOf, expectMeshInvariants, synthMesh, type K8sObject } from './support.js';

const CANARY: DogAppMeshProps = {
  versions: [
    { name: 'v1', weight: 90 },
    { name: 'v2', weight: 10 },
  ],
  headerRoute: { version: 'v2' },
};

/** Synthesizes, checks the invariants and every object against its CRD or Kubernetes schema. */
function synthChecked(props: DogAppMeshProps): ReturnType<typeof synthMesh> {
  const synthesized = synthMesh(props);
  expectMeshInvariants(synthesized.objects);
  expect(synthesized.objects.flatMap(schemaErrors)).to.deep.equal([]);
  return synthesized;
}

const ruleNames = (rules: { name: string }[]) => rules.map((r) => r.name);

// VirtualService http rules are matched in order on the request as it arrives; `headers.request.remove`
// edits the request forwarded upstream, after the rule is chosen (istio.io VirtualService reference,
// Headers). So a header rule on the gateway's route would still match: it has to go, and the removal
// keeps the header from anything behind the gateway (the waypoint in ambient applies the mesh's routes).
describe('DogAppMesh: who may use the header route', () => {
  describe('with the Istio API', () => {
    it('keeps the header route in the mesh, and at the ingress leaves it out and removes the header', () => {
      const { find } = synthChecked(CANARY);
      const mesh = find('VirtualService', 'dog-app').spec.http;
      expect(ruleNames(mesh)).to.deep.equal(['header-route', 'default']);
      for (const rule of mesh) expect(rule.headers, `mesh ${rule.name}`).to.equal(undefined);
      const ingress = find('VirtualService', 'dog-app-ingress').spec.http;
      expect(ruleNames(ingress)).to.deep.equal(['default']);
      expect(ingress[0].headers).to.deep.equal({ request: { remove: ['x-canary'] } });
      expect(ingress[0].route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight])).to.deep.equal([
        ['v1', 90],
        ['v2', 10],
      ]);
    });

    it('removes the header from every ingress rule, the header-limited fault rule too', () => {
      const { find } = synthChecked({ ...CANARY, faultInjection: { abort: { httpStatus: 503, percentage: 100 }, match: { header: 'x-chaos', value: 'on' } } });
      const ingress = find('VirtualService', 'dog-app-ingress').spec.http;
      expect(ruleNames(ingress)).to.deep.equal(['fault-injection', 'default']);
      for (const rule of ingress) expect(rule.headers, rule.name).to.deep.equal({ request: { remove: ['x-canary'] } });
    });

    it('opens the header route to outside callers with fromIngress, the same rules as in the mesh', () => {
      const { find } = synthChecked({ ...CANARY, headerRoute: { version: 'v2', header: 'x-beta', value: 'yes', fromIngress: true } });
      const ingress = find('VirtualService', 'dog-app-ingress').spec.http;
      expect(ingress).to.deep.equal(find('VirtualService', 'dog-app').spec.http);
      expect(ingress[0].match).to.deep.equal([{ headers: { 'x-beta': { exact: 'yes' } } }]);
    });

    it('removes nothing without a header route', () => {
      const { find } = synthChecked({});
      expect(find('VirtualService', 'dog-app-ingress').spec.http[0].headers).to.equal(undefined);
    });
  });

  for (const mode of ['sidecar', 'ambient'] as const) {
    it(`with the Gateway API (${mode}): the gateway's HTTPRoute removes the header and has no header rule`, () => {
      const { find } = synthChecked({ ...CANARY, ingress: { api: 'gateway-api' }, dataplane: { mode } });
      const route = find('HTTPRoute', 'dog-app').spec.rules;
      expect(ruleNames(route)).to.deep.equal(['default']);
      expect(route[0].filters).to.deep.equal([{ type: 'RequestHeaderModifier', requestHeaderModifier: { remove: ['x-canary'] } }]);
      const mesh = find('HTTPRoute', 'dog-app-mesh').spec.rules;
      expect(ruleNames(mesh)).to.deep.equal(['header-route', 'default']);
      for (const rule of mesh) expect(rule.filters, rule.name).to.equal(undefined);
    });
  }

  it('with the Gateway API and fromIngress: the same rules at the gateway as in the mesh', () => {
    const { find } = synthChecked({ ...CANARY, ingress: { api: 'gateway-api' }, headerRoute: { version: 'v2', fromIngress: true } });
    expect(find('HTTPRoute', 'dog-app').spec.rules).to.deep.equal(find('HTTPRoute', 'dog-app-mesh').spec.rules);
  });

  it('rejects a fromIngress that is not a boolean', () => {
    expect(errorOf(() => synthMesh({ ...CANARY, headerRoute: { version: 'v2', fromIngress: 'yes' as unknown as boolean } }))).to.match(
      /- headerRoute\.fromIngress: got "yes"; expected true or false/,
    );
  });
});

describe('DogAppMesh: HTTPS at the ingress', () => {
  describe('with the Istio API', () => {
    it('adds an HTTPS server with credentialName and redirects HTTP to it', () => {
      const { find } = synthChecked({ ingress: { hosts: ['dogs.example.com'], tls: { secretName: 'dogs-example-com-tls' } } });
      expect(find('Gateway', 'dog-app-gateway').spec.servers).to.deep.equal([
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['dogs.example.com'], tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['dogs.example.com'], tls: { mode: 'SIMPLE', credentialName: 'dogs-example-com-tls' } },
      ]);
      expect(find('VirtualService', 'dog-app-ingress').spec.gateways).to.deep.equal(['dog-app-gateway']);
    });

    it('serves the app on HTTP too when the redirect is off, and on another HTTPS port', () => {
      const { find } = synthChecked({ ingress: { tls: { secretName: 'dogs-tls', port: 8443, httpsRedirect: false } } });
      const [http, https] = find('Gateway', 'dog-app-gateway').spec.servers;
      expect(http).to.deep.equal({ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] });
      expect(https.port).to.deep.equal({ number: 8443, name: 'https', protocol: 'HTTPS' });
    });
  });

  describe('with the Gateway API', () => {
    const props: DogAppMeshProps = { ...CANARY, ingress: { api: 'gateway-api', hosts: ['dogs.example.com'], tls: { secretName: 'dogs-example-com-tls' } } };

    it('adds an HTTPS listener with certificateRefs, serves the app there and redirects the HTTP listener', () => {
      const { find, all } = synthChecked(props);
      const listeners = find('Gateway', 'dog-app-gateway').spec.listeners;
      expect(listeners).to.deep.equal([
        { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } },
        {
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'dogs-example-com-tls' }] },
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ]);
      expect(find('HTTPRoute', 'dog-app').spec.parentRefs).to.deep.equal([{ name: 'dog-app-gateway', sectionName: 'https' }]);
      const redirect = find('HTTPRoute', 'dog-app-https-redirect').spec;
      expect(redirect.parentRefs).to.deep.equal([{ name: 'dog-app-gateway', sectionName: 'http' }]);
      expect(redirect.hostnames).to.deep.equal(['dogs.example.com']);
      expect(redirect.rules).to.deep.equal([
        { name: 'https-redirect', filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
      ]);
      expect(all('HTTPRoute').map((r: K8sObject) => r.metadata.name).sort()).to.deep.equal(['dog-app', 'dog-app-https-redirect', 'dog-app-mesh']);
    });

    it("lets anyone reach both listeners of the gateway's pods, which run in the app's namespace", () => {
      const { find } = synthChecked(props);
      expect(find('AuthorizationPolicy', 'dog-app-gateway').spec.rules).to.deep.equal([{ to: [{ operation: { ports: ['80', '443'] } }] }]);
    });

    it('redirects to a non-standard HTTPS port by number, and attaches the app to both listeners without a redirect', () => {
      const redirected = synthChecked({ ingress: { api: 'gateway-api', tls: { secretName: 'dogs-tls', port: 8443 } } });
      expect(redirected.find('HTTPRoute', 'dog-app-https-redirect').spec.rules[0].filters[0].requestRedirect).to.deep.equal({ scheme: 'https', port: 8443, statusCode: 301 });
      const both = synthChecked({ ingress: { api: 'gateway-api', tls: { secretName: 'dogs-tls', httpsRedirect: false } } });
      expect(both.find('HTTPRoute', 'dog-app').spec.parentRefs).to.deep.equal([{ name: 'dog-app-gateway' }]);
      expect(both.all('HTTPRoute').map((r: K8sObject) => r.metadata.name)).to.not.include('dog-app-https-redirect');
      expect(both.mesh.httpsRedirectRoute).to.equal(undefined);
      expect(redirected.mesh.httpsRedirectRoute).to.not.equal(undefined);
    });

    it('terminates HTTPS at the gateway in ambient mode too', () => {
      const { find } = synthChecked({ ...props, dataplane: { mode: 'ambient' } });
      expect(find('Gateway', 'dog-app-gateway').spec.listeners.map((l: { name: string }) => l.name)).to.deep.equal(['http', 'https']);
    });
  });

  it('rejects TLS without an ingress gateway, on the HTTP port, or with a bad Secret name', () => {
    expect(errorOf(() => synthMesh({ ingress: { api: 'none', tls: { secretName: 'dogs-tls' } } }))).to.match(/- ingress\.tls: got \{"secretName":"dogs-tls"\}; expected only with ingress\.api 'istio' or 'gateway-api'/);
    const message = errorOf(() => synthMesh({ ingress: { tls: { secretName: 'Dogs TLS', port: 80, httpsRedirect: 'yes' as unknown as boolean } } }));
    expect(message).to.match(/- ingress\.tls\.secretName: got "Dogs TLS"; expected a DNS name/);
    expect(message).to.match(/- ingress\.tls\.port: got 80; expected a port other than ingress\.port \(80\)/);
    expect(message).to.match(/- ingress\.tls\.httpsRedirect: got "yes"; expected true or false/);
    expect(errorOf(() => synthMesh({ ingress: { tls: { secretName: 'dogs-tls', port: 15021 } } }))).to.match(/- ingress\.tls\.port: got 15021; expected an integer port/);
  });
});
