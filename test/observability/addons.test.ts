/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- synthesized manifests and parsed YAML are untyped JSON; the assertions check their shape */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parse } from 'yaml';
import { InvalidPropsError, type ObservabilityAddons, type ObservabilityAddonsProps } from '../../constructs/index.js';
import { find, synthAddons, type K8sObject } from './support/addons-synth.js';
import { parseManifests, synthProject } from '../support/synth.js';

const runFile = promisify(execFile);
const podSpec = (d: K8sObject) => d.spec.template.spec as { containers: { image: string; env?: { name: string; value?: string; valueFrom?: unknown }[]; ports: { containerPort: number; name: string }[] }[] };
const servicePorts = (s: K8sObject) => (s.spec.ports as { name: string; port: number; targetPort: number }[]).map((p) => [p.name, p.port, p.targetPort]);

interface Ref {
  name: string;
  optional?: boolean;
}
interface ContainerRefs {
  name: string;
  env?: { name: string; valueFrom?: { secretKeyRef?: Ref; configMapKeyRef?: Ref } }[];
  envFrom?: { secretRef?: Ref; configMapRef?: Ref }[];
}
/** What a pod spec refers to by name: its ServiceAccount, volumes from Secrets and ConfigMaps, env sources. */
interface PodRefs {
  serviceAccountName?: string;
  volumes?: { name: string; secret?: { secretName: string; optional?: boolean }; configMap?: Ref }[];
  initContainers?: ContainerRefs[];
  containers: ContainerRefs[];
}

function invalid(props: ObservabilityAddonsProps): InvalidPropsError {
  try {
    synthAddons(props);
  } catch (err) {
    if (err instanceof InvalidPropsError) return err;
    throw err;
  }
  throw new Error(`props accepted: ${JSON.stringify(props)}`);
}

describe('ObservabilityAddons', () => {
  describe('with defaults', () => {
    // Synthesized for each test, so that every check reads objects built while it runs.
    let addons: ObservabilityAddons;
    let objects: K8sObject[];
    let deployments: K8sObject[];
    beforeEach(() => {
      ({ addons, objects } = synthAddons());
      deployments = objects.filter((o) => o.kind === 'Deployment');
    });

    it('puts every namespaced object in istio-system and nothing in another namespace', () => {
      const cluster = new Set(['ClusterRole', 'ClusterRoleBinding']);
      for (const o of objects) {
        if (cluster.has(o.kind)) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).to.equal(undefined);
        else expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).to.equal('istio-system');
      }
    });

    it('runs Prometheus, Grafana, Kiali and Jaeger, each one replica kept out of the mesh', () => {
      expect(deployments.map((d) => d.metadata.name).sort()).to.deep.equal(['grafana', 'jaeger', 'kiali', 'prometheus']);
      for (const d of deployments) {
        const labels = d.spec.template.metadata.labels as Record<string, string>;
        expect(labels['sidecar.istio.io/inject'], d.metadata.name).to.equal('false');
        expect(labels.app, d.metadata.name).to.equal(d.metadata.name);
        expect(d.spec.selector.matchLabels, d.metadata.name).to.deep.equal({ app: d.metadata.name });
        expect(d.spec.replicas).to.equal(1);
      }
    });

    it('pins the images Istio 1.30 ships', () => {
      const images = Object.fromEntries(deployments.map((d) => [d.metadata.name, podSpec(d).containers[0].image]));
      expect(images).to.deep.equal({
        prometheus: 'docker.io/prom/prometheus:v3.10.0',
        grafana: 'docker.io/grafana/grafana:12.0.1',
        kiali: 'quay.io/kiali/kiali:v2.26',
        jaeger: 'docker.io/jaegertracing/jaeger:2.14.0',
      });
    });

    it('gives every container probes, requests and limits, and a non-root read-only root filesystem', () => {
      for (const d of deployments) {
        const pod = d.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, d.metadata.name).to.equal(true);
        expect(pod.securityContext.runAsUser, d.metadata.name).to.be.a('number').above(0).and.not.equal(1337);
        for (const c of pod.containers) {
          expect(c.readinessProbe, d.metadata.name).to.be.an('object');
          expect(c.livenessProbe, d.metadata.name).to.be.an('object');
          expect(c.resources.requests, d.metadata.name).to.have.keys('cpu', 'memory');
          expect(c.resources.limits, d.metadata.name).to.have.keys('cpu', 'memory');
          expect(c.securityContext).to.include({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false });
          expect(c.securityContext.capabilities).to.deep.equal({ drop: ['ALL'] });
          expect(c.imagePullPolicy).to.equal('IfNotPresent');
        }
      }
    });

    it("runs every addon pod, Zipkin's too, under the container runtime's default seccomp profile, as the app's pods", () => {
      const zipkin = synthAddons({ tracing: { backend: 'zipkin' } }).objects.filter((o) => o.kind === 'Deployment');
      const all = [...deployments, ...zipkin];
      expect(new Set(all.map((d) => d.metadata.name))).to.have.keys('prometheus', 'grafana', 'kiali', 'jaeger', 'zipkin');
      for (const d of all) expect(d.spec.template.spec.securityContext.seccompProfile, d.metadata.name).to.deep.equal({ type: 'RuntimeDefault' });
    });

    it('exposes each addon on its well-known port, selecting its pods by app', () => {
      expect(servicePorts(find(objects, 'Service', 'prometheus'))).to.deep.equal([['http', 9090, 9090]]);
      expect(servicePorts(find(objects, 'Service', 'grafana'))).to.deep.equal([['http', 3000, 3000]]);
      expect(servicePorts(find(objects, 'Service', 'kiali'))).to.deep.equal([['http', 20001, 20001], ['http-metrics', 9090, 9090]]);
      expect(servicePorts(find(objects, 'Service', 'tracing'))).to.deep.equal([['http-query', 16686, 16686], ['grpc-query', 16685, 16685]]);
      expect(servicePorts(find(objects, 'Service', 'jaeger-collector'))).to.deep.equal([
        ['grpc-otlp', 4317, 4317],
        ['http-otlp', 4318, 4318],
        ['http-zipkin', 9411, 9411],
      ]);
      for (const svc of objects.filter((o) => o.kind === 'Service')) {
        const deployment = find(objects, 'Deployment', svc.spec.selector.app as string);
        const containerPorts = podSpec(deployment).containers[0].ports.map((p) => p.containerPort);
        for (const [, , target] of servicePorts(svc)) expect(containerPorts, `${svc.metadata.name} → ${target}`).to.include(target);
      }
    });

    it('lets Prometheus and Kiali discover the cluster through ClusterRoles bound to their ServiceAccounts', () => {
      for (const name of ['prometheus', 'kiali']) {
        const binding = find(objects, 'ClusterRoleBinding', name);
        expect(binding.roleRef).to.deep.include({ kind: 'ClusterRole', name });
        expect(binding.subjects).to.deep.equal([{ apiGroup: '', kind: 'ServiceAccount', name, namespace: 'istio-system' }]);
        expect(find(objects, 'Deployment', name).spec.template.spec.serviceAccountName).to.equal(name);
      }
      const rules = find(objects, 'ClusterRole', 'prometheus').rules as { resources: string[]; verbs: string[] }[];
      const readable = rules.filter((r) => r.verbs.includes('list') && r.verbs.includes('watch')).flatMap((r) => r.resources);
      expect(readable).to.include.members(['pods', 'services', 'endpointslices']);
      expect(readable, 'the v1 Endpoints API, deprecated in Kubernetes 1.33').to.not.include('endpoints');
    });

    it('keeps Kiali read-only by default: no verb that changes anything but reviews and port-forwards', () => {
      const rules = find(objects, 'ClusterRole', 'kiali').rules as { resources: string[]; verbs: string[] }[];
      const writes = rules.filter((r) => r.verbs.some((v) => !['get', 'list', 'watch'].includes(v)));
      expect(writes.flatMap((r) => r.resources).sort()).to.deep.equal(['pods/portforward', 'selfsubjectaccessreviews', 'tokenreviews']);
      expect(parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']).deployment.view_only_mode).to.equal(true);
    });

    // Kiali 2.x reaches istiod (/ready, /version, /debug/syncz) and proxies (config dump) by port-forward;
    // the kiali-server chart's templates/clusterrole-viewer.yaml and Istio's samples/addons/kiali.yaml grant it.
    it("lets view-only Kiali port-forward to istiod and the proxies, as Kiali's own viewer role does", () => {
      for (const viewOnly of [true, false]) {
        const rules = find(synthAddons({ kiali: { viewOnly } }).objects, 'ClusterRole', 'kiali').rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
        const portForward = rules.filter((r) => r.resources.includes('pods/portforward'));
        expect(portForward, `viewOnly ${viewOnly}`).to.have.length(1);
        expect(portForward[0].apiGroups).to.deep.equal(['']);
        expect(portForward[0].verbs).to.have.members(['create', 'post']);
      }
    });

    it('writes only Kiali v2 configuration keys: the mesh root namespace under external_services.istio', () => {
      const config = parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']);
      expect(config).to.not.have.property('istio_namespace');
      expect(Object.keys(config as object).sort()).to.deep.equal(['auth', 'deployment', 'external_services', 'server']);
      expect(config.external_services.istio).to.deep.equal({ root_namespace: 'istio-system' });
      const custom = parse(find(synthAddons({ istioNamespace: 'istio-control' }).objects, 'ConfigMap', 'kiali').data!['config.yaml']);
      expect(custom.external_services.istio.root_namespace).to.equal('istio-control');
    });

    it('reads Grafana admin credentials from an optional Secret and writes no password anywhere', () => {
      const env = podSpec(find(objects, 'Deployment', 'grafana')).containers[0].env!;
      const byName = Object.fromEntries(env.map((e) => [e.name, e]));
      expect(byName.GF_SECURITY_ADMIN_USER.valueFrom).to.deep.equal({ secretKeyRef: { name: 'grafana-admin', key: 'admin-user', optional: true } });
      expect(byName.GF_SECURITY_ADMIN_PASSWORD.valueFrom).to.deep.equal({ secretKeyRef: { name: 'grafana-admin', key: 'admin-password', optional: true } });
      expect(byName.GF_SECURITY_ADMIN_PASSWORD.value).to.equal(undefined);
      expect(byName.GF_AUTH_ANONYMOUS_ENABLED.value).to.equal('false');
      expect(objects.filter((o) => o.kind === 'Secret')).to.deep.equal([]);
    });

    it('points Grafana and Kiali at the Services the construct made, by URLs derived from them', () => {
      const prometheusUrl = 'http://prometheus.istio-system.svc.cluster.local:9090';
      const datasources = parse(find(objects, 'ConfigMap', 'grafana-provisioning').data!['datasources.yaml']);
      expect(datasources.datasources).to.have.length(1);
      expect(datasources.datasources[0]).to.include({ type: 'prometheus', uid: 'prometheus', url: prometheusUrl, isDefault: true });
      expect(datasources.datasources[0].jsonData.timeInterval).to.equal(addons.prometheus.config.global.scrape_interval);
      expect(addons.grafana.datasourceUrl).to.equal(prometheusUrl);

      const kiali = parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']).external_services;
      expect(kiali.prometheus.url).to.equal(prometheusUrl);
      expect(kiali.grafana).to.include({ enabled: true, internal_url: 'http://grafana.istio-system.svc.cluster.local:3000' });
      expect(kiali.grafana.dashboards).to.deep.equal([{ name: 'Dog app', variables: { namespace: 'var-namespace', app: 'var-app' } }]);
      expect(kiali.tracing).to.include({
        enabled: true,
        provider: 'jaeger',
        internal_url: 'http://tracing.istio-system.svc.cluster.local:16685/jaeger',
        use_grpc: true,
        external_url: 'http://localhost:16686/jaeger',
      });
    });

    describe("Grafana's start command, run by /bin/sh as the container would", () => {
      let stderr = '';
      /** The environment Grafana's entrypoint would get: the command with the entrypoint swapped for `env`. */
      async function startEnv(env: Record<string, string>): Promise<Record<string, string>> {
        const command = podSpec(find(objects, 'Deployment', 'grafana')).containers[0] as unknown as { command: string[]; args?: string[] };
        expect(command.command.at(-1), 'the image entrypoint comes last').to.equal('/run.sh');
        expect(command.args).to.equal(undefined);
        const [shell, ...rest] = command.command;
        const run = await runFile(shell, [...rest.slice(0, -1), 'env'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
        stderr = run.stderr;
        const stdout = run.stdout;
        return Object.fromEntries(stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      }

      it('keeps the password of the admin Secret when there is one', async () => {
        expect((await startEnv({ GF_SECURITY_ADMIN_PASSWORD: 's3cret-from-secret' })).GF_SECURITY_ADMIN_PASSWORD).to.equal('s3cret-from-secret');
        expect(stderr).to.equal('');
      });

      it("makes a random password for each start without the Secret, never Grafana's default admin", async () => {
        const first = (await startEnv({})).GF_SECURITY_ADMIN_PASSWORD;
        expect(stderr, 'the pod log says why the admin login is disabled').to.include('no admin password Secret: admin login disabled');
        const second = (await startEnv({ GF_SECURITY_ADMIN_PASSWORD: '' })).GF_SECURITY_ADMIN_PASSWORD;
        expect(first).to.match(/^[A-Za-z0-9]{32}$/);
        expect(second).to.match(/^[A-Za-z0-9]{32}$/);
        expect(second).to.not.equal(first);
      });
    });

    it('provisions both dashboards and makes the mesh overview the home page', () => {
      const dashboards = find(objects, 'ConfigMap', 'grafana-dashboards').data!;
      expect(Object.keys(dashboards).sort()).to.deep.equal(['dog-app.json', 'mesh-overview.json']);
      const providers = parse(find(objects, 'ConfigMap', 'grafana-provisioning').data!['dashboards.yaml']).providers;
      const pod = find(objects, 'Deployment', 'grafana').spec.template.spec;
      const mount = (pod.containers[0].volumeMounts as { name: string; mountPath: string }[]).find((m) => m.mountPath === providers[0].options.path);
      const volume = (pod.volumes as { name: string; configMap?: { name: string } }[]).find((v) => v.name === mount?.name);
      expect(volume?.configMap?.name).to.equal('grafana-dashboards');
      const home = podSpec(find(objects, 'Deployment', 'grafana')).containers[0].env!.find((e) => e.name === 'GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH');
      expect(home?.value).to.equal(`${providers[0].options.path}/mesh-overview.json`);
    });

    it('turns tracing on mesh-wide with a Telemetry that names the extension provider it exposes', () => {
      expect(addons.meshExtensionProvider).to.deep.equal({
        name: 'jaeger',
        opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 },
      });
      const telemetry = find(objects, 'Telemetry', 'mesh-default');
      expect(telemetry.apiVersion).to.equal('telemetry.istio.io/v1');
      expect(telemetry.metadata.namespace).to.equal('istio-system');
      expect(telemetry.spec.selector).to.equal(undefined);
      expect(telemetry.spec.tracing).to.deep.equal([{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 1 }]);
      const collector = find(objects, 'Service', 'jaeger-collector');
      const port = servicePorts(collector).find(([name]) => name === 'grpc-otlp')!;
      expect(`${collector.metadata.name}.${collector.metadata.namespace}.svc.cluster.local`).to.equal(addons.meshExtensionProvider.opentelemetry!.service);
      expect(port[1]).to.equal(addons.meshExtensionProvider.opentelemetry!.port);
    });

    it('rolls a pod when its configuration changes, through a checksum annotation', () => {
      const checksum = (o: K8sObject[]) => find(o, 'Deployment', 'prometheus').spec.template.metadata.annotations['checksum/config'] as string;
      expect(checksum(objects)).to.match(/^[0-9a-f]{16}$/);
      expect(checksum(synthAddons({ prometheus: { scrapeInterval: '30s' } }).objects)).to.not.equal(checksum(objects));
      expect(checksum(synthAddons().objects)).to.equal(checksum(objects));
    });
  });

  describe('with props', () => {
    it('applies the namespace, retention, scrape interval and images', () => {
      const { objects } = synthAddons({
        namespace: 'observability',
        prometheus: { retention: '7d', scrapeInterval: '30s', image: 'registry.example/prometheus:v3.10.0' },
        grafana: { image: 'registry.example/grafana:12.0.1' },
        kiali: { image: 'registry.example/kiali:v2.26' },
        tracing: { image: 'registry.example/jaeger:2.14.0' },
      });
      const prometheus = find(objects, 'Deployment', 'prometheus');
      expect(prometheus.metadata.namespace).to.equal('observability');
      expect(podSpec(prometheus).containers[0].image).to.equal('registry.example/prometheus:v3.10.0');
      expect(prometheus.spec.template.spec.containers[0].args).to.include('--storage.tsdb.retention.time=7d');
      const config = parse(find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml']);
      expect(config.global.scrape_interval).to.equal('30s');
      for (const name of ['grafana', 'kiali', 'jaeger']) expect(podSpec(find(objects, 'Deployment', name)).containers[0].image).to.match(/^registry\.example\//);
      const kiali = parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']).external_services;
      expect(kiali.prometheus.url).to.equal('http://prometheus.observability.svc.cluster.local:9090');
      expect(find(objects, 'Telemetry', 'mesh-default').metadata.namespace).to.equal('istio-system');
    });

    it('grants anonymous Grafana viewers only the Viewer role', () => {
      const env = podSpec(find(synthAddons({ grafana: { anonymousViewer: true } }).objects, 'Deployment', 'grafana')).containers[0].env!;
      expect(env.find((e) => e.name === 'GF_AUTH_ANONYMOUS_ENABLED')?.value).to.equal('true');
      expect(env.find((e) => e.name === 'GF_AUTH_ANONYMOUS_ORG_ROLE')?.value).to.equal('Viewer');
    });

    it('mounts the Kiali signing key Secret only with the token strategy', () => {
      const volumes = (props: ObservabilityAddonsProps) =>
        find(synthAddons(props).objects, 'Deployment', 'kiali').spec.template.spec.volumes as { name: string; secret?: { secretName: string; items: unknown } }[];
      const token = volumes({ kiali: { authStrategy: 'token', signingKeySecret: { name: 'my-key', key: 'k' } } }).find((v) => v.secret);
      expect(token?.secret).to.deep.include({ secretName: 'my-key', items: [{ key: 'k', path: 'value.txt' }] });
      expect(volumes({ kiali: { authStrategy: 'anonymous' } }).filter((v) => v.secret)).to.deep.equal([]);
      const config = parse(find(synthAddons({ kiali: { authStrategy: 'anonymous' } }).objects, 'ConfigMap', 'kiali').data!['config.yaml']);
      expect(config.auth.strategy).to.equal('anonymous');
    });

    it('lets Kiali change Istio configuration only when viewOnly is false', () => {
      const rules = find(synthAddons({ kiali: { viewOnly: false } }).objects, 'ClusterRole', 'kiali').rules as { apiGroups: string[]; verbs: string[] }[];
      expect(rules.find((r) => r.apiGroups.includes('networking.istio.io'))?.verbs).to.include.members(['create', 'patch', 'delete']);
    });

    it('deploys Zipkin instead of Jaeger, never both, and points the Telemetry at it', () => {
      const { addons, objects } = synthAddons({ tracing: { backend: 'zipkin', samplingPercentage: 10 } });
      expect(objects.filter((o) => o.kind === 'Deployment').map((d) => d.metadata.name).sort()).to.deep.equal(['grafana', 'kiali', 'prometheus', 'zipkin']);
      expect(objects.some((o) => o.metadata.name.startsWith('jaeger'))).to.equal(false);
      expect(podSpec(find(objects, 'Deployment', 'zipkin')).containers[0].image).to.equal('docker.io/openzipkin/zipkin-slim:3.4.0');
      expect(servicePorts(find(objects, 'Service', 'zipkin'))).to.deep.equal([['http-zipkin', 9411, 9411]]);
      expect(servicePorts(find(objects, 'Service', 'tracing'))).to.deep.equal([['http-query', 9411, 9411]]);
      expect(addons.meshExtensionProvider).to.deep.equal({ name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } });
      expect(find(objects, 'Telemetry', 'mesh-default').spec.tracing).to.deep.equal([{ providers: [{ name: 'zipkin' }], randomSamplingPercentage: 10 }]);
      const kiali = parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']).external_services;
      expect(kiali.tracing).to.deep.equal({ enabled: false });
    });
  });

  describe('prop validation', () => {
    const cases: [string, ObservabilityAddonsProps, RegExp][] = [
      ['namespace', { namespace: 'Istio_System' }, /\[test\/addons\] invalid props:\n {2}- namespace: got "Istio_System"; expected a DNS label/],
      ['istioNamespace', { istioNamespace: '' }, /- istioNamespace: got ""; expected a DNS label/],
      ['clusterDomain', { clusterDomain: 'cluster local' }, /- clusterDomain: got "cluster local"; expected a DNS domain/],
      ['tracing.backend', { tracing: { backend: 'tempo' as 'jaeger' } }, /- tracing\.backend: got "tempo"; expected one of 'jaeger', 'zipkin'/],
      ['dashboardApp.name', { dashboardApp: { name: 'Dog App' } }, /- dashboardApp\.name: got "Dog App"; expected a DNS label/],
      ['prometheus.retention', { prometheus: { retention: '15 days' } }, /\[test\/addons\/prometheus\] invalid props:\n {2}- retention: got "15 days"; expected a Prometheus duration of at least 1h/],
      ['prometheus.retention too short', { prometheus: { retention: '30m' } }, /- retention: got "30m"; expected a Prometheus duration of at least 1h/],
      ['prometheus.scrapeInterval', { prometheus: { scrapeInterval: '0s' } }, /- scrapeInterval: got "0s"; expected a Prometheus duration of at least 1s/],
      ['prometheus.scrapeInterval order', { prometheus: { scrapeInterval: '30s1m' } }, /- scrapeInterval: got "30s1m"/],
      ['prometheus.image', { prometheus: { image: 'prom/prometheus: v3' } }, /- image: got "prom\/prometheus: v3"; expected a non-empty string without whitespace/],
      ['prometheus.storageMebibytes', { prometheus: { storageMebibytes: 10 } }, /- storageMebibytes: got 10; expected an integer from 256/],
      ['grafana.adminSecret.name', { grafana: { adminSecret: { name: 'Grafana Admin' } } }, /\[test\/addons\/grafana\] invalid props:\n {2}- adminSecret\.name: got "Grafana Admin"/],
      ['grafana.adminSecret.passwordKey', { grafana: { adminSecret: { passwordKey: 'pass word' } } }, /- adminSecret\.passwordKey: got "pass word"; expected a Secret key/],
      ['grafana.anonymousViewer', { grafana: { anonymousViewer: 'yes' as unknown as boolean } }, /- anonymousViewer: got "yes"; expected true or false/],
      ['kiali.authStrategy', { kiali: { authStrategy: 'openid' as 'token' } }, /\[test\/addons\/kiali\] invalid props:\n {2}- authStrategy: got "openid"; expected one of 'anonymous', 'token'/],
      ['kiali.grafanaExternalUrl', { kiali: { grafanaExternalUrl: 'localhost:3000' } }, /- grafanaExternalUrl: got "localhost:3000"; expected an absolute http/],
      ['kiali.signingKeySecret.key', { kiali: { signingKeySecret: { key: 'a/b' } } }, /- signingKeySecret\.key: got "a\/b"/],
      ['tracing.samplingPercentage', { tracing: { samplingPercentage: 150 } }, /\[test\/addons\/mesh-tracing\] invalid props:\n {2}- samplingPercentage: got 150; expected a number from 0 to 100/],
      ['tracing.samplingPercentage NaN', { tracing: { samplingPercentage: Number.NaN } }, /- samplingPercentage: got NaN; expected a number from 0 to 100/],
      ['tracing.image', { tracing: { backend: 'zipkin', image: '' } }, /\[test\/addons\/zipkin\] invalid props:\n {2}- image: got ""/],
    ];
    for (const [name, props, message] of cases) {
      it(`rejects a bad ${name}`, () => {
        expect(invalid(props).message).to.match(message);
      });
    }

    it('lists every bad prop of a construct at once', () => {
      const err = invalid({ prometheus: { retention: 'forever', scrapeInterval: 'often' } });
      expect(err.problems.map((p) => p.prop)).to.deep.equal(['retention', 'scrapeInterval']);
    });
  });

  describe('in dist/ (main.ts)', function () {
    this.timeout(120_000);
    let objects: K8sObject[];
    before(async () => {
      const synthesized = await synthProject();
      const file = [...synthesized.keys()].find((f) => f.endsWith('observability.k8s.yaml'));
      expect(file, 'observability chart file').to.be.a('string');
      objects = parseManifests(synthesized.get(file!)!) as K8sObject[];
    });

    it('has no literal password: credentials come from secretKeyRefs, no Secret object, no password in any config', () => {
      expect(objects.filter((o) => o.kind === 'Secret')).to.deep.equal([]);
      let sensitive = 0;
      for (const d of objects.filter((o) => o.kind === 'Deployment')) {
        for (const e of podSpec(d).containers.flatMap((c) => c.env ?? [])) {
          if (!/PASSWORD|SECRET|TOKEN|KEY/i.test(e.name)) continue;
          sensitive++;
          expect(e.value, `${d.metadata.name} ${e.name}`).to.equal(undefined);
          expect(e.valueFrom, `${d.metadata.name} ${e.name}`).to.have.property('secretKeyRef');
        }
      }
      expect(sensitive, 'the Grafana admin password').to.equal(1);
      for (const cm of objects.filter((o) => o.kind === 'ConfigMap')) {
        for (const [key, text] of Object.entries(cm.data ?? {})) {
          expect(text, `${cm.metadata.name}/${key}`).to.not.match(/(password|signing_key|secret)\s*["']?\s*:/i);
        }
      }
    });

    it('runs the seed-style demo: anonymous Kiali and Grafana viewers, every request traced', () => {
      expect(parse(find(objects, 'ConfigMap', 'kiali').data!['config.yaml']).auth.strategy).to.equal('anonymous');
      const env = podSpec(find(objects, 'Deployment', 'grafana')).containers[0].env!;
      expect(env.find((e) => e.name === 'GF_AUTH_ANONYMOUS_ENABLED')?.value).to.equal('true');
      expect(find(objects, 'Telemetry', 'mesh-default').spec.tracing[0].randomSamplingPercentage).to.equal(100);
    });

    it('lets every pod of dist/ start after kubectl apply: each Secret, ConfigMap and ServiceAccount it needs is in dist/ or optional', async () => {
      const synthesized = await synthProject();
      const all = [...synthesized.entries()].filter(([f]) => !f.startsWith('istio/')).flatMap(([, text]) => parseManifests(text) as K8sObject[]);
      const exists = (kind: string, namespace: string, name: string) => all.some((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
      const missing: string[] = [];
      let checked = 0;
      for (const d of all.filter((o) => o.kind === 'Deployment')) {
        const ns = d.metadata.namespace!;
        const pod = d.spec.template.spec as PodRefs;
        const need = (kind: string, name: string, optional: boolean | undefined, where: string) => {
          checked++;
          if (!optional && !exists(kind, ns, name)) missing.push(`${ns}/${d.metadata.name} ${where} needs ${kind} ${name}`);
        };
        if (pod.serviceAccountName) need('ServiceAccount', pod.serviceAccountName, false, 'serviceAccountName');
        for (const v of pod.volumes ?? []) {
          if (v.secret) need('Secret', v.secret.secretName, v.secret.optional, `volume ${v.name}`);
          if (v.configMap) need('ConfigMap', v.configMap.name, v.configMap.optional, `volume ${v.name}`);
        }
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          for (const e of c.env ?? []) {
            if (e.valueFrom?.secretKeyRef) need('Secret', e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.optional, `${c.name} env ${e.name}`);
            if (e.valueFrom?.configMapKeyRef) need('ConfigMap', e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.optional, `${c.name} env ${e.name}`);
          }
          for (const f of c.envFrom ?? []) {
            if (f.secretRef) need('Secret', f.secretRef.name, f.secretRef.optional, `${c.name} envFrom`);
            if (f.configMapRef) need('ConfigMap', f.configMapRef.name, f.configMapRef.optional, `${c.name} envFrom`);
          }
        }
      }
      expect(missing).to.deep.equal([]);
      expect(checked).to.be.greaterThan(5);
    });

    it('labels every addon pod sidecar.istio.io/inject=false', () => {
      const workloads = objects.filter((o) => o.kind === 'Deployment');
      expect(workloads).to.have.length(4);
      for (const d of workloads) expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).to.equal('false');
    });
  });
});
