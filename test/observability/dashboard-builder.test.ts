import { expect } from 'chai';
import { DashboardBuilder } from '../../constructs/observability/dashboards/builder.js';

const DATASOURCE = { type: 'prometheus', uid: 'metrics' };
const builder = (extra: { refresh?: string; timeFrom?: string } = {}) =>
  new DashboardBuilder({ uid: 'test-board', title: 'Test board', description: 'for tests', tags: ['a', 'b'], datasource: DATASOURCE, ...extra });
type Panel = Record<string, unknown> & { gridPos: { x: number; y: number; w: number; h: number }; title: string };
const panels = (b: DashboardBuilder) => b.build().panels as Panel[];
const at = (b: DashboardBuilder) => panels(b).map((p) => [p.title, p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h]);

describe('DashboardBuilder', () => {
  it('writes a time series panel Grafana draws as lines with a table legend (mean, max, last) and a shared tooltip', () => {
    const [panel] = panels(builder().panel({ title: 'Rate', description: 'per second', unit: 'reqps', min: 0, max: 5, queries: [{ expr: 'rate(x[1m])', legend: '{{pod}}' }, { expr: 'up' }] }));
    expect(panel).to.deep.equal({
      id: 1,
      type: 'timeseries',
      title: 'Rate',
      description: 'per second',
      datasource: DATASOURCE,
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [
        { refId: 'A', datasource: DATASOURCE, expr: 'rate(x[1m])', legendFormat: '{{pod}}', range: true, instant: false, editorMode: 'code' },
        { refId: 'B', datasource: DATASOURCE, expr: 'up', legendFormat: '__auto', range: true, instant: false, editorMode: 'code' },
      ],
      fieldConfig: {
        defaults: { unit: 'reqps', min: 0, max: 5, custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: true } },
        overrides: [],
      },
      options: { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['mean', 'max', 'lastNotNull'] }, tooltip: { mode: 'multi', sort: 'desc' } },
    });
  });

  it('writes a stat panel showing the last value with its sparkline, unit short and no bounds unless given', () => {
    const [panel] = panels(builder().panel({ title: 'Now', kind: 'stat', queries: [{ expr: 'up' }] }));
    expect(panel.type).to.equal('stat');
    expect(panel.description).to.equal('');
    expect(panel.fieldConfig).to.deep.equal({ defaults: { unit: 'short' }, overrides: [] });
    expect(panel.options).to.deep.equal({
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'area',
      textMode: 'auto',
      justifyMode: 'auto',
      orientation: 'auto',
    });
  });

  it('places panels left to right and wraps to a new line below the tallest panel of the line', () => {
    const b = builder()
      .panel({ title: 'a', width: 10, height: 4, queries: [{ expr: 'up' }] })
      .panel({ title: 'b', width: 14, height: 6, queries: [{ expr: 'up' }] })
      .panel({ title: 'c', width: 20, queries: [{ expr: 'up' }] })
      .panel({ title: 'd', width: 4, height: 2, queries: [{ expr: 'up' }] })
      .panel({ title: 'e', width: 1, queries: [{ expr: 'up' }] })
      .row('r')
      .row('s')
      .panel({ title: 'f', width: 24, height: 3, queries: [{ expr: 'up' }] });
    expect(at(b)).to.deep.equal([
      ['a', 0, 0, 10, 4],
      ['b', 10, 0, 14, 6],
      ['c', 0, 6, 20, 8],
      ['d', 20, 6, 4, 2],
      ['e', 0, 14, 1, 8],
      ['r', 0, 22, 24, 1],
      ['s', 0, 23, 24, 1],
      ['f', 0, 24, 24, 3],
    ]);
    expect(panels(b).find((p) => p.title === 'r')).to.deep.include({ id: 6, type: 'row', collapsed: false, panels: [] });
  });

  it('starts with a row at the top without an empty line', () => {
    expect(at(builder().row('first').panel({ title: 'p', queries: [{ expr: 'up' }] }))).to.deep.equal([
      ['first', 0, 0, 24, 1],
      ['p', 0, 1, 12, 8],
    ]);
  });

  it('refuses a panel width outside 1-24 or not whole, and a panel without queries', () => {
    for (const width of [0, 25, 1.5]) {
      expect(() => builder().panel({ title: 'w', width, queries: [{ expr: 'up' }] }), String(width)).to.throw(`panel w: width ${width} is not 1-24`);
    }
    expect(() => builder().panel({ title: 'w', width: 24, queries: [{ expr: 'up' }] })).to.not.throw();
    expect(() => builder().panel({ title: 'w', width: 1, queries: [{ expr: 'up' }] })).to.not.throw();
    expect(() => builder().panel({ title: 'empty', queries: [] })).to.throw('panel empty: no queries');
  });

  it('refuses a uid Grafana would not take: 1-40 of letters, digits, _ and -', () => {
    const make = (uid: string) => () => new DashboardBuilder({ uid, title: 't', description: '', tags: [], datasource: DATASOURCE });
    expect(make('a'.repeat(40))).to.not.throw();
    expect(make('A_b-9')).to.not.throw();
    expect(make('a'.repeat(41))).to.throw(`dashboard uid "${'a'.repeat(41)}" is not 1-40 of [a-zA-Z0-9_-]`);
    expect(make('')).to.throw('dashboard uid "" is not 1-40');
    expect(make('x y')).to.throw();
    expect(make('ok/')).to.throw();
    expect(make('/ok')).to.throw();
  });

  it('takes the refresh interval and time range start given, the tags, title and description', () => {
    const dashboard = builder({ refresh: '1m', timeFrom: 'now-6h' }).build();
    expect(dashboard).to.deep.include({ uid: 'test-board', title: 'Test board', description: 'for tests', tags: ['a', 'b'], refresh: '1m', time: { from: 'now-6h', to: 'now' }, version: 1, timepicker: {}, annotations: { list: [] } });
  });

  it('writes a label variable that Grafana fills from label_values and refreshes with the time range', () => {
    const dashboard = builder().variable({ name: 'ns', label: 'Namespace', series: 'up{job="x"}', labelName: 'namespace', default: 'prod' }).build();
    expect((dashboard.templating as { list: unknown[] }).list).to.deep.equal([
      {
        name: 'ns',
        label: 'Namespace',
        type: 'query',
        datasource: DATASOURCE,
        query: { query: 'label_values(up{job="x"}, namespace)', refId: 'PrometheusVariableQueryEditor-VariableQuery' },
        definition: 'label_values(up{job="x"}, namespace)',
        current: { text: 'prod', value: 'prod' },
        refresh: 2,
        sort: 1,
        includeAll: false,
        multi: false,
        hide: 0,
      },
    ]);
  });
});
