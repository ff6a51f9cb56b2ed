import { parser } from '@prometheus-io/lezer-promql';

/** The parts of a Grafana dashboard JSON model the tests read. */
export interface DashboardModel {
  uid: string;
  title: string;
  schemaVersion: number;
  templating: { list: { name: string; type: string; query: { query: string } | string; current: { value: string } }[] };
  panels: PanelModel[];
}

export interface PanelModel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string; datasource?: { type: string; uid: string } }[];
}

/** Grafana's built-in interval variables, with the value a test evaluates them at. */
const BUILTIN_VARIABLES: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '5m' };

/** Replaces `$name` / `${name}` with the values given, or Grafana's built-ins; throws on an unknown variable. */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (_match, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const value = values[name] ?? BUILTIN_VARIABLES[name];
    if (value === undefined) throw new Error(`unknown dashboard variable $${name} in ${expr}`);
    return value;
  });
}

/** Parses PromQL with Prometheus's own grammar (lezer-promql); returns the first syntax error, if any. */
export function promqlSyntaxError(expr: string): string | undefined {
  let error: string | undefined;
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined) error = `syntax error at ${node.from}: ${JSON.stringify(expr.slice(node.from, node.from + 20))}`;
    },
  });
  return error;
}

/** Every query expression of a dashboard, with the panel it belongs to. */
export function dashboardQueries(dashboard: DashboardModel): { panel: string; expr: string }[] {
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
}

/** The default value of each dashboard variable. */
export function variableDefaults(dashboard: DashboardModel): Record<string, string> {
  return Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v.current.value]));
}
