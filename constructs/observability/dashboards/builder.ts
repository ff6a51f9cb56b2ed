/** Where a panel's queries go: a Grafana datasource by type and uid. */
export interface DatasourceRef {
  readonly type: string;
  readonly uid: string;
}

/** A PromQL query of a panel. */
export interface Query {
  readonly expr: string;
  /** Series name in the legend, with `{{label}}` placeholders. */
  readonly legend?: string;
}

/** Panel visualisations the builder emits. */
export type PanelKind = 'timeseries' | 'stat';

/** Grafana units used here (see Grafana's unit list). */
export type Unit = 'reqps' | 'percentunit' | 'ms' | 's' | 'short' | 'none';

/** One panel: what to show, how, and how much of the 24-column grid it takes. */
export interface PanelSpec {
  readonly title: string;
  readonly description?: string;
  readonly kind?: PanelKind;
  readonly unit?: Unit;
  readonly queries: readonly Query[];
  /** Columns out of 24. @default 12 */
  readonly width?: number;
  /** Grid rows. @default 8 */
  readonly height?: number;
  /** Lower bound of the axis, e.g. 0 for rates. */
  readonly min?: number;
  /** Upper bound of the axis, e.g. 1 for ratios. */
  readonly max?: number;
}

/** A dashboard variable filled from the label values of a series. */
export interface LabelVariable {
  readonly name: string;
  readonly label: string;
  /** `label_values(<series>, <label>)` arguments. */
  readonly series: string;
  readonly labelName: string;
  /** Selected when the dashboard opens. */
  readonly default: string;
}

/** The JSON model of a dashboard, as Grafana's file provisioning reads it. */
export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly [key: string]: unknown;
}

interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

const GRID_COLUMNS = 24;

/**
 * Builds a Grafana dashboard JSON model: rows and panels are placed left to right, top to bottom on the
 * 24-column grid; every panel queries the one datasource given; ids and refIds are assigned in order.
 */
export class DashboardBuilder {
  private readonly panels: Record<string, unknown>[] = [];
  private readonly variables: Record<string, unknown>[] = [];
  private nextId = 1;
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  constructor(
    private readonly options: {
      readonly uid: string;
      readonly title: string;
      readonly description: string;
      readonly tags: readonly string[];
      readonly datasource: DatasourceRef;
      readonly refresh?: string;
      readonly timeFrom?: string;
    },
  ) {
    if (!/^[a-zA-Z0-9_-]{1,40}$/.test(options.uid)) throw new Error(`dashboard uid ${JSON.stringify(options.uid)} is not 1-40 of [a-zA-Z0-9_-]`);
  }

  /** Adds a variable selectable at the top of the dashboard, referenced in queries as `$name`. */
  public variable(variable: LabelVariable): this {
    const query = `label_values(${variable.series}, ${variable.labelName})`;
    this.variables.push({
      name: variable.name,
      label: variable.label,
      type: 'query',
      datasource: this.options.datasource,
      query: { query, refId: 'PrometheusVariableQueryEditor-VariableQuery' },
      definition: query,
      current: { text: variable.default, value: variable.default },
      refresh: 2,
      sort: 1,
      includeAll: false,
      multi: false,
      hide: 0,
    });
    return this;
  }

  /** Starts a new full-width row with a title. */
  public row(title: string): this {
    this.newLine();
    this.panels.push({ id: this.nextId++, type: 'row', title, collapsed: false, panels: [], gridPos: this.place(GRID_COLUMNS, 1) });
    this.newLine();
    return this;
  }

  /** Adds a panel at the next free place. */
  public panel(spec: PanelSpec): this {
    const width = spec.width ?? 12;
    const height = spec.height ?? 8;
    if (!Number.isInteger(width) || width < 1 || width > GRID_COLUMNS) throw new Error(`panel ${spec.title}: width ${width} is not 1-24`);
    if (spec.queries.length === 0) throw new Error(`panel ${spec.title}: no queries`);
    if (this.x + width > GRID_COLUMNS) this.newLine();
    const kind = spec.kind ?? 'timeseries';
    const datasource = this.options.datasource;
    this.panels.push({
      id: this.nextId++,
      type: kind,
      title: spec.title,
      description: spec.description ?? '',
      datasource,
      gridPos: this.place(width, height),
      targets: spec.queries.map((q, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource,
        expr: q.expr,
        legendFormat: q.legend ?? '__auto',
        range: true,
        instant: false,
        editorMode: 'code',
      })),
      fieldConfig: {
        defaults: {
          unit: spec.unit ?? 'short',
          ...(spec.min === undefined ? {} : { min: spec.min }),
          ...(spec.max === undefined ? {} : { max: spec.max }),
          ...(kind === 'timeseries' ? { custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: true } } : {}),
        },
        overrides: [],
      },
      options:
        kind === 'stat'
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto', justifyMode: 'auto', orientation: 'auto' }
          : { legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['mean', 'max', 'lastNotNull'] }, tooltip: { mode: 'multi', sort: 'desc' } },
    });
    return this;
  }

  /** The dashboard JSON model. */
  public build(): DashboardJson {
    return {
      uid: this.options.uid,
      title: this.options.title,
      description: this.options.description,
      tags: [...this.options.tags],
      editable: false,
      graphTooltip: 1,
      refresh: this.options.refresh ?? '10s',
      schemaVersion: 41,
      version: 1,
      timezone: 'browser',
      time: { from: this.options.timeFrom ?? 'now-30m', to: 'now' },
      timepicker: {},
      annotations: { list: [] },
      links: [{ type: 'dashboards', tags: ['dog-app-mesh'], asDropdown: true, title: 'dog-app-mesh', includeVars: false, keepTime: true }],
      templating: { list: this.variables.map((v) => ({ ...v })) },
      panels: this.panels.map((p) => ({ ...p })),
    };
  }

  private place(w: number, h: number): GridPos {
    const pos = { x: this.x, y: this.y, w, h };
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return pos;
  }

  private newLine(): void {
    if (this.x === 0) return;
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }
}
