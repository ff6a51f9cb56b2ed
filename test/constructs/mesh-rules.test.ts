/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Duration, Testing } from 'cdk8s';
import { DogAppMesh, type DogAppMeshProps } from '../../constructs/index.js';
import { errorOf, synthMesh, type K8sObject } from './support.js';

// Rules across props (what one prop allows depends on another) and how resolved values reach the objects.

const two = (a: number, b: number) => [{ name: 'v1', weight: a }, { name: 'v2', weight: b }];
const rule = (vs: K8sObject, name: string) => vs.spec.http.find((r: { name: string }) => r.name === name);
const RETRY_ON =
  'expected a comma-separated list of Envoy retry conditions (5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, cancelled, deadline-exceeded, unavailable, ...) or HTTP status codes, without spaces';

/** The problem lines of the error for `props`. */
const problems = (props: DogAppMeshProps) => errorOf(() => new DogAppMesh(new Chart(Testing.app(), 'test'), 'mesh', props)).split('\n').slice(1);

describe('DogAppMesh rules across props', () => {
  it('names every variable DogAppMesh sets when a version sets one of them', () => {
    expect(problems({ versions: [{ name: 'v1', env: { PORT: '9090' } }] })).to.deep.equal([
      '  - versions[0].env: got "PORT"; expected environment variable names other than PORT, APP_VERSION, DOG_API_URL, SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS (set by DogAppMesh)',
    ]);
  });

  it('routes no header to a retiring version', () => {
    expect(problems({ versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0, retiring: true }], headerRoute: { version: 'v2' } })).to.deep.equal([
      '  - headerRoute.version: got "v2"; expected one of "v1"',
    ]);
  });

  it('refuses retry conditions that are not a string', () => {
    expect(problems({ resilience: { retries: { retryOn: 5 as never } } })).to.deep.equal([`  - resilience.retries.retryOn: got 5; ${RETRY_ON}`]);
  });

  it('checks the timeout against the retries only when both are valid', () => {
    expect(problems({ resilience: { timeout: 'x', retries: { attempts: 2 } } })).to.deep.equal([
      '  - resilience.timeout: got "x"; expected a Go duration such as "250ms", "5s" or "1m30s" (units h, m, s, ms) or a cdk8s Duration',
    ]);
    expect(problems({ resilience: { timeout: '10s', retries: { attempts: 11, perTryTimeout: '3s' } } })).to.deep.equal([
      '  - resilience.retries.attempts: got 11; expected an integer from 0 to 10',
    ]);
    expect(problems({ resilience: { timeout: '1s', retries: { perTryTimeout: '0s' } } })).to.deep.equal(['  - resilience.retries.perTryTimeout: got "0s"; expected at least 1ms']);
  });

  it('reports an invalid timeout once, not again against the retries, and shows a short timeout as written', () => {
    expect(problems({ resilience: { timeout: '1.5ms', retries: { attempts: 2 } } })).to.deep.equal([
      '  - resilience.timeout: got "1.5ms"; expected a whole number of milliseconds',
    ]);
    expect(problems({ resilience: { timeout: '5000ms', retries: { attempts: 2, perTryTimeout: '2s' } } })).to.deep.equal([
      '  - resilience.timeout: got "5000ms"; expected at least perTryTimeout × (attempts + 1) = 6s so that every retry can run; raise the timeout or lower attempts/perTryTimeout',
    ]);
  });

  it('shows a cdk8s Duration timeout as a Go duration when it leaves no room for the retries', () => {
    expect(problems({ resilience: { timeout: Duration.seconds(5), retries: { attempts: 2, perTryTimeout: '2s' } } })).to.deep.equal([
      '  - resilience.timeout: got "5s"; expected at least perTryTimeout × (attempts + 1) = 6s so that every retry can run; raise the timeout or lower attempts/perTryTimeout',
    ]);
  });

  it('lets a fault match the header route header with another value, or another header with its value', () => {
    for (const match of [{ header: 'x-canary', value: 'never' }, { header: 'x-fault', value: 'always' }]) {
      const { find } = synthMesh({ versions: two(90, 10), headerRoute: { version: 'v2' }, faultInjection: { abort: { httpStatus: 503, percentage: 1 }, match } });
      const vs = find('VirtualService', 'dog-app');
      expect(vs.spec.http.map((r: { name: string }) => r.name), JSON.stringify(match)).to.deep.equal(['fault-injection', 'header-route', 'default']);
      expect(rule(vs, 'fault-injection').match).to.deep.equal([{ headers: { [match.header]: { exact: match.value } } }]);
    }
  });

  it('writes a cdk8s Duration delay as a Go duration, and a limited fault rule with the weighted split and no retries', () => {
    const { find } = synthMesh({ versions: two(90, 10), faultInjection: { delay: { fixedDelay: Duration.millis(1500), percentage: 10 }, match: { header: 'x-fault', value: 'on' } } });
    const fault = rule(find('VirtualService', 'dog-app'), 'fault-injection');
    expect(fault.fault).to.deep.equal({ delay: { fixedDelay: '1500ms', percentage: { value: 10 } } });
    expect(fault.route.map((r: { weight: number }) => r.weight)).to.deep.equal([90, 10]);
    expect(fault).to.not.have.any.keys('retries', 'timeout');
  });
});

describe('how resolved values reach the objects', () => {
  it('closes the probe paths to the allowed callers, and the metrics path only when there are metrics', () => {
    const notPaths = (props: DogAppMeshProps) => synthMesh({ ...props, analysis: false }).find('AuthorizationPolicy', 'dog-app').spec.rules[0].to[0].operation.notPaths;
    expect(notPaths({ security: { allowedPaths: ['/*'] } })).to.deep.equal(['/readyz', '/healthz', '/metrics']);
    expect(notPaths({ security: { allowedPaths: ['/*'] }, metrics: false })).to.deep.equal(['/readyz', '/healthz']);
    expect(notPaths({ security: { allowedPaths: ['/*'] }, metrics: { path: '/stats' }, probes: { startup: { path: '/started' } } })).to.deep.equal([
      '/readyz',
      '/healthz',
      '/started',
      '/stats',
    ]);
  });

  it("closes no made-up path when '*' allows everything and there are no metrics", () => {
    const { operation } = synthMesh({ security: { allowedPaths: ['*'] }, metrics: false, analysis: false }).find('AuthorizationPolicy', 'dog-app').spec.rules[0].to[0];
    expect(operation.notPaths).to.deep.equal(['/readyz', '/healthz']);
  });

  it('takes analysis options that set only the failure threshold', () => {
    const { mesh } = synthMesh({ analysis: { failureThreshold: 'Error' } });
    expect(mesh.config.name).to.equal('dog-app');
  });

  it('Gateway API: the HTTPS redirect route names no hostname for the wildcard host either', () => {
    const redirect = synthMesh({ ingress: { api: 'gateway-api', tls: { secretName: 'dogs-tls' } } }).find('HTTPRoute', 'dog-app-https-redirect');
    expect(redirect.spec).to.not.have.property('hostnames');
  });

  it('Gateway API: the ingress route names no hostname for the wildcard host', () => {
    const hostnames = (hosts: string[]) => synthMesh({ ingress: { api: 'gateway-api', hosts } }).find('HTTPRoute', 'dog-app').spec.hostnames;
    expect(hostnames(['*'])).to.equal(undefined);
    expect(hostnames(['*', 'dogs.example.com'])).to.deep.equal(['dogs.example.com']);
  });

  it('Gateway API: HTTPS without the redirect serves the app on every listener and adds no redirect route', () => {
    const { find, all } = synthMesh({ ingress: { api: 'gateway-api', tls: { secretName: 'dogs-tls', httpsRedirect: false } } });
    expect(find('HTTPRoute', 'dog-app').spec.parentRefs).to.deep.equal([{ name: 'dog-app-gateway' }]);
    expect(all('HTTPRoute').map((r) => r.metadata.name)).to.deep.equal(['dog-app', 'dog-app-mesh']);
  });

  it('Gateway API: each version gets a Service and a DestinationRule of its own with the traffic policy', () => {
    const { find } = synthMesh({ versions: two(90, 10), ingress: { api: 'gateway-api' } });
    const app = find('DestinationRule', 'dog-app').spec;
    expect(app.subsets).to.equal(undefined);
    const v2 = find('DestinationRule', 'dog-app-v2');
    expect(v2.metadata.labels).to.deep.equal({ app: 'dog-app', 'app.kubernetes.io/name': 'dog-app', version: 'v2' });
    expect(v2.spec).to.deep.equal({ host: 'dog-app-v2.dog-app.svc.cluster.local', trafficPolicy: app.trafficPolicy });
    const svc = find('Service', 'dog-app-v2');
    expect(svc.metadata.labels).to.deep.include({ version: 'v2' });
    expect(svc.spec).to.deep.include({ type: 'ClusterIP', selector: { app: 'dog-app', version: 'v2' } });
    expect(svc.spec.ports).to.deep.equal([{ name: 'http', port: 8000, targetPort: 8080 }]);
    expect(find('HTTPRoute', 'dog-app-mesh').spec.rules.at(-1).backendRefs).to.deep.equal([
      { name: 'dog-app-v1', port: 8000, weight: 90 },
      { name: 'dog-app-v2', port: 8000, weight: 10 },
    ]);
  });

  it('egress with retries: the host route retries with its own policy', () => {
    const vs = synthMesh({ egress: { tlsOrigination: true, timeout: '5s', retries: { attempts: 1, perTryTimeout: '2s' } } }).find('VirtualService', 'dog-ceo');
    expect(vs.spec.http).to.deep.equal([
      {
        name: 'dog-api',
        route: [{ destination: { host: 'dog.ceo', port: { number: 80 } } }],
        timeout: '5s',
        retries: { attempts: 1, perTryTimeout: '2s', retryOn: 'connect-failure,refused-stream,reset,503' },
      },
    ]);
  });

  it('egress without TLS origination: a TLS-only entry per host, no DestinationRule, no VirtualService', () => {
    const { find, all, mesh } = synthMesh();
    expect(find('ServiceEntry', 'dog-ceo').spec).to.deep.equal({
      hosts: ['dog.ceo'],
      exportTo: ['.'],
      location: 'MESH_EXTERNAL',
      resolution: 'DNS',
      ports: [{ number: 443, name: 'tls', protocol: 'TLS' }],
    });
    expect(all('DestinationRule').map((d) => d.metadata.name)).to.deep.equal(['dog-app']);
    expect(Object.keys(mesh.egressDestinationRules)).to.deep.equal([]);
    expect(Object.keys(mesh.egressVirtualServices)).to.deep.equal([]);
    expect(Object.keys(mesh.serviceEntries)).to.deep.equal(['dog.ceo', 'images.dog.ceo']);
  });

  it('a NodePort Service is exposed directly too', () => {
    const { find } = synthMesh({ serviceType: 'NodePort' as never });
    expect(find('Service', 'dog-app').spec.type).to.equal('NodePort');
    expect(find('PeerAuthentication', 'dog-app-exposed').spec.portLevelMtls).to.deep.equal({ 8080: { mode: 'PERMISSIVE' } });
  });

  it('a ClusterIP Service with no ingress is not exposed', () => {
    const { all } = synthMesh({ ingress: { api: 'none' }, serviceType: 'ClusterIP' as never, security: { allowedPrincipals: ['cluster.local/ns/shop/sa/orders'] } });
    expect(all('PeerAuthentication').map((p) => p.metadata.name)).to.deep.equal(['default']);
    expect(all('AuthorizationPolicy').find((p) => p.metadata.name === 'dog-app')!.spec.rules).to.have.lengthOf(1);
  });
});
