import { promqlSyntaxError } from '../../delivery/promql.js';
import { record, records, str } from '../json.js';
import type { IndexedObject } from '../object-index.js';
import type { Check, FieldPath } from '../types.js';

/** Where each kind keeps its Prometheus queries. */
function queries(o: IndexedObject): { query: string; field: FieldPath }[] {
  if (o.key === 'flagger.app/MetricTemplate') {
    if (str(record(o.spec.provider).type) !== 'prometheus') return [];
    const query = str(o.spec.query);
    return query === undefined ? [] : [{ query, field: ['spec', 'query'] }];
  }
  if (o.key === 'flagger.app/Canary') {
    return records(record(o.spec.analysis).metrics).flatMap((m, i) => {
      const query = str(m.query);
      return query === undefined ? [] : [{ query, field: ['spec', 'analysis', 'metrics', i, 'query'] }];
    });
  }
  return records(o.spec.metrics).flatMap((m, i) => {
    const query = str(record(record(m.provider).prometheus).query);
    return query === undefined ? [] : [{ query, field: ['spec', 'metrics', i, 'provider', 'prometheus', 'query'] }];
  });
}

const KINDS = ['flagger.app/MetricTemplate', 'flagger.app/Canary', 'argoproj.io/AnalysisTemplate', 'argoproj.io/ClusterAnalysisTemplate'];

export const deliveryQuerySyntax: Check = {
  code: 'DAM0113',
  severity: 'Error',
  title: 'DeliveryQueryInvalid',
  description: 'A Flagger MetricTemplate or Canary metric, or an Argo Rollouts (Cluster)AnalysisTemplate, has a Prometheus query that does not parse as PromQL (engine templates such as {{ interval }} or {{args.x}} filled in).',
  run({ index, report }) {
    for (const o of index.objects) {
      if (!KINDS.includes(o.key)) continue;
      for (const { query, field } of queries(o)) {
        const error = promqlSyntaxError(query);
        if (error) {
          report(o, `Prometheus query does not parse as PromQL (${error}): every run of this check errors, which counts as a failed check and rolls the canary back. Fix the query: ${JSON.stringify(query.length > 120 ? `${query.slice(0, 117)}...` : query)}.`, { field });
        }
      }
    }
  },
};
