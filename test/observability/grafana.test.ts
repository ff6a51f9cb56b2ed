/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- synthesized manifests and parsed YAML are untyped JSON */
import * as kplus from 'cdk8s-plus-27';
import { expect } from 'chai';
import { parse } from 'yaml';
import { DashboardBuilder } from '../../constructs/observability/dashboards/builder.js';
import { Grafana, PROMETHEUS_DATASOURCE, type GrafanaProps } from '../../constructs/observability/grafana.js';
import { errorOf, find, type K8sObject, synthAddons, synthChart } from './support/addons-synth.js';

const board = (uid: string) => new DashboardBuilder({ uid, title: uid, description: '', tags: [], datasource: PROMETHEUS_DATASOURCE }).panel({ title: 'up', queries: [{ expr: 'up' }] }).build();

/** Grafana alone next to a Prometheus Service; `use` gets the construct before synthesis. */
function synthGrafana(props: Partial<GrafanaProps> = {}, use: (g: Grafana) => void = () => undefined): K8sObject[] {
  return synthChart((chart) => {
    const prometheusService = new kplus.Service(chart, 'prom', { metadata: { name: 'prom', namespace: 'metrics' }, ports: [{ name: 'http', port: 9091 }] });
    use(new Grafana(chart, 'grafana', { prometheusService, ...props }));
  });
}
const provisioning = (objects: K8sObject[], file: string) => parse(find(objects, 'ConfigMap', 'grafana-provisioning').data![file]);
const envOf = (objects: K8sObject[]) =>
  Object.fromEntries((find(objects, 'Deployment', 'grafana').spec.template.spec.containers[0].env as { name: string; value?: string }[]).map((e) => [e.name, e.value ?? 'from secret']));

/**
 * Grafana's provisioning: the one Prometheus datasource the dashboards query (by uid), at the Prometheus
 * Service's URL with its scrape interval as the smallest step, and the dashboards read from their folder.
 */
describe('Grafana', () => {
  it('provisions the Prometheus datasource by uid, read-only, at the Service URL, stepping at the scrape interval', () => {
    expect(provisioning(synthAddons().objects, 'datasources.yaml')).to.deep.equal({
      apiVersion: 1,
      datasources: [
        {
          name: 'Prometheus',
          type: 'prometheus',
          uid: 'prometheus',
          access: 'proxy',
          url: 'http://prometheus.istio-system.svc.cluster.local:9090',
          isDefault: true,
          editable: false,
          jsonData: { timeInterval: '15s' },
        },
      ],
    });
    const custom = provisioning(synthAddons({ clusterDomain: 'corp.local', prometheus: { scrapeInterval: '30s' } }).objects, 'datasources.yaml').datasources[0];
    expect(custom).to.include({ url: 'http://prometheus.istio-system.svc.corp.local:9090' });
    expect(custom.jsonData).to.deep.equal({ timeInterval: '30s' });
  });

  it('loads the dashboards from their folder into a dog-app-mesh folder, not deletable or editable from the UI', () => {
    expect(provisioning(synthAddons().objects, 'dashboards.yaml')).to.deep.equal({
      apiVersion: 1,
      providers: [
        {
          name: 'dog-app-mesh',
          folder: 'dog-app-mesh',
          type: 'file',
          disableDeletion: true,
          allowUiUpdates: false,
          updateIntervalSeconds: 30,
          options: { path: '/etc/grafana/dashboards/dog-app-mesh' },
        },
      ],
    });
  });

  it('rolls the pod when the provisioning changes', () => {
    const checksum = (objects: K8sObject[]) => find(objects, 'Deployment', 'grafana').spec.template.metadata.annotations['checksum/config'] as string;
    expect(checksum(synthGrafana())).to.equal(checksum(synthGrafana()));
    expect(checksum(synthGrafana({ prometheusScrapeInterval: '30s' }))).to.not.equal(checksum(synthGrafana()));
    expect(checksum(synthGrafana({ clusterDomain: 'corp.local' }))).to.not.equal(checksum(synthGrafana()));
  });

  it('defaults to istio-system, a 15 s step and no home dashboard until one is added as home', () => {
    const objects = synthGrafana();
    expect(find(objects, 'Deployment', 'grafana').metadata.namespace).to.equal('istio-system');
    expect(provisioning(objects, 'datasources.yaml').datasources[0]).to.include({ url: 'http://prom.metrics.svc.cluster.local:9091' });
    expect(provisioning(objects, 'datasources.yaml').datasources[0].jsonData.timeInterval).to.equal('15s');
    expect(envOf(objects)).to.not.have.property('GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH');
    expect(envOf(objects).GF_AUTH_ANONYMOUS_ENABLED).to.equal('false');
  });

  it('adds dashboards as <file>.json, the home one as the default home path', () => {
    const objects = synthGrafana({ namespace: 'dash' }, (g) => {
      g.addDashboard('first-1', board('first'));
      g.addDashboard('home', board('home'), { home: true });
      g.addDashboard('later', board('later'), {});
    });
    const files = find(objects, 'ConfigMap', 'grafana-dashboards');
    expect(files.metadata.namespace).to.equal('dash');
    expect(Object.keys(files.data!).sort()).to.deep.equal(['first-1.json', 'home.json', 'later.json']);
    expect(JSON.parse(files.data!['home.json'])).to.deep.equal(board('home'));
    expect(files.data!['home.json']).to.equal(JSON.stringify(board('home'), null, 2));
    expect(envOf(objects).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).to.equal('/etc/grafana/dashboards/dog-app-mesh/home.json');
  });

  it('refuses a dashboard file name that is not lowercase letters, digits and -, a taken uid, a second home', () => {
    const add = (file: string) => errorOf(() => synthGrafana({}, (g) => g.addDashboard(file, board('x'))));
    expect(add('Bad')).to.equal('[test/grafana] dashboard file name "Bad": expected lowercase letters, digits and \'-\'');
    expect(add('-lead')).to.include('dashboard file name "-lead"');
    expect(add('trail.json')).to.include('dashboard file name "trail.json"');
    expect(add('9-lives')).to.equal('accepted');
    expect(errorOf(() => synthGrafana({}, (g) => [g.addDashboard('a', board('same')), g.addDashboard('b', board('same'))]))).to.equal('[test/grafana] dashboard uid "same" is already provisioned');
    expect(errorOf(() => synthGrafana({}, (g) => [g.addDashboard('a', board('a'), { home: true }), g.addDashboard('b', board('b'), { home: true })]))).to.equal('[test/grafana] the home dashboard is already a');
  });

  it('rejects bad props with the prop, the value and what is allowed', () => {
    expect(errorOf(() => synthGrafana({ prometheusScrapeInterval: '0s' }))).to.include('- prometheusScrapeInterval: got "0s"; expected a Prometheus duration of at least 1s');
    expect(errorOf(() => synthGrafana({ adminSecret: { userKey: '' } }))).to.include('- adminSecret.userKey: got ""');
    expect(errorOf(() => synthGrafana({ adminSecret: { passwordKey: 'k'.repeat(254) } }))).to.include('- adminSecret.passwordKey: got');
    expect(errorOf(() => synthGrafana({ adminSecret: { passwordKey: 'k'.repeat(253), userKey: 'A-b_c.9' } }))).to.equal('accepted');
    expect(errorOf(() => synthGrafana({ adminSecret: { name: 'a'.repeat(253) } }))).to.equal('accepted');
    expect(errorOf(() => synthGrafana({ adminSecret: { name: 'a'.repeat(254) } }))).to.include('- adminSecret.name: got');
    expect(errorOf(() => synthGrafana({ adminSecret: { name: 'grafana.admin-v2' } })), 'Secret names are DNS subdomains: dots allowed').to.equal('accepted');
    expect(errorOf(() => synthGrafana({ adminSecret: { name: 'grafana..admin' } }))).to.include("- adminSecret.name: got \"grafana..admin\"; expected a Kubernetes object name: lowercase letters, digits, '-' and '.'");
    expect(errorOf(() => synthGrafana({ namespace: 'Dash' }))).to.include('- namespace: got "Dash"');
    expect(errorOf(() => synthGrafana({ image: '' }))).to.include('- image: got ""');
    expect(errorOf(() => synthGrafana({ anonymousViewer: 1 as unknown as boolean }))).to.include('- anonymousViewer: got 1; expected true or false');
  });
});
