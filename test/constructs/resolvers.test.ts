import { expect } from 'chai';
import { Testing } from 'cdk8s';
import { PropChecker } from '../../constructs/prop-errors.js';
import { resolveDataplane, resolveNamespaceLabels } from '../../constructs/mesh/dataplane.js';
import { resolveEgress } from '../../constructs/mesh/egress.js';
import { resolveIngress, resolveServiceType } from '../../constructs/mesh/ingress.js';
import { resolveResilience, resolveRetries, DEFAULT_RETRIES } from '../../constructs/mesh/resilience.js';
import { resolveFault, resolveHeaderRoute } from '../../constructs/mesh/routing.js';
import { resolveSecurity } from '../../constructs/mesh/security.js';
import { resolveShutdown } from '../../constructs/mesh/shutdown.js';
import { resolveVersions } from '../../constructs/mesh/versions.js';
import { checkRunAs, resolveEnv, resolveMetrics, resolveProbes, resolveResources } from '../../constructs/mesh/workload.js';
import { dogAppServiceProps } from '../../constructs/mesh/dog-app.js';

/** A checker for resolver tests: no construct is built, only its path is used in messages. */
const checker = () => new PropChecker(Testing.app());
const props = (check: PropChecker) => check.problems.map((p) => p.prop);

describe('per-part resolvers', () => {
  it('shutdown: derives the termination grace period and bounds each timing', () => {
    const check = checker();
    expect(resolveShutdown(check, { drainDelay: '2500ms', grace: '1m', graceEnv: 'GRACE_MS' })).to.deep.equal({ drainDelayMs: 2500, graceMs: 60_000, terminationGracePeriodSeconds: 68, drainDelayEnv: undefined, graceEnv: 'GRACE_MS' });
    expect(check.problems).to.deep.equal([]);
    resolveShutdown(check, { drainDelay: '11m', grace: '0s' });
    expect(props(check)).to.deep.equal(['shutdown.grace', 'shutdown.drainDelay']);
  });

  it('workload: requests may not exceed limits; ids are neither root nor the proxy', () => {
    const check = checker();
    expect(resolveResources(check, undefined)).to.deep.equal({ cpuRequestMillis: 100, cpuLimitMillis: 500, memoryRequestMebibytes: 128, memoryLimitMebibytes: 256 });
    resolveResources(check, { cpuRequestMillis: 600 });
    checkRunAs(check, { runAsUser: 1337, runAsGroup: 0 });
    expect(props(check)).to.deep.equal(['resources.cpuLimitMillis', 'runAsUser', 'runAsGroup']);
  });

  it('dataplane: ambient has no revision and no hold annotation; enrolment labels are refused', () => {
    const check = checker();
    expect(resolveDataplane(check, { mode: 'ambient' })).to.deep.equal({ mode: 'ambient', revision: undefined, waypointName: 'waypoint', holdApplicationUntilProxyStarts: false });
    resolveDataplane(check, { mode: 'ambient', revision: 'canary' });
    resolveDataplane(check, { waypointName: 'wp' });
    resolveNamespaceLabels(check, { 'istio-injection': 'enabled', team: 'dogs' });
    expect(props(check)).to.deep.equal(['dataplane.revision', 'dataplane.waypointName', 'namespaceLabels["istio-injection"]']);
  });

  it('versions: weights default to 100 for the first, must add up to 100, and managed env is refused', () => {
    const check = checker();
    const ctx = { name: 'shop', image: 'shop:1.0.0', replicas: 3, managedEnv: ['PORT'], construct: 'MeshService' };
    const [v1, v2] = resolveVersions(check, [{ name: 'v1' }, { name: 'v2', autoscaling: { maxReplicas: 5 } }], ctx);
    expect(v1).to.include({ weight: 100, replicas: 3, image: 'shop:1.0.0', workloadName: 'shop-v1' });
    expect(v2).to.include({ weight: 0, replicas: undefined });
    expect(check.problems).to.deep.equal([]);
    resolveVersions(check, [{ name: 'v1', weight: 50, env: { PORT: '1' } }], ctx);
    expect(check.problems.map((p) => [p.prop, p.allowed.slice(0, 40)])).to.deep.equal([
      ['versions[0].env', 'expected environment variable names othe'],
      ['versions[*].weight', 'expected integer percentages from 0 to 1'],
    ]);
  });

  it('ingress: the API follows the dataplane, and the Service is never exposed directly in ambient mode', () => {
    const check = checker();
    expect(resolveIngress(check, undefined, { name: 'shop', ambient: true })).to.include({ api: 'gateway-api', gatewayName: 'shop-gateway' });
    expect(resolveIngress(check, undefined, { name: 'shop', ambient: false }).gatewayServiceAccount).to.deep.equal({ namespace: 'istio-system', name: 'istio-ingressgateway-service-account' });
    expect(resolveServiceType(check, undefined, { ingressApi: 'none', ambient: false })).to.deep.equal({ serviceType: 'LoadBalancer', exposedDirectly: true });
    expect(check.problems).to.deep.equal([]);
    resolveIngress(check, { api: 'gateway-api', gatewaySelector: { istio: 'ingress' }, gatewayServiceAccount: 'a/b/c' }, { name: 'shop', ambient: false });
    resolveServiceType(check, undefined, { ingressApi: 'none', ambient: true });
    expect(props(check)).to.deep.equal(['ingress.gatewayServiceAccount', 'ingress.gatewaySelector', 'ingress.gatewayServiceAccount', 'serviceType']);
  });

  it('resilience: the timeout leaves room for every retry, and the Gateway API takes no retries', () => {
    const check = checker();
    const resolved = resolveResilience(check, { timeout: '1m' }, { gatewayApi: false });
    expect(resolved).to.deep.include({ timeout: '1m', retries: { attempts: 2, perTryTimeout: '3s', retryOn: DEFAULT_RETRIES.retryOn } });
    expect(resolveResilience(check, undefined, { gatewayApi: true }).retries).to.equal(undefined);
    expect(check.problems).to.deep.equal([]);
    resolveRetries(check, 'x', { attempts: 3, perTryTimeout: '2s' }, DEFAULT_RETRIES, '7s');
    resolveResilience(check, { retries: {} }, { gatewayApi: true });
    expect(check.problems.map((p) => [p.prop, p.value])).to.deep.equal([['x.timeout', '7s'], ['resilience.retries', {}]]);
    expect(check.problems[0].allowed).to.include('= 8s');
  });

  it('routing: the header route names a version, and a fault match may not shadow it', () => {
    const check = checker();
    const headerRoute = resolveHeaderRoute(check, { version: 'v2' }, ['v1', 'v2']);
    expect(headerRoute).to.deep.equal({ version: 'v2', header: 'x-canary', value: 'always', fromIngress: false });
    expect(resolveFault(check, { delay: { fixedDelay: '1500ms', percentage: 10 } }, { gatewayApi: false, headerRoute })).to.deep.equal({
      delay: { fixedDelay: '1500ms', percentage: 10 },
      abort: undefined,
      match: undefined,
    });
    expect(check.problems).to.deep.equal([]);
    resolveHeaderRoute(check, { version: 'v3' }, ['v1']);
    resolveFault(check, { abort: { httpStatus: 503, percentage: 5 }, match: { header: 'x-canary', value: 'always' } }, { gatewayApi: true, headerRoute });
    expect(props(check)).to.deep.equal(['headerRoute.version', 'faultInjection', 'faultInjection.match']);
  });

  it('security: principals and paths are checked; probe and metrics paths the allowed paths match are closed', () => {
    const check = checker();
    const closedPaths = ['/readyz', '/healthz', '/healthz', '/metrics'];
    const resolved = resolveSecurity(check, { trustDomain: 'example.org' }, { allowedMethods: ['GET'], allowedPaths: ['/*'], closedPaths });
    expect(resolved.metricsPrincipals).to.deep.equal(['example.org/ns/istio-system/sa/prometheus']);
    expect(resolved.notPaths).to.deep.equal(['/readyz', '/healthz', '/metrics']);
    expect(resolveSecurity(check, { allowedPaths: ['/', '/api/*', '*.css'] }, { allowedMethods: ['GET'], allowedPaths: [], closedPaths }).notPaths).to.deep.equal([]);
    expect(resolveSecurity(check, { allowedPaths: ['*z'] }, { allowedMethods: ['GET'], allowedPaths: [], closedPaths }).notPaths).to.deep.equal(['/readyz', '/healthz']);
    expect(resolveSecurity(check, { allowedPaths: ['/', '/healthz'] }, { allowedMethods: ['GET'], allowedPaths: [], closedPaths }).notPaths, 'closed by one allowed path of several').to.deep.equal(['/healthz']);
    expect(check.problems).to.deep.equal([]);
    resolveSecurity(check, { allowedMethods: ['FETCH'], allowedPaths: ['api'], allowedPrincipals: ['default/sa'] }, { allowedMethods: [], allowedPaths: [], closedPaths });
    expect(props(check)).to.deep.equal(['security.allowedMethods[0]', 'security.allowedPaths[0]', 'security.allowedPrincipals[0]']);
  });

  it('egress: hosts are unique DNS names; options that need the ServiceEntry or a sidecar are refused without them', () => {
    const check = checker();
    const resolved = resolveEgress(check, { hosts: [{ host: 'api.example.com', tlsOrigination: true, retries: { attempts: 1, perTryTimeout: '1s' } }, { host: 'cdn.example.com' }] }, { ambient: false });
    expect(resolved.hosts.map((h) => [h.host, h.objectName, h.tlsOrigination, h.timeout, h.routeName])).to.deep.equal([
      ['api.example.com', 'api-example-com', true, '3s', 'api-example-com'],
      ['cdn.example.com', 'cdn-example-com', false, '3s', 'cdn-example-com'],
    ]);
    expect(resolveEgress(check, { enabled: false, hosts: [{ host: 'a.example.com' }] }, { ambient: false }).hosts).to.deep.equal([]);
    expect(check.problems).to.deep.equal([]);
    resolveEgress(check, { enabled: false, hosts: [{ host: 'a.example.com', tlsOrigination: true }, { host: 'a.example.com' }], restrictOutbound: true }, { ambient: false });
    resolveEgress(check, { restrictOutbound: true }, { ambient: true });
    resolveEgress(check, { hosts: [{ host: '*.example.com', timeout: '1s', retries: { attempts: 1, perTryTimeout: '1s' } }] }, { ambient: false });
    expect(props(check)).to.deep.equal([
      'egress.hosts[0].tlsOrigination',
      'egress.hosts',
      'egress.restrictOutbound',
      'egress.restrictOutbound',
      'egress.hosts[0].host',
      'egress.hosts[0].timeout',
    ]);
  });

  it('probes and metrics: paths, whole-second timings and thresholds; metrics can be turned off', () => {
    const check = checker();
    const probes = resolveProbes(check, { readiness: { path: '/ready', period: '15s' }, startup: { failureThreshold: 60 } });
    expect(probes.readiness).to.deep.equal({ path: '/ready', periodSeconds: 15, timeoutSeconds: 2, failureThreshold: 3 });
    expect(probes.liveness).to.deep.equal({ path: '/healthz', periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 });
    expect(probes.startup).to.deep.equal({ path: '/healthz', periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 60 });
    expect(resolveMetrics(check, undefined, 8080)).to.deep.equal({ path: '/metrics', port: 8080 });
    expect(resolveMetrics(check, false, 8080)).to.equal(undefined);
    expect(check.problems).to.deep.equal([]);
    resolveProbes(check, { liveness: { path: 'healthz', period: '1500ms', timeout: '0s', failureThreshold: 0 } });
    resolveMetrics(check, { path: '/prom', port: 15020 }, 8080);
    expect(props(check)).to.deep.equal(['probes.liveness.path', 'probes.liveness.period', 'probes.liveness.timeout', 'probes.liveness.failureThreshold', 'metrics.port']);
  });

  it('env: names Kubernetes accepts, none given twice', () => {
    const check = checker();
    expect(resolveEnv(check, { portEnv: 'HTTP_PORT', env: { MODE: 'prod' } })).to.deep.equal({ portEnv: 'HTTP_PORT', versionEnv: undefined, env: { MODE: 'prod' } });
    expect(check.problems).to.deep.equal([]);
    resolveEnv(check, { portEnv: '1PORT', versionEnv: 'MODE', env: { MODE: 'x' } });
    expect(props(check)).to.deep.equal(['portEnv', 'portEnv, versionEnv, env']);
  });

  it("DogAppMesh: the Dog API egress becomes the first external host, and MeshService's prop names map back", () => {
    const { props: translated, rename } = dogAppServiceProps({ egress: { tlsOrigination: true, extraHosts: ['a.example.com', 'b.example.com'], hosts: [{ host: 'c.example.com' }] } });
    expect(translated.egress?.hosts?.map((h) => h.host)).to.deep.equal(['dog.ceo', 'a.example.com', 'b.example.com', 'c.example.com']);
    expect(translated.env).to.deep.equal({ DOG_API_URL: 'http://dog.ceo' });
    expect(translated).to.include({ name: 'dog-app', namespace: 'dog-app', portEnv: 'PORT', versionEnv: 'APP_VERSION' });
    expect(
      ['egress.hosts[0].host', 'egress.hosts[0].retries.attempts', 'egress.hosts[2].host', 'egress.hosts[3].host', 'egress.hosts', 'egress.restrictOutbound'].map(rename),
    ).to.deep.equal(['egress.apiHost', 'egress.retries.attempts', 'egress.extraHosts[1]', 'egress.hosts[0].host', 'egress.extraHosts', 'egress.restrictOutbound']);
  });
});
