/* eslint-disable @typescript-eslint/no-unsafe-member-access -- synthesized manifests and parsed YAML are untyped JSON */
import { expect } from 'chai';
import { parse } from 'yaml';
import { Prometheus, type PrometheusProps } from '../../constructs/observability/prometheus.js';
import { meshScrapeConfig, renderPrometheusConfig, SCRAPE_JOBS } from '../../constructs/observability/prometheus-config.js';
import { errorOf, find, type K8sObject, synthChart } from './support/addons-synth.js';

const synthPrometheus = (props: PrometheusProps = {}) => synthChart((chart) => new Prometheus(chart, 'prometheus', props));

/**
 * The Prometheus construct around the scrape configuration: what its ServiceAccount may discover, where the
 * configuration goes, and which props it refuses.
 */
describe('Prometheus', () => {
  it('may list and watch pods, services and EndpointSlices cluster-wide, and nothing else', () => {
    const rules = find(synthPrometheus(), 'ClusterRole', 'prometheus').rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules.map((r) => [r.apiGroups, r.resources, r.verbs])).to.deep.equal([
      [[''], ['pods'], ['get', 'list', 'watch']],
      [[''], ['services'], ['get', 'list', 'watch']],
      [['discovery.k8s.io'], ['endpointslices'], ['get', 'list', 'watch']],
    ]);
  });

  it('writes prometheus.yml from the scrape configuration it exposes, in the namespace given', () => {
    let prometheus!: Prometheus;
    const objects = synthChart((chart) => (prometheus = new Prometheus(chart, 'prometheus', { namespace: 'metrics', scrapeInterval: '20s' })));
    const configMap = find(objects, 'ConfigMap', 'prometheus');
    expect(configMap.metadata.namespace).to.equal('metrics');
    expect(parse(configMap.data!['prometheus.yml'])).to.deep.equal(prometheus.config);
    expect(prometheus.config).to.deep.equal(meshScrapeConfig({ scrapeInterval: '20s', prometheusPort: 9090 }));
    for (const kind of ['Deployment', 'Service', 'ServiceAccount']) expect(find(objects, kind, 'prometheus').metadata.namespace, kind).to.equal('metrics');
    expect(find(objects, 'ClusterRoleBinding', 'prometheus').subjects).to.deep.equal([{ apiGroup: '', kind: 'ServiceAccount', name: 'prometheus', namespace: 'metrics' }]);
  });

  it('defaults: istio-system, 15 s scrapes, 15 days or 3 GiB of samples in a 4 GiB volume', () => {
    const objects = synthPrometheus();
    const args = find(objects, 'Deployment', 'prometheus').spec.template.spec.containers[0].args as string[];
    expect(args).to.include.members(['--storage.tsdb.retention.time=15d', '--storage.tsdb.retention.size=3072MB']);
    expect(parse(find(objects, 'ConfigMap', 'prometheus').data!['prometheus.yml']).global).to.deep.equal({ scrape_interval: '15s', evaluation_interval: '15s' });
    expect(find(objects, 'Deployment', 'prometheus').metadata.namespace).to.equal('istio-system');
  });

  it('scrapes itself on its own port and evaluates at the scrape interval', () => {
    const config = meshScrapeConfig({ scrapeInterval: '45s', prometheusPort: 9999 });
    expect(config.global).to.deep.equal({ scrape_interval: '45s', evaluation_interval: '45s' });
    expect(config.scrape_configs.map((j) => j.job_name)).to.deep.equal([SCRAPE_JOBS.prometheus, SCRAPE_JOBS.pods, SCRAPE_JOBS.envoy]);
    expect(config.scrape_configs[0]).to.deep.equal({ job_name: 'prometheus', static_configs: [{ targets: ['localhost:9999'] }] });
    expect(SCRAPE_JOBS).to.deep.equal({ pods: 'kubernetes-pods', envoy: 'envoy-stats', prometheus: 'prometheus' });
  });

  it('renders the configuration as plain YAML: no anchors or aliases for the rules the jobs share', () => {
    const config = meshScrapeConfig({ scrapeInterval: '15s', prometheusPort: 9090 });
    const text = renderPrometheusConfig(config);
    expect(parse(text)).to.deep.equal(config);
    expect(text).to.not.match(/[&*]a\d/);
    expect(text.match(/__meta_kubernetes_pod_label_\(\.\+\)/g)).to.have.length(2);
  });

  it('accepts the bounds of its props and rejects what lies outside them', () => {
    expect(errorOf(() => synthPrometheus({ retention: '1h', scrapeInterval: '1s', storageMebibytes: 256 }))).to.equal('accepted');
    expect(errorOf(() => synthPrometheus({ storageMebibytes: 1_048_576 }))).to.equal('accepted');
    expect(errorOf(() => synthPrometheus({ retention: '59m' }))).to.include('- retention: got "59m"; expected a Prometheus duration of at least 1h');
    expect(errorOf(() => synthPrometheus({ scrapeInterval: '999ms' }))).to.include('- scrapeInterval: got "999ms"; expected a Prometheus duration of at least 1s');
    expect(errorOf(() => synthPrometheus({ storageMebibytes: 255 }))).to.include('- storageMebibytes: got 255; expected an integer from 256 to 1048576');
    expect(errorOf(() => synthPrometheus({ storageMebibytes: 1_048_577 }))).to.include('- storageMebibytes: got 1048577');
    expect(errorOf(() => synthPrometheus({ namespace: 'Metrics' }))).to.include('- namespace: got "Metrics"');
    expect(errorOf(() => synthPrometheus({ image: 'p q' }))).to.include('- image: got "p q"');
    expect(errorOf(() => synthPrometheus({ retention: '1d' }))).to.equal('accepted');
    expect(errorOf(() => synthPrometheus({ scrapeInterval: '1m30s' }))).to.equal('accepted');
  });

  it('names the unit order and examples when it rejects a duration', () => {
    expect(errorOf(() => synthPrometheus({ scrapeInterval: 'often' }))).to.include(
      "- scrapeInterval: got \"often\"; expected a Prometheus duration of at least 1s such as '15s', '1m' or '15d' (units y, w, d, h, m, s, ms, largest first)",
    );
  });
});

describe('addon objects', () => {
  it('label every object with app, app.kubernetes.io/name and part-of dog-app-mesh', () => {
    const objects: K8sObject[] = synthPrometheus();
    for (const o of objects) {
      expect(o.metadata.labels, `${o.kind}/${o.metadata.name}`).to.deep.equal({ app: 'prometheus', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/part-of': 'dog-app-mesh' });
    }
    expect(objects.map((o) => o.kind).sort()).to.deep.equal(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service', 'ServiceAccount']);
    expect(find(objects, 'ServiceAccount', 'prometheus').automountServiceAccountToken).to.equal(false);
  });
});
