/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { DogAppMesh, IstioOperator, MeshService, type DogAppMeshProps, type IstioOperatorProps, type MeshServiceProps } from '../../constructs/index.js';
import { errorOf } from './support.js';

// Every prop check of constructs/mesh/, each with one bad value: the whole line of the error is asserted (the
// prop as the user wrote it, the value as given, and what is allowed), so a check that names the wrong prop,
// shows another value or loses its explanation fails here.

const DNS_LABEL = "expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
const DNS_NAME = "expected a DNS name: lowercase letters, digits, '-' and '.', at most 253 characters";
const PORT = 'expected an integer port from 1 to 65535, outside 15000-15090 which Istio reserves for its proxy';
const ENV_NAME = 'expected an environment variable name: letters, digits, -, _ and ., not starting with a digit';
const IMAGE = 'expected an image reference such as "registry.example.com/dog-app-mesh:0.1.0", pinned to a tag other than "latest" or to an @sha256 digest';
const ID = 'expected an id from 1 to 2147483647 other than 1337, which Istio reserves for its proxy (traffic of that id bypasses the sidecar)';
const PROBE_TIME = 'expected a whole number of seconds from 1s to 1h, such as "5s" (Kubernetes counts probe timings in seconds)';
const HTTP_PATH = "expected an absolute path starting with '/', without whitespace";
const GO_DURATION = 'expected a Go duration such as "250ms", "5s" or "1m30s" (units h, m, s, ms) or a cdk8s Duration';
const PRINCIPAL = 'expected <trust-domain>/ns/<namespace>/sa/<service-account>';
const ENROLMENT = 'expected no mesh enrolment label here: set it through the dataplane prop, which writes exactly one';
const RETIRING = 'expected 0 for a retiring version: first move its traffic to the others, then retire it';

const two = (a: number, b: number) => [{ name: 'v1', weight: a }, { name: 'v2', weight: b }];
const bad = <T>(value: unknown) => value as T;

interface Refusal {
  readonly title: string;
  readonly props: DogAppMeshProps;
  /** Each line the error must hold, whole. */
  readonly lines: readonly string[];
}

const REFUSALS: Refusal[] = [
  { title: 'namespace', props: { namespace: 'Dogs' }, lines: [`namespace: got "Dogs"; ${DNS_LABEL}`] },
  { title: 'image without a tag', props: { image: 'dog-app-mesh' }, lines: [`image: got "dog-app-mesh"; ${IMAGE}`] },
  { title: 'replicas above 1000', props: { replicas: 1001 }, lines: ['replicas: got 1001; expected an integer from 1 to 1000'] },
  { title: 'container port 0 (and the metrics port that follows it)', props: { containerPort: 0 }, lines: [`containerPort: got 0; ${PORT}`, `metrics.port: got 0; ${PORT}`] },
  { title: 'service port in the Istio range', props: { servicePort: 15090 }, lines: [`servicePort: got 15090; ${PORT}`] },
  { title: 'maxUnavailable above 1000', props: { maxUnavailable: 1001 }, lines: ['maxUnavailable: got 1001; expected an integer from 1 to 1000'] },
  { title: 'CPU request 0', props: { resources: { cpuRequestMillis: 0 } }, lines: ['resources.cpuRequestMillis: got 0; expected an integer from 1 to 64000'] },
  { title: 'CPU limit above 64 cores', props: { resources: { cpuLimitMillis: 64_001 } }, lines: ['resources.cpuLimitMillis: got 64001; expected an integer from 1 to 64000'] },
  { title: 'memory request 0', props: { resources: { memoryRequestMebibytes: 0 } }, lines: ['resources.memoryRequestMebibytes: got 0; expected an integer from 1 to 1048576'] },
  { title: 'memory limit above 1 TiB', props: { resources: { memoryLimitMebibytes: 1_048_577 } }, lines: ['resources.memoryLimitMebibytes: got 1048577; expected an integer from 1 to 1048576'] },
  {
    title: 'memory request above the memory limit (the CPU values being fine)',
    props: { resources: { memoryRequestMebibytes: 512, memoryLimitMebibytes: 256 } },
    lines: ['resources.memoryLimitMebibytes: got 256; expected at least the memory request (512)'],
  },
  { title: 'uid above 2^31-1', props: { runAsUser: 2_147_483_648 }, lines: [`runAsUser: got 2147483648; ${ID}`] },
  { title: 'uid not an integer', props: { runAsUser: 1000.5 }, lines: [`runAsUser: got 1000.5; ${ID}`] },
  { title: 'gid 0', props: { runAsGroup: 0 }, lines: [`runAsGroup: got 0; ${ID}`] },
  { title: 'readiness path not absolute', props: { probes: { readiness: { path: 'ready' } } }, lines: [`probes.readiness.path: got "ready"; ${HTTP_PATH}`] },
  { title: 'startup path with a space', props: { probes: { startup: { path: '/start up' } } }, lines: [`probes.startup.path: got "/start up"; ${HTTP_PATH}`] },
  { title: 'readiness period 0s', props: { probes: { readiness: { period: '0s' } } }, lines: [`probes.readiness.period: got "0s"; ${PROBE_TIME}`] },
  { title: 'startup timeout above 1h', props: { probes: { startup: { timeout: '2h' } } }, lines: [`probes.startup.timeout: got "2h"; ${PROBE_TIME}`] },
  { title: 'liveness period not a duration', props: { probes: { liveness: { period: 'often' } } }, lines: [`probes.liveness.period: got "often"; ${PROBE_TIME}`] },
  { title: 'readiness failure threshold above 1000', props: { probes: { readiness: { failureThreshold: 1001 } } }, lines: ['probes.readiness.failureThreshold: got 1001; expected an integer from 1 to 1000'] },
  { title: 'metrics path not absolute', props: { metrics: { path: 'metrics' } }, lines: [`metrics.path: got "metrics"; ${HTTP_PATH}`] },
  { title: 'port variable name', props: { portEnv: '1PORT' }, lines: [`portEnv: got "1PORT"; ${ENV_NAME}`] },
  { title: 'version variable name', props: { versionEnv: 'A B' }, lines: [`versionEnv: got "A B"; ${ENV_NAME}`] },
  { title: 'env name', props: { env: { '1X': 'a' } }, lines: [`env: got "1X"; ${ENV_NAME}`] },
  { title: 'env value not a string', props: { env: { MODE: bad<string>(5) } }, lines: ['env["MODE"]: got 5; expected a string value'] },
  {
    title: 'a variable named twice',
    props: { versionEnv: 'MODE', env: { MODE: 'x' } },
    lines: ['portEnv, versionEnv, env: got ["PORT","MODE","DOG_API_URL","MODE"]; expected unique values; repeated: "MODE"'],
  },
  { title: 'namespace label key', props: { namespaceLabels: { 'bad key': 'x' } }, lines: ['namespaceLabels["bad key"]: got "bad key"; expected a label key: [prefix/]name, name up to 63 alphanumerics, -, _ or .'] },
  { title: 'the injection label', props: { namespaceLabels: { 'istio-injection': 'enabled' } }, lines: [`namespaceLabels["istio-injection"]: got "enabled"; ${ENROLMENT}`] },
  { title: 'the ambient label', props: { namespaceLabels: { 'istio.io/dataplane-mode': 'ambient' } }, lines: [`namespaceLabels["istio.io/dataplane-mode"]: got "ambient"; ${ENROLMENT}`] },
  { title: 'the waypoint label', props: { namespaceLabels: { 'istio.io/use-waypoint': 'wp' } }, lines: [`namespaceLabels["istio.io/use-waypoint"]: got "wp"; ${ENROLMENT}`] },
  { title: 'a negative drain delay', props: { shutdown: { drainDelay: '-1s' } }, lines: ['shutdown.drainDelay: got "-1s"; expected at least 0ms'] },
  { title: 'no grace at all', props: { shutdown: { grace: '0s' } }, lines: ['shutdown.grace: got "0s"; expected at least 1ms'] },
  { title: 'a grace above 1h', props: { shutdown: { grace: '61m' } }, lines: ['shutdown.grace: got "61m"; expected at most 1h (what the service accepts)'] },
  { title: 'the drain delay variable name', props: { shutdown: { drainDelayEnv: '1A' } }, lines: [`shutdown.drainDelayEnv: got "1A"; ${ENV_NAME}`] },
  { title: 'the grace variable name', props: { shutdown: { graceEnv: 'B C' } }, lines: [`shutdown.graceEnv: got "B C"; ${ENV_NAME}`] },
  { title: 'the print threshold', props: { analysis: { printThreshold: bad<'Info'>('info') } }, lines: ['analysis.printThreshold: got "info"; expected one of "Error", "Warning", "Info"'] },
  { title: 'analysis neither options nor false', props: { analysis: bad<false>('yes') }, lines: ['analysis: got "yes"; expected analysis options or false'] },
  { title: 'analysis true', props: { analysis: bad<false>(true) }, lines: ['analysis: got true; expected analysis options or false'] },
  { title: 'analysis null', props: { analysis: bad<false>(null) }, lines: ['analysis: got null; expected analysis options or false'] },
  { title: 'the dataplane mode', props: { dataplane: { mode: bad<'sidecar'>('cni') } }, lines: ['dataplane.mode: got "cni"; expected one of "sidecar", "ambient"'] },
  { title: 'the revision', props: { dataplane: { revision: 'Stable' } }, lines: [`dataplane.revision: got "Stable"; ${DNS_LABEL}`] },
  { title: 'the waypoint name', props: { dataplane: { mode: 'ambient', waypointName: 'WP' } }, lines: [`dataplane.waypointName: got "WP"; ${DNS_LABEL}`] },
  {
    title: 'more than 16 versions',
    props: { versions: Array.from({ length: 17 }, (_, i) => ({ name: `v${i}`, weight: i === 0 ? 100 : 0 })) },
    lines: [`versions: got [${Array.from({ length: 17 }, (_, i) => `"v${i}"`).join(',')}]; expected 1 to 16 versions (the Gateway API allows 16 backends per rule)`],
  },
  {
    title: 'a workload name over 63 characters',
    props: { name: 'a'.repeat(40), versions: [{ name: 'v'.repeat(23) }] },
    lines: [`versions[0].name: got "${'v'.repeat(23)}"; expected "${'a'.repeat(40)}-<version>" to be at most 63 characters`],
  },
  { title: 'retiring not a boolean', props: { versions: [{ name: 'v1', retiring: bad<boolean>('yes') }] }, lines: ['versions[0].retiring: got "yes"; expected true or false'] },
  { title: 'a retiring version with traffic', props: { versions: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10, retiring: true }] }, lines: [`versions[1].weight: got 10; ${RETIRING}`] },
  { title: 'autoscaling minimum 0', props: { versions: [{ name: 'v1', autoscaling: { minReplicas: 0, maxReplicas: 3 } }] }, lines: ['versions[0].autoscaling.minReplicas: got 0; expected an integer from 1 to 1000'] },
  { title: 'autoscaling maximum above 1000', props: { versions: [{ name: 'v1', autoscaling: { maxReplicas: 1001 } }] }, lines: ['versions[0].autoscaling.maxReplicas: got 1001; expected an integer from 1 to 1000'] },
  {
    title: 'autoscaling CPU target above 100 %',
    props: { versions: [{ name: 'v1', autoscaling: { maxReplicas: 3, cpuUtilization: 101 } }] },
    lines: ['versions[0].autoscaling.cpuUtilization: got 101; expected an integer from 1 to 100'],
  },
  { title: 'the ingress API', props: { ingress: { api: bad<'istio'>('nginx') } }, lines: ['ingress.api: got "nginx"; expected one of "istio", "gateway-api", "none"'] },
  { title: 'no ingress host', props: { ingress: { hosts: [] } }, lines: ['ingress.hosts: got []; expected at least one host'] },
  { title: 'the second ingress host', props: { ingress: { hosts: ['dogs.example.com', 'Bad_Host'] } }, lines: [`ingress.hosts[1]: got "Bad_Host"; ${DNS_NAME}, or '*' / '*.<domain>'`] },
  { title: 'the ingress port 0', props: { ingress: { port: 0 } }, lines: [`ingress.port: got 0; ${PORT}`] },
  {
    title: 'the gateway selector',
    props: { ingress: { gatewaySelector: { istio: 'bad value!' } } },
    lines: ['ingress.gatewaySelector["istio"]: got "bad value!"; expected a label value: up to 63 alphanumerics, -, _ or ., starting and ending alphanumeric'],
  },
  { title: 'a gateway service account namespace', props: { ingress: { gatewayServiceAccount: 'Bad/x' } }, lines: ['ingress.gatewayServiceAccount: got "Bad/x"; expected <namespace>/<service-account>'] },
  { title: 'a gateway service account without a name', props: { ingress: { gatewayServiceAccount: 'istio-system' } }, lines: ['ingress.gatewayServiceAccount: got "istio-system"; expected <namespace>/<service-account>'] },
  { title: 'the install method', props: { ingress: { istioInstall: bad<'helm'>('kubectl') } }, lines: ['ingress.istioInstall: got "kubectl"; expected one of "istioctl", "helm"'] },
  { title: 'a gateway service account without the Istio ingress', props: { ingress: { api: 'none', gatewayServiceAccount: 'a/b' } }, lines: ['ingress.gatewayServiceAccount: got "a/b"; expected only with ingress.api \'istio\''] },
  { title: 'an install method with the Gateway API', props: { ingress: { api: 'gateway-api', istioInstall: 'helm' } }, lines: ['ingress.istioInstall: got "helm"; expected only with ingress.api \'istio\''] },
  {
    title: 'TLS without an ingress',
    props: { ingress: { api: 'none', tls: { secretName: 'dogs-tls' } } },
    lines: ['ingress.tls: got {"secretName":"dogs-tls"}; expected only with ingress.api \'istio\' or \'gateway-api\': without an ingress gateway nothing terminates TLS'],
  },
  { title: 'the TLS Secret name', props: { ingress: { tls: { secretName: 'Dogs_TLS' } } }, lines: [`ingress.tls.secretName: got "Dogs_TLS"; ${DNS_NAME}`] },
  { title: 'the HTTPS port in the Istio range', props: { ingress: { tls: { secretName: 'dogs-tls', port: 15000 } } }, lines: [`ingress.tls.port: got 15000; ${PORT}`] },
  { title: 'the HTTPS port on the HTTP port', props: { ingress: { port: 8080, tls: { secretName: 'dogs-tls', port: 8080 } } }, lines: ['ingress.tls.port: got 8080; expected a port other than ingress.port (8080), which serves HTTP'] },
  { title: 'the redirect not a boolean', props: { ingress: { tls: { secretName: 'dogs-tls', httpsRedirect: bad<boolean>('yes') } } }, lines: ['ingress.tls.httpsRedirect: got "yes"; expected true or false'] },
  { title: 'the Service type', props: { serviceType: bad<never>('ExternalName') }, lines: ['serviceType: got "ExternalName"; expected one of "ClusterIP", "LoadBalancer", "NodePort"'] },
  {
    title: 'the trust domain (and the default metrics principal built from it)',
    props: { security: { trustDomain: 'Bad Domain' } },
    lines: [`security.trustDomain: got "Bad Domain"; ${DNS_NAME}`, `security.metricsPrincipals[0]: got "Bad Domain/ns/istio-system/sa/prometheus"; ${PRINCIPAL}`],
  },
  { title: 'the mTLS mode', props: { security: { mtlsMode: bad<'STRICT'>('DISABLE') } }, lines: ['security.mtlsMode: got "DISABLE"; expected one of "STRICT", "PERMISSIVE"'] },
  { title: 'no method', props: { security: { allowedMethods: [] } }, lines: ['security.allowedMethods: got []; expected at least one method'] },
  { title: 'no path', props: { security: { allowedPaths: [] } }, lines: ['security.allowedPaths: got []; expected at least one path'] },
  { title: 'the second allowed path', props: { security: { allowedPaths: ['/', '/a b'] } }, lines: ['security.allowedPaths[1]: got "/a b"; expected a path starting with \'/\' (or \'*\'), without whitespace'] },
  { title: 'a metrics principal', props: { security: { metricsPrincipals: ['prometheus'] } }, lines: [`security.metricsPrincipals[0]: got "prometheus"; ${PRINCIPAL}`] },
  { title: 'fromIngress not a boolean', props: { versions: two(90, 10), headerRoute: { version: 'v2', fromIngress: bad<boolean>('yes') } }, lines: ['headerRoute.fromIngress: got "yes"; expected true or false'] },
  { title: 'consecutive 5xx errors above 1000', props: { resilience: { outlierDetection: { consecutive5xxErrors: 1001 } } }, lines: ['resilience.outlierDetection.consecutive5xxErrors: got 1001; expected an integer from 0 to 1000'] },
  {
    title: 'negative local-origin failures',
    props: { resilience: { outlierDetection: { consecutiveLocalOriginFailures: -1 } } },
    lines: ['resilience.outlierDetection.consecutiveLocalOriginFailures: got -1; expected an integer from 0 to 1000'],
  },
  { title: 'the ejection time', props: { resilience: { outlierDetection: { baseEjectionTime: 'x' } } }, lines: [`resilience.outlierDetection.baseEjectionTime: got "x"; ${GO_DURATION}`] },
  { title: 'the ejection sweep interval', props: { resilience: { outlierDetection: { interval: 'x' } } }, lines: [`resilience.outlierDetection.interval: got "x"; ${GO_DURATION}`] },
  { title: 'the ejection share above 100 %', props: { resilience: { outlierDetection: { maxEjectionPercent: 101 } } }, lines: ['resilience.outlierDetection.maxEjectionPercent: got 101; expected an integer from 0 to 100'] },
  { title: 'no connection', props: { resilience: { connectionPool: { maxConnections: 0 } } }, lines: ['resilience.connectionPool.maxConnections: got 0; expected an integer from 1 to 2147483647'] },
  { title: 'the connect timeout', props: { resilience: { connectionPool: { connectTimeout: 'x' } } }, lines: [`resilience.connectionPool.connectTimeout: got "x"; ${GO_DURATION}`] },
  { title: 'no pending request', props: { resilience: { connectionPool: { http1MaxPendingRequests: 0 } } }, lines: ['resilience.connectionPool.http1MaxPendingRequests: got 0; expected an integer from 1 to 2147483647'] },
  { title: 'no concurrent request', props: { resilience: { connectionPool: { http2MaxRequests: 0 } } }, lines: ['resilience.connectionPool.http2MaxRequests: got 0; expected an integer from 1 to 2147483647'] },
  { title: 'a negative retry budget', props: { resilience: { connectionPool: { maxRetries: -1 } } }, lines: ['resilience.connectionPool.maxRetries: got -1; expected an integer from 0 to 2147483647'] },
  { title: 'the load balancer', props: { resilience: { loadBalancer: bad<'RANDOM'>('FASTEST') } }, lines: ['resilience.loadBalancer: got "FASTEST"; expected one of "LEAST_REQUEST", "ROUND_ROBIN", "RANDOM"'] },
  { title: 'the per-try timeout', props: { resilience: { retries: { perTryTimeout: 'x' } } }, lines: [`resilience.retries.perTryTimeout: got "x"; ${GO_DURATION}`] },
  {
    title: 'no retry condition',
    props: { resilience: { retries: { retryOn: '' } } },
    lines: [
      'resilience.retries.retryOn: got ""; expected a comma-separated list of Envoy retry conditions (5xx, gateway-error, reset, connect-failure, refused-stream, retriable-4xx, retriable-status-codes, cancelled, deadline-exceeded, unavailable, ...) or HTTP status codes, without spaces',
    ],
  },
  { title: 'the abort share above 100 %', props: { faultInjection: { abort: { httpStatus: 503, percentage: 101 } } }, lines: ['faultInjection.abort.percentage: got 101; expected a number from 0 to 100'] },
  {
    title: 'the fault header name',
    props: { faultInjection: { abort: { httpStatus: 503, percentage: 1 }, match: { header: 'X-Fault', value: 'on' } } },
    lines: ["faultInjection.match.header: got \"X-Fault\"; expected a lowercase HTTP header name (letters, digits and !#$%&'*+-.^_`|~), at most 256 characters"],
  },
  {
    title: 'the fault header value',
    props: { faultInjection: { abort: { httpStatus: 503, percentage: 1 }, match: { header: 'x-fault', value: '' } } },
    lines: ['faultInjection.match.value: got ""; expected a non-empty header value without control characters, at most 4096 characters'],
  },
  {
    title: 'mirroring with the Gateway API',
    props: { ingress: { api: 'gateway-api' }, versions: two(100, 0), mirror: { version: 'v2' } },
    lines: ['mirror: got {"version":"v2"}; expected no mirroring with ingress.api \'gateway-api\': DogAppMesh mirrors with the VirtualService\'s mirrorPercentage; use ingress.api \'istio\' or \'none\''],
  },
  { title: 'mirroring to an unknown version', props: { versions: two(100, 0), mirror: { version: 'v9' } }, lines: ['mirror.version: got "v9"; expected one of "v1", "v2"'] },
  {
    title: 'mirroring to a retiring version',
    props: { versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0, retiring: true }], mirror: { version: 'v2' } },
    lines: ['mirror.version: got "v2"; expected one of "v1"'],
  },
  { title: 'the mirrored share above 100 %', props: { versions: two(100, 0), mirror: { version: 'v2', percentage: 101 } }, lines: ['mirror.percentage: got 101; expected a number from 0 to 100'] },
  { title: 'the Dog API timeout', props: { egress: { tlsOrigination: true, timeout: 'x' } }, lines: [`egress.timeout: got "x"; ${GO_DURATION}`] },
  { title: 'the Dog API retries', props: { egress: { tlsOrigination: true, retries: { attempts: 11 } } }, lines: ['egress.retries.attempts: got 11; expected an integer from 0 to 10'] },
  {
    title: 'an extra host given twice',
    props: { egress: { extraHosts: ['images.dog.ceo', 'images.dog.ceo'] } },
    lines: ['egress.extraHosts: got ["dog.ceo","images.dog.ceo","images.dog.ceo"]; expected unique values; repeated: "images.dog.ceo"'],
  },
  {
    title: 'REGISTRY_ONLY without the ServiceEntries',
    props: { egress: { enabled: false, restrictOutbound: true } },
    lines: ['egress.restrictOutbound: got true; expected false when egress.enabled is false: REGISTRY_ONLY would block the hosts the app calls'],
  },
  { title: 'the load generator image', props: { loadgen: { image: 'loadgen:latest' } }, lines: [`loadgen.image: got "loadgen:latest"; ${IMAGE}`] },
  // Values of the wrong type, as a JavaScript user can pass them: refused by name, never taken by their string form
  // (['/api'] reads as "/api") nor crashing the check.
  {
    title: 'allowed paths that are not strings',
    props: { security: { allowedPaths: [bad<string>(42), bad<string>(['/api'])] } },
    lines: [
      "security.allowedPaths[0]: got 42; expected a path starting with '/' (or '*'), without whitespace",
      "security.allowedPaths[1]: got [\"/api\"]; expected a path starting with '/' (or '*'), without whitespace",
    ],
  },
  { title: 'a probe path that is a list', props: { probes: { readiness: { path: bad<string>(['/healthz']) } } }, lines: [`probes.readiness.path: got ["/healthz"]; ${HTTP_PATH}`] },
  { title: 'a metrics path that is a list', props: { metrics: { path: bad<string>(['/metrics']) } }, lines: [`metrics.path: got ["/metrics"]; ${HTTP_PATH}`] },
  { title: 'an extra host that is a number', props: { egress: { extraHosts: [bad<string>(42)] } }, lines: [`egress.extraHosts[0]: got 42; ${DNS_NAME}`] },
  {
    title: 'the eleventh extra host, by its own index',
    props: { egress: { extraHosts: [...Array.from({ length: 10 }, (_, i) => `h${i}.example.com`), '*.x.example.com'] } },
    lines: [`egress.extraHosts[10]: got "*.x.example.com"; ${DNS_NAME}`],
  },
  { title: 'an IstioOperator scope that is no construct', props: { istioOperator: { scope: bad<Chart>('chart') } }, lines: ['istioOperator.scope: got "string"; expected a construct (a Chart of its own)'] },
  { title: 'an IstioOperator scope of null', props: { istioOperator: { scope: bad<Chart>(null) } }, lines: ['istioOperator.scope: got "object"; expected a construct (a Chart of its own)'] },
  { title: "an IstioOperator id with '/'", props: { istioOperator: { scope: new Chart(Testing.app(), 'istio'), id: 'a/b' } }, lines: ["istioOperator.id: got \"a/b\"; expected a construct id without '/'"] },
  { title: 'an empty IstioOperator id', props: { istioOperator: { scope: new Chart(Testing.app(), 'istio'), id: '' } }, lines: ["istioOperator.id: got \"\"; expected a construct id without '/'"] },
  {
    title: 'a Helm install with an IstioOperator',
    props: { ingress: { istioInstall: 'helm' }, istioOperator: { scope: new Chart(Testing.app(), 'istio') } },
    lines: ["ingress.istioInstall: got \"helm\"; expected 'istioctl' with istioOperator set: the IstioOperator is istioctl's input, and istioctl installs the ingress gateway as istio-ingressgateway"],
  },
];

/** The lines of the error DogAppMesh throws for `props`, after checking its header names the construct path. */
function problemLines(props: DogAppMeshProps): string[] {
  const [header, ...lines] = errorOf(() => new DogAppMesh(new Chart(Testing.app(), 'test'), 'mesh', props)).split('\n');
  expect(header).to.equal('[test/mesh] invalid props:');
  return lines;
}

describe('DogAppMesh prop checks: every message names the prop, the value and what is allowed', () => {
  for (const r of REFUSALS) {
    it(`refuses ${r.title}`, () => {
      expect(problemLines(r.props)).to.deep.equal(r.lines.map((l) => `  - ${l}`));
    });
  }
});

describe('MeshService prop checks', () => {
  const lines = (props: Partial<MeshServiceProps>) => {
    const [header, ...rest] = errorOf(() => new MeshService(new Chart(Testing.app(), 'test'), 'shop', { name: 'shop', image: 'shop:1.0.0', ...props })).split('\n');
    expect(header).to.equal('[test/shop] invalid props:');
    return rest;
  };

  it('explains a version variable without naming managed variables when the app manages none', () => {
    expect(lines({ versions: [{ name: 'v1', env: { '1X': 'a' } }] })).to.deep.equal([`  - versions[0].env: got "1X"; ${ENV_NAME}`]);
  });

  it('checks the route name and timeout of an external host', () => {
    expect(lines({ egress: { hosts: [{ host: 'a.example.com', routeName: 'Bad' }] } })).to.deep.equal([`  - egress.hosts[0].routeName: got "Bad"; ${DNS_LABEL}`]);
    expect(lines({ egress: { hosts: [{ host: 'a.example.com' }, { host: 'b.example.com', timeout: 'x' }] } })).to.deep.equal([`  - egress.hosts[1].timeout: got "x"; ${GO_DURATION}`]);
  });
});

describe('IstioOperator prop checks', () => {
  const lines = (props: IstioOperatorProps) => {
    const [header, ...rest] = errorOf(() => new IstioOperator(new Chart(Testing.app(), 'istio'), 'operator', props)).split('\n');
    expect(header).to.equal('[istio/operator] invalid props:');
    return rest;
  };
  const zipkin = { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 };

  it('names, namespace, profile, access log and outbound policy', () => {
    expect(lines({ name: 'Bad', namespace: 'Istio', revision: 'Canary' })).to.deep.equal([
      `  - name: got "Bad"; ${DNS_LABEL}`,
      `  - namespace: got "Istio"; ${DNS_LABEL}`,
      `  - revision: got "Canary"; ${DNS_LABEL}`,
    ]);
    expect(lines({ profile: bad<'demo'>('full') })).to.deep.equal(['  - profile: got "full"; expected one of "demo", "default", "minimal", "ambient"']);
    expect(lines({ accessLogFile: 'a\nb' })).to.deep.equal(['  - accessLogFile: got "a\\nb"; expected a file path, or "" for no access log']);
    expect(lines({ accessLogFile: 'a\rb' })).to.deep.equal(['  - accessLogFile: got "a\\rb"; expected a file path, or "" for no access log']);
    expect(lines({ outboundTrafficPolicy: bad<'ALLOW_ANY'>('DENY') })).to.deep.equal(['  - outboundTrafficPolicy: got "DENY"; expected one of "ALLOW_ANY", "REGISTRY_ONLY"']);
    expect(lines({ accessLogFile: bad<string>(42) }), 'a number from JavaScript').to.deep.equal(['  - accessLogFile: got 42; expected a file path, or "" for no access log']);
  });

  it('extension providers: unique names, a name, one backend with a service and a port', () => {
    expect(lines({ extensionProviders: [{ name: 'z', zipkin }, { name: 'z', zipkin }] })).to.deep.equal(['  - extensionProviders[*].name: got ["z","z"]; expected unique values; repeated: "z"']);
    expect(lines({ extensionProviders: [{ name: 'z', zipkin }, { name: '-j', zipkin: { service: 'Bad Svc', port: 0 } }] })).to.deep.equal([
      '  - extensionProviders[1].name: got "-j"; expected a provider name: letters, digits, -, _ and .',
      `  - extensionProviders[1].zipkin.service: got "Bad Svc"; ${DNS_NAME}`,
      '  - extensionProviders[1].zipkin.port: got 0; expected an integer from 1 to 65535',
    ]);
    expect(lines({ extensionProviders: [{ name: 'otel', opentelemetry: { service: 'otel', port: 70_000 } }] })).to.deep.equal([
      '  - extensionProviders[0].opentelemetry.port: got 70000; expected an integer from 1 to 65535',
    ]);
    expect(lines({ extensionProviders: [{ name: 'none' }] })).to.deep.equal(['  - extensionProviders[0]: got []; expected exactly one backend: opentelemetry or zipkin']);
    expect(lines({ extensionProviders: [{ name: bad<string>(['otel']), zipkin }, { name: 'otel x', zipkin }] }), 'a list, and a space after valid characters').to.deep.equal([
      '  - extensionProviders[0].name: got ["otel"]; expected a provider name: letters, digits, -, _ and .',
      '  - extensionProviders[1].name: got "otel x"; expected a provider name: letters, digits, -, _ and .',
    ]);
  });

  it('accepts provider names with dots, dashes and underscores, and an empty access log', () => {
    const operator = new IstioOperator(new Chart(Testing.app(), 'istio'), 'operator', { extensionProviders: [{ name: 'Jaeger_1.otel-x', zipkin }], accessLogFile: '' });
    expect(operator.apiObject.toJson().spec.meshConfig).to.deep.include({ accessLogFile: '', defaultProviders: { tracing: ['Jaeger_1.otel-x'] } });
  });
});

describe('apps sharing a namespace: each disagreement is named', () => {
  const second = (first: DogAppMeshProps, props: DogAppMeshProps) => {
    const chart = new Chart(Testing.app(), 'apps');
    new DogAppMesh(chart, 'dogs', first);
    const [header, ...rest] = errorOf(() => new DogAppMesh(chart, 'cats', { name: 'cat-app', ...props })).split('\n');
    expect(header).to.equal('[apps/cats] invalid props:');
    return rest;
  };
  const as = 'as apps/dogs, which shares namespace "dog-app" in this chart';

  it('the enrolment, the labels, the authorization and the Sidecar', () => {
    expect(second({}, { dataplane: { revision: 'canary' } })).to.deep.equal([
      `  - dataplane: got {"mode":"sidecar","revision":"canary","waypointName":"waypoint"}; expected {"mode":"sidecar","waypointName":"waypoint"}, ${as}: the namespace has one mesh enrolment`,
    ]);
    expect(second({}, { namespaceLabels: { team: 'cats' } })).to.deep.equal([`  - namespaceLabels: got {"team":"cats"}; expected {}, ${as}: the namespace has one set of labels`]);
    expect(second({}, { security: { authorization: false } })).to.deep.equal([
      `  - security.authorization: got false; expected true, ${as}: the deny-all AuthorizationPolicy covers the whole namespace`,
    ]);
    expect(second({}, { egress: { restrictOutbound: true } })).to.deep.equal([
      `  - egress.restrictOutbound: got true; expected false, ${as}: the Sidecar resource applies to the whole namespace`,
    ]);
  });

  it('a shared host registered with other settings', () => {
    const retries = '{"attempts":0,"perTryTimeout":"1s","retryOn":"connect-failure,refused-stream,reset,503"}';
    expect(second({ egress: { tlsOrigination: true } }, { egress: { tlsOrigination: true, timeout: '4s' } })).to.deep.equal([
      `  - egress.apiHost: got {"tlsOrigination":true,"timeout":"4s","retries":${retries},"routeName":"dog-api"}; expected {"tlsOrigination":true,"timeout":"3s","retries":${retries},"routeName":"dog-api"}, as apps/dogs, which registered dog.ceo in namespace "dog-app": the host's ServiceEntry and TLS origination are shared`,
    ]);
  });

  it('agrees when the settings match, and registers a host only the second app calls', () => {
    const chart = new Chart(Testing.app(), 'apps');
    new DogAppMesh(chart, 'dogs', { namespaceLabels: { team: 'pets' } });
    const cats = new DogAppMesh(chart, 'cats', { name: 'cat-app', namespaceLabels: { team: 'pets' }, egress: { extraHosts: ['cdn.example.com'] } });
    expect(Object.keys(cats.serviceEntries)).to.deep.equal(['dog.ceo', 'cdn.example.com']);
  });
});
