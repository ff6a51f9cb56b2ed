import { expect } from 'chai';
import { DashboardBuilder } from '../../constructs/observability/dashboards/builder.js';
import { PROMETHEUS_DATASOURCE } from '../../constructs/observability/grafana.js';
import { find, synthAddons } from './support/addons-synth.js';
import { dashboardQueries, promqlSyntaxError, substituteVariables, variableDefaults, type DashboardModel } from './support/dashboards.js';

/** The provisioned dashboards, synthesized anew by each call: tests read what is built while they run. */
function synthDashboards() {
  const { addons, objects } = synthAddons({ dashboardApp: { name: 'dog-app', namespace: 'dog-app' } });
  const files = find(objects, 'ConfigMap', 'grafana-dashboards').data!;
  return { addons, dashboards: Object.entries(files).map(([file, json]) => ({ file, model: JSON.parse(json) as DashboardModel })) };
}
const datasources = [{ type: 'prometheus', uid: 'prometheus' }];
/** The dashboard files, to name one group of tests each. */
const FILES = ['dog-app.json', 'mesh-overview.json'];

describe('Grafana dashboards', () => {
  let addons: ReturnType<typeof synthDashboards>['addons'];
  let dashboards: ReturnType<typeof synthDashboards>['dashboards'];
  beforeEach(() => ({ addons, dashboards } = synthDashboards()));

  it('are valid JSON models with a unique uid of at most 40 characters and a title', () => {
    expect(dashboards.map((d) => d.file).sort()).to.deep.equal(['dog-app.json', 'mesh-overview.json']);
    const uids = dashboards.map((d) => d.model.uid);
    expect(new Set(uids).size).to.equal(uids.length);
    for (const { model } of dashboards) {
      expect(model.uid).to.match(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(model.title).to.be.a('string').and.not.equal('');
      expect(model.schemaVersion).to.be.a('number');
      expect(model.panels).to.be.an('array').that.is.not.empty;
    }
  });

  for (const file of FILES) {
    describe(file, () => {
      let model: DashboardModel;
      let panels: DashboardModel['panels'];
      beforeEach(() => {
        model = dashboards.find((d) => d.file === file)!.model;
        panels = model.panels.filter((p) => p.type !== 'row');
      });

      it('has panels with unique ids, a datasource the provisioning defines, and query targets with unique refIds', () => {
        const ids = model.panels.map((p) => p.id);
        expect(new Set(ids).size).to.equal(ids.length);
        expect(panels.length).to.be.greaterThan(5);
        for (const p of panels) {
          expect(['timeseries', 'stat'], p.title).to.include(p.type);
          expect(datasources, p.title).to.deep.include(p.datasource);
          expect(p.targets, p.title).to.be.an('array').that.is.not.empty;
          const refIds = p.targets!.map((t) => t.refId);
          expect(new Set(refIds).size, p.title).to.equal(refIds.length);
          for (const t of p.targets!) {
            expect(t.expr, p.title).to.be.a('string').and.not.equal('');
            expect(t.datasource, p.title).to.deep.equal(p.datasource);
          }
        }
      });

      it('lays its panels on the 24-column grid without overlap', () => {
        const cells = new Set<string>();
        for (const p of model.panels) {
          const { x, y, w, h } = p.gridPos;
          expect(x + w, p.title).to.be.at.most(24);
          for (let i = x; i < x + w; i++) {
            for (let j = y; j < y + h; j++) {
              const cell = `${i},${j}`;
              expect(cells.has(cell), `${p.title} overlaps at ${cell}`).to.equal(false);
              cells.add(cell);
            }
          }
        }
      });

      it('uses only variables it defines (or Grafana built-ins), and every query parses as PromQL', () => {
        const defaults = variableDefaults(model);
        for (const { panel, expr } of dashboardQueries(model)) {
          const query = substituteVariables(expr, defaults);
          expect(promqlSyntaxError(query), `${panel}: ${query}`).to.equal(undefined);
        }
        for (const v of model.templating.list) {
          const query = typeof v.query === 'string' ? v.query : v.query.query;
          const inner = /^label_values\((.+), \w+\)$/.exec(query)?.[1];
          expect(inner, v.name).to.be.a('string');
          expect(promqlSyntaxError(substituteVariables(inner!, defaults)), v.name).to.equal(undefined);
        }
      });
    });
  }

  it('opens the dog-app dashboard on the app and namespace given, filtering the golden signals by them', () => {
    const dogApp = dashboards.find((d) => d.model.uid === 'dog-app')!.model;
    expect(variableDefaults(dogApp)).to.deep.equal({ namespace: 'dog-app', app: 'dog-app' });
    const exprs = dashboardQueries(dogApp).map((q) => q.expr);
    expect(exprs.some((e) => e.includes('istio_requests_total{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"'))).to.equal(true);
    for (const q of [0.5, 0.9, 0.99]) {
      expect(exprs).to.include(
        `histogram_quantile(${q}, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="$namespace", destination_app="$app"}[$__rate_interval])))`,
      );
    }
    for (const metric of ['http_requests_total', 'dogapp_upstream_requests_total', 'dogapp_cache_lookups_total', 'dogapp_circuit_breaker_state']) {
      expect(exprs.some((e) => e.includes(metric)), metric).to.equal(true);
    }
  });

  it('catches a broken expression, so the parse check above can fail', () => {
    expect(promqlSyntaxError('sum(rate(istio_requests_total[1m])')).to.be.a('string');
    expect(promqlSyntaxError('rate(x[$__rate_interval])')).to.be.a('string');
    expect(() => substituteVariables('up{app="$nope"}', {})).to.throw(/unknown dashboard variable \$nope/);
  });

  it('refuses a second dashboard with a taken uid, a bad file name, or a second home', () => {
    const dashboard = new DashboardBuilder({ uid: 'dog-app', title: 'x', description: '', tags: [], datasource: PROMETHEUS_DATASOURCE }).panel({ title: 'up', queries: [{ expr: 'up' }] }).build();
    expect(() => addons.grafana.addDashboard('another', dashboard)).to.throw(/uid "dog-app" is already provisioned/);
    expect(() => addons.grafana.addDashboard('Bad Name', { ...dashboard, uid: 'other' })).to.throw(/dashboard file name "Bad Name"/);
    expect(() => addons.grafana.addDashboard('third', { ...dashboard, uid: 'third' }, { home: true })).to.throw(/home dashboard is already mesh-overview/);
    expect(() => new DashboardBuilder({ uid: 'has space', title: 'x', description: '', tags: [], datasource: PROMETHEUS_DATASOURCE })).to.throw(/uid "has space"/);
  });
});
