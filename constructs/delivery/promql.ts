import { parser } from '@prometheus-io/lezer-promql';

/**
 * Engine templates (`{{ interval }}`, `{{ target }}`, `{{args.version}}`, `{{ window }}`) replaced by a
 * sample value of the right kind, so that the query around them can be parsed: a range or offset gets a
 * duration, anything else a label value.
 */
export function withSampleTemplateValues(query: string): string {
  return query
    .replace(/\[\s*\{\{[^}]*\}\}\s*(?=[\]:])/g, '[1m')
    .replace(/:\s*\{\{[^}]*\}\}\s*\]/g, ':1m]')
    .replace(/offset\s+\{\{[^}]*\}\}/g, 'offset 1m')
    .replace(/\{\{[^}]*\}\}/g, 'sample');
}

/**
 * Parses PromQL with Prometheus's own grammar (lezer-promql) after filling in engine templates; returns
 * where the first syntax error is, or undefined when the query parses.
 */
export function promqlSyntaxError(query: string): string | undefined {
  const text = withSampleTemplateValues(query);
  if (text.trim() === '') return 'empty query';
  let error: string | undefined;
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError && error === undefined) error = `syntax error at ${JSON.stringify(text.slice(node.from, node.from + 20) || text.slice(-20))}`;
    },
  });
  return error;
}
