/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- these assertions walk synthesized JSON */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { InvalidPropsError } from '../../constructs/index.js';
import { loadConfig } from '../../service/config.js';
import { startServer, type RunningService } from '../../service/server.js';
import { startDogApiStub, type DogApiStub } from '../support/dog-api-stub.js';
import { freePort } from '../observability/support/prometheus-server.js';
import { errorOf, synthMesh, type K8sObject, type Synthesized } from './support.js';

interface HttpGetProbe {
  httpGet: { path: string; port: number; scheme?: string };
}

/** The URL a kubelet on the pod's network namespace requests for an HTTP probe. */
const probeUrl = (probe: HttpGetProbe) => `http://127.0.0.1:${probe.httpGet.port}${probe.httpGet.path}`;

/** The app's environment as the container gets it. */
function containerEnv(deployment: K8sObject): Record<string, string> {
  const [container] = deployment.spec.template.spec.containers;
  return Object.fromEntries((container.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
}

/**
 * The pod spec DogAppMesh writes, followed the way Kubernetes follows it: the real service is started with the
 * container's environment, and the kubelet's probes, the Service's targetPort and Prometheus' scrape annotations
 * are requested on the ports the manifest names. A probe on any other port than the one the app listens on
 * restarts every pod in a loop; a wrong targetPort or scrape port is an outage or a blind dashboard.
 */
describe('DogAppMesh pods, probed as Kubernetes and Prometheus would', function () {
  this.timeout(60_000);
  let stub: DogApiStub;
  let service: RunningService;
  let deployment: K8sObject;
  let svc: K8sObject;
  let containerPort: number;
  const servicePort = 8000;

  // The service starts once, with the environment of a first synthesis; each test then reads a manifest
  // synthesized for it, so that what it checks is what the code under test writes during that test.
  const synthesize = () => {
    const synthesized = synthMesh({ containerPort, servicePort });
    deployment = synthesized.find('Deployment', 'dog-app-v1');
    svc = synthesized.find('Service', 'dog-app');
  };

  before(async () => {
    containerPort = await freePort();
    synthesize();
    stub = await startDogApiStub();
    const config = loadConfig({ ...containerEnv(deployment), PORT: String(containerPort), HOST: '127.0.0.1', DOG_API_URL: stub.url, SHUTDOWN_DELAY_MS: '0', LOG_LEVEL: 'error' });
    service = await startServer(config, { logStream: new Writable({ write: (_chunk, _enc, done) => done() }), defaultMetrics: false });
  });

  beforeEach(synthesize);

  after(async () => {
    await service?.shutdown();
    await stub?.close();
  });

  const container = () => deployment.spec.template.spec.containers[0];

  it('tells the app to listen on the container port', () => {
    expect(containerEnv(deployment).PORT).to.equal(String(containerPort));
  });

  for (const [probe, status] of [['startupProbe', 200], ['livenessProbe', 200], ['readinessProbe', 200]] as const) {
    it(`${probe} reaches the app on its container port and gets ${status}`, async () => {
      const spec = container()[probe] as HttpGetProbe;
      expect(spec, probe).to.have.property('httpGet');
      expect(spec.httpGet.port, `${probe} port`).to.equal(containerPort);
      expect(spec.httpGet.scheme ?? 'HTTP').to.equal('HTTP');
      const res = await fetch(probeUrl(spec));
      expect(res.status, `${probe} GET ${spec.httpGet.path}`).to.equal(status);
    });
  }

  it('gives the startup probe a minute before the liveness probe may restart a slow pod', () => {
    const { startupProbe } = container();
    expect(startupProbe.periodSeconds * startupProbe.failureThreshold).to.be.at.least(60);
    expect(startupProbe.httpGet.path).to.equal(container().livenessProbe.httpGet.path);
  });

  it('exposes the app on the Service port, forwarded to a port the app listens on', async () => {
    const [port] = svc.spec.ports;
    expect(port.port).to.equal(servicePort);
    expect(port.targetPort).to.equal(containerPort);
    const declared = (container().ports as { containerPort: number; name: string }[]).find((p) => p.containerPort === port.targetPort);
    expect(declared, 'the targetPort is a declared container port').to.exist;
    const res = await fetch(`http://127.0.0.1:${port.targetPort}/healthz`);
    expect(res.status).to.equal(200);
  });

  it('annotates the pods with a scrape port and path that serve Prometheus metrics', async () => {
    const annotations = deployment.spec.template.metadata.annotations as Record<string, string>;
    expect(annotations['prometheus.io/scrape']).to.equal('true');
    const res = await fetch(`http://127.0.0.1:${annotations['prometheus.io/port']}${annotations['prometheus.io/path']}`);
    expect(res.status).to.equal(200);
    expect(await res.text()).to.match(/^# HELP http_requests_total /m);
  });
});

describe('DogAppMesh pod hardening and placement', () => {
  let find: Synthesized['find'];
  beforeEach(() => ({ find } = synthMesh({ versions: [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }] })));

  for (const version of ['v1', 'v2']) {
    const pod = () => find('Deployment', `dog-app-${version}`).spec.template;

    it(`${version}: mounts no service account token (the app never calls the Kubernetes API)`, () => {
      expect(pod().spec.automountServiceAccountToken).to.equal(false);
    });

    it(`${version}: gives the read-only container a writable /tmp of its own`, () => {
      const [container] = pod().spec.containers;
      expect(container.securityContext.readOnlyRootFilesystem).to.equal(true);
      expect(container.volumeMounts).to.deep.equal([{ mountPath: '/tmp', name: 'tmp' }]);
      expect(pod().spec.volumes).to.deep.include({ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } });
    });

    it(`${version}: spreads its own pods, and only them, over nodes and zones`, () => {
      const spread = pod().spec.topologySpreadConstraints as { labelSelector: { matchLabels: Record<string, string> } }[];
      expect(spread).to.have.lengthOf(2);
      for (const c of spread) expect(c.labelSelector.matchLabels).to.deep.equal({ app: 'dog-app', version });
    });
  }
});

describe('DogAppMesh container resources', () => {
  const resourcesOf = (props: Parameters<typeof synthMesh>[0]) => synthMesh(props).find('Deployment', 'dog-app-v1').spec.template.spec.containers[0].resources;

  it('accepts a memory request below its limit and writes both', () => {
    expect(resourcesOf({ resources: { memoryRequestMebibytes: 1024, memoryLimitMebibytes: 2048 } })).to.deep.include({
      requests: { cpu: '100m', memory: '1024Mi' },
      limits: { cpu: '500m', memory: '2048Mi' },
    });
    expect(resourcesOf({ resources: { memoryRequestMebibytes: 512, memoryLimitMebibytes: 512 } }).limits.memory).to.equal('512Mi');
  });

  it('rejects a memory request above its limit, naming the limit, the value and the request', () => {
    const props = { resources: { memoryRequestMebibytes: 300, memoryLimitMebibytes: 256 } };
    expect(() => synthMesh(props)).to.throw(InvalidPropsError);
    const message = errorOf(() => synthMesh(props));
    expect(message).to.match(/^\[test\/mesh\] invalid props:/);
    expect(message).to.include('- resources.memoryLimitMebibytes: got 256; expected at least the memory request (300)');
  });

  it('judges memory against memory, whatever the CPU numbers', () => {
    // A memory limit above the CPU limit in millicores, and a request above that: only memory numbers count.
    expect(() => synthMesh({ resources: { cpuRequestMillis: 100, cpuLimitMillis: 200, memoryRequestMebibytes: 150, memoryLimitMebibytes: 180 } })).not.to.throw();
    expect(() => synthMesh({ resources: { cpuRequestMillis: 100, cpuLimitMillis: 4000, memoryRequestMebibytes: 300, memoryLimitMebibytes: 200 } })).to.throw(
      /resources\.memoryLimitMebibytes: got 200/,
    );
  });
});
