import { expect } from 'chai';
import { explain } from '../../constructs/index.js';
import { ROUTE_TABLE, routesFor } from '../../service/route-table.js';
import { synthMesh, type K8sObject } from './support.js';

/** Each method a route answers, HEAD wherever GET is. */
const methodsOf = (methods: readonly string[]) => (methods.includes('GET') ? [...methods, 'HEAD'] : [...methods]);

describe("the dog app's allowed paths come from the service's route table", () => {
  let objects: K8sObject[];
  beforeEach(() => ({ objects } = synthMesh({ loadgen: { rps: 1 } })));
  const call = (source: Parameters<typeof explain>[1]['source'], method: string, path: string) =>
    explain(objects, { source, method, target: source.kind === 'workload' ? `http://dog-app.dog-app.svc.cluster.local:8000${path}` : path });
  const ingress = { kind: 'ingress' } as const;
  const loadgen = { kind: 'workload', namespace: 'dog-app', serviceAccount: 'dog-app-loadgen' } as const;
  const other = { kind: 'workload', namespace: 'shop', serviceAccount: 'orders' } as const;

  it('lets a visitor reach every visitor route of the table through the ingress, with each of its methods', () => {
    const visitor = routesFor('visitor');
    expect(visitor.map((r) => r.path)).to.include.members(['/', '/static/style.css', '/static/favicon.svg']);
    for (const route of visitor) {
      for (const method of methodsOf(route.methods)) {
        const result = call(ingress, method, route.path);
        expect(result.verdict, `${method} ${route.path}: ${result.summary}`).to.equal('allowed');
      }
    }
  });

  it('lets the load generator reach the visitor routes it calls', () => {
    for (const route of routesFor('visitor')) expect(call(loadgen, 'GET', route.path).verdict, route.path).to.equal('allowed');
  });

  it('keeps the probe and metrics routes closed to the ingress and to other workloads', () => {
    const closed = ROUTE_TABLE.filter((r) => r.audience !== 'visitor');
    expect(closed.map((r) => r.path)).to.have.members(['/healthz', '/readyz', '/metrics']);
    for (const route of closed) {
      for (const source of [ingress, loadgen, other]) {
        const result = call(source, 'GET', route.path);
        expect(result.verdict, `${source.kind} GET ${route.path}: ${result.summary}`).to.equal('denied');
      }
    }
  });

  it('opens no path beyond the table', () => {
    expect(call(ingress, 'GET', '/api/other').verdict).to.equal('denied');
    expect(call(ingress, 'GET', '/static/other.js').verdict).to.equal('denied');
  });
});
