/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests and parsed YAML are untyped JSON */
import { expect } from 'chai';
import { parse } from 'yaml';
import { Jaeger, type JaegerProps } from '../../constructs/observability/jaeger.js';
import { MeshTracing, type MeshTracingProps } from '../../constructs/observability/telemetry.js';
import { Zipkin, type ZipkinProps } from '../../constructs/observability/zipkin.js';
import { errorOf, find, type K8sObject, synthChart } from './support/addons-synth.js';

const jaeger = (props: JaegerProps = {}) => {
  let backend!: Jaeger;
  const objects = synthChart((chart) => (backend = new Jaeger(chart, 'jaeger', props)));
  return { backend, objects };
};
const zipkin = (props: ZipkinProps = {}) => {
  let backend!: Zipkin;
  const objects = synthChart((chart) => (backend = new Zipkin(chart, 'zipkin', props)));
  return { backend, objects };
};
const env = (objects: K8sObject[], name: string) =>
  Object.fromEntries((find(objects, 'Deployment', name).spec.template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]));

/**
 * The tracing backends: what the collector listens on (what Istio's proxies send spans to), how long it
 * keeps them, and how Istio, Kiali and a browser reach it.
 */
describe('tracing backends', () => {
  describe('Jaeger', () => {
    it('receives OTLP and Zipkin spans on all interfaces, keeps them in memory, serves the UI under /jaeger and its own metrics', () => {
      expect(parse(find(jaeger().objects, 'ConfigMap', 'jaeger').data!['config.yaml'])).to.deep.equal({
        service: {
          extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
          pipelines: { traces: { receivers: ['otlp', 'zipkin'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
          telemetry: {
            resource: { 'service.name': 'jaeger' },
            metrics: { level: 'basic', readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }] },
            logs: { level: 'info' },
          },
        },
        extensions: {
          healthcheckv2: { use_v2: true, http: { endpoint: '0.0.0.0:13133' } },
          jaeger_storage: { backends: { memstore: { memory: { max_traces: 50000 } } } },
          jaeger_query: { base_path: '/jaeger', storage: { traces: 'memstore' }, http: { endpoint: '0.0.0.0:16686' }, grpc: { endpoint: '0.0.0.0:16685' } },
        },
        receivers: {
          otlp: { protocols: { grpc: { endpoint: '0.0.0.0:4317' }, http: { endpoint: '0.0.0.0:4318' } } },
          zipkin: { endpoint: '0.0.0.0:9411' },
        },
        processors: { batch: {} },
        exporters: { jaeger_storage_exporter: { trace_storage: 'memstore' } },
      });
    });

    it('keeps maxTraces traces, from 1000 to 10 000 000', () => {
      expect(parse(find(jaeger({ maxTraces: 1000 }).objects, 'ConfigMap', 'jaeger').data!['config.yaml']).extensions.jaeger_storage.backends.memstore.memory.max_traces).to.equal(1000);
      expect(errorOf(() => jaeger({ maxTraces: 10_000_000 }))).to.equal('accepted');
      expect(errorOf(() => jaeger({ maxTraces: 999 }))).to.include('- maxTraces: got 999; expected an integer from 1000 to 10000000');
      expect(errorOf(() => jaeger({ maxTraces: 10_000_001 }))).to.include('- maxTraces: got 10000001');
      expect(errorOf(() => jaeger({ namespace: 'Tracing' }))).to.include('- namespace: got "Tracing"');
      expect(errorOf(() => jaeger({ image: 'a b' }))).to.include('- image: got "a b"');
    });

    it('sends spans over OTLP gRPC to the collector Service, and lets Kiali query the query Service over gRPC', () => {
      const { backend } = jaeger({ namespace: 'tracing', clusterDomain: 'corp.local' });
      expect(backend.kind).to.equal('jaeger');
      expect(backend.meshExtensionProvider).to.deep.equal({ name: 'jaeger', opentelemetry: { service: 'jaeger-collector.tracing.svc.corp.local', port: 4317 } });
      expect(backend.kiali).to.deep.equal({ provider: 'jaeger', internalUrl: 'http://tracing.tracing.svc.corp.local:16685/jaeger', useGrpc: true });
      expect([backend.queryService.name, backend.queryPort, backend.uiPath]).to.deep.equal(['tracing', 16686, '/jaeger']);
      expect(backend.collectorService.name).to.equal('jaeger-collector');
    });

    it('addresses its Services in the cluster domain cluster.local unless told otherwise', () => {
      const { backend } = jaeger({ namespace: 'tracing' });
      expect(backend.meshExtensionProvider.opentelemetry).to.deep.equal({ service: 'jaeger-collector.tracing.svc.cluster.local', port: 4317 });
      expect(backend.kiali.internalUrl).to.equal('http://tracing.tracing.svc.cluster.local:16685/jaeger');
    });
  });

  describe('Zipkin', () => {
    it('keeps maxSpans spans in memory, from 1000 to 100 000 000', () => {
      expect(env(zipkin({ maxSpans: 1000 }).objects, 'zipkin')).to.include({ STORAGE_TYPE: 'mem', MEM_MAXSPANS: '1000' });
      expect(errorOf(() => zipkin({ maxSpans: 100_000_000 }))).to.equal('accepted');
      expect(errorOf(() => zipkin({ maxSpans: 999 }))).to.include('- maxSpans: got 999; expected an integer from 1000 to 100000000');
      expect(errorOf(() => zipkin({ maxSpans: 100_000_001 }))).to.include('- maxSpans: got 100000001');
      expect(errorOf(() => zipkin({ namespace: 'Tracing' }))).to.include('- namespace: got "Tracing"');
    });

    it('receives spans on the zipkin Service and serves its UI under /zipkin on the tracing Service; Kiali cannot read it', () => {
      const { backend, objects } = zipkin({ namespace: 'tracing', clusterDomain: 'corp.local' });
      expect(backend.kind).to.equal('zipkin');
      expect(backend.meshExtensionProvider).to.deep.equal({ name: 'zipkin', zipkin: { service: 'zipkin.tracing.svc.corp.local', port: 9411 } });
      expect(backend.kiali).to.equal(undefined);
      expect([backend.queryService.name, backend.queryPort, backend.uiPath]).to.deep.equal(['tracing', 9411, '/zipkin']);
      for (const name of ['tracing', 'zipkin']) {
        const service = find(objects, 'Service', name);
        expect(service.metadata.namespace).to.equal('tracing');
        expect(service.spec.selector).to.deep.equal({ app: 'zipkin' });
        expect(service.metadata.labels).to.deep.equal({ app: 'zipkin', 'app.kubernetes.io/name': 'zipkin', 'app.kubernetes.io/part-of': 'dog-app-mesh' });
      }
    });

    it('addresses its Service in the cluster domain cluster.local unless told otherwise', () => {
      const { backend } = zipkin({ namespace: 'tracing' });
      expect(backend.meshExtensionProvider.zipkin).to.deep.equal({ service: 'zipkin.tracing.svc.cluster.local', port: 9411 });
    });
  });

  describe('the mesh-wide Telemetry', () => {
    const telemetry = (props: Partial<MeshTracingProps> = {}) => synthChart((chart) => new MeshTracing(chart, 'tracing', { provider: { name: 'jaeger' }, ...props }));

    it('traces 1 % of requests by default, in istio-system, named mesh-default, with no selector', () => {
      const [t] = telemetry();
      expect(t.metadata).to.deep.include({ name: 'mesh-default', namespace: 'istio-system', labels: { 'app.kubernetes.io/part-of': 'dog-app-mesh' } });
      expect(t.spec).to.deep.equal({ tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 1 }] });
    });

    it('takes the sampling percentage from 0 to 100, fractions included, the root namespace and name', () => {
      expect(telemetry({ samplingPercentage: 0 })[0].spec.tracing[0].randomSamplingPercentage).to.equal(0);
      expect(telemetry({ samplingPercentage: 100 })[0].spec.tracing[0].randomSamplingPercentage).to.equal(100);
      expect(telemetry({ samplingPercentage: 0.5 })[0].spec.tracing[0].randomSamplingPercentage).to.equal(0.5);
      const [named] = telemetry({ rootNamespace: 'istio-control', name: 'tracing-default' });
      expect([named.metadata.namespace, named.metadata.name]).to.deep.equal(['istio-control', 'tracing-default']);
    });

    it('rejects a sampling percentage below 0, above 100 or not finite, and bad names', () => {
      for (const p of [-0.1, 100.1, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
        expect(errorOf(() => telemetry({ samplingPercentage: p })), String(p)).to.include('- samplingPercentage: got').and.include('expected a number from 0 to 100');
      }
      expect(errorOf(() => telemetry({ rootNamespace: 'Istio' }))).to.include('- rootNamespace: got "Istio"');
      expect(errorOf(() => telemetry({ name: 'Mesh' }))).to.include('- name: got "Mesh"');
      expect(errorOf(() => telemetry({ name: 'm'.repeat(253) }))).to.equal('accepted');
      expect(errorOf(() => telemetry({ name: 'mesh.default' }))).to.equal('accepted');
    });
  });
});
