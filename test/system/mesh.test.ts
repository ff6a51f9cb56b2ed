/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- walks synthesized manifests */
import { expect } from 'chai';
import { analyze } from '../../constructs/index.js';
import { explainIn, loadgenUrl, scrapeTargets, variants, visitorSource, visitorUrl, type Variant } from './support.js';

/**
 * The whole mesh, checked with `explain` over dist/ and each variant the construct tests synthesize: the
 * load generator reaches the app, strangers in the mesh are turned away, the header route and the weights
 * do what the props say, and Prometheus can scrape every target its config names under STRICT mTLS.
 */
describe('the mesh as a whole (explain over the manifests)', function () {
  this.timeout(120_000);
  let all: Variant[] = [];
  before(async () => {
    all = await variants();
  });

  it('covers dist/ and every construct-test variant', () => {
    expect(all.map((v) => v.name)).to.deep.equal(['dist/', 'canary', 'Gateway API', 'ambient', 'direct LoadBalancer', 'TLS origination', 'HTTPS ingress', 'header route open to the ingress', 'Helm-installed gateway']);
  });

  it('the load generator reaches the app, with the verdict allowed', () => {
    for (const v of all) {
      const { namespace, serviceAccount, url } = loadgenUrl(v);
      const r = explainIn(v, { kind: 'workload', namespace, serviceAccount }, 'GET', url);
      expect(r.verdict, `${v.name}: ${r.summary}`).to.equal('allowed');
      expect(r.versions, v.name).to.not.be.empty;
    }
  });

  it('an unknown caller in the mesh is denied (403) on the app and on its internal routes', () => {
    for (const v of all) {
      const { url } = loadgenUrl(v);
      const stranger = { kind: 'workload' as const, namespace: 'elsewhere', serviceAccount: 'stranger' };
      const paths = v.props.ingress?.api === 'none' ? ['/metrics', '/healthz', '/readyz'] : ['/', '/metrics', '/healthz', '/readyz'];
      for (const path of paths) {
        const r = explainIn(v, stranger, 'GET', new URL(path, url).toString());
        expect(r.verdict, `${v.name} ${path}: ${r.summary}`).to.equal('denied');
        expect(r.status, v.name).to.equal(403);
      }
    }
  });

  it('the header route reaches the version it names from the load generator, and from the ingress only when open to it', () => {
    for (const v of all) {
      const header = v.props.headerRoute!;
      const headers = { [header.header ?? 'x-canary']: header.value ?? 'always' };
      if (v.props.ingress?.api !== 'none') {
        // From outside, the header picks the version only when the props open the header route to the ingress.
        const r = explainIn(v, visitorSource(v), 'GET', visitorUrl(v, '/'), headers);
        expect(r.verdict, `${v.name}: ${r.summary}`).to.equal('allowed');
        const weighted = v.props.versions!.filter((x) => (x.weight ?? 0) > 0).map((x) => x.name);
        expect(r.versions, v.name).to.deep.equal(header.fromIngress ? [header.version] : weighted);
      }
      const { namespace, serviceAccount, url } = loadgenUrl(v);
      expect(explainIn(v, { kind: 'workload', namespace, serviceAccount }, 'GET', url, headers).versions, `${v.name} in the mesh`).to.deep.equal([header.version]);
    }
  });

  it('the weights of the default route are the weights the props give each version', () => {
    for (const v of all) {
      const expected = Object.fromEntries(v.props.versions!.map((x) => [x.name, x.weight]));
      const source = v.props.ingress?.api === 'none' ? { kind: 'workload' as const, ...loadgenUrl(v) } : visitorSource(v);
      const target = v.props.ingress?.api === 'none' ? loadgenUrl(v).url : visitorUrl(v, '/');
      const r = explainIn(v, source, 'GET', target);
      const got = Object.fromEntries(r.destinations.map((d) => [d.workloads[0]?.version ?? d.subset ?? d.host, d.weight]));
      expect(got, `${v.name}: ${r.summary}`).to.deep.equal(expected);
    }
  });

  it('from outside, only the LoadBalancer variant takes requests without the ingress, and there only plaintext on the app port', () => {
    for (const v of all) {
      const r = explainIn(v, { kind: 'outside' }, 'GET', 'http://dog-app:8000/');
      expect(r.verdict, `${v.name}: ${r.summary}`).to.equal(v.props.ingress?.api === 'none' ? 'allowed' : 'failed');
    }
  });

  it('Prometheus can scrape every pod target its config names, under STRICT mTLS', () => {
    for (const v of all) {
      const targets = scrapeTargets(v);
      expect(targets.filter((t) => t.job === 'kubernetes-pods').map((t) => t.workload), v.name).to.include.members(v.props.versions!.map((x) => `dog-app-${x.name}`));
      const strict = v.objects.filter((o) => o.kind === 'PeerAuthentication' && (o.spec as { mtls?: { mode?: string } } | undefined)?.mtls?.mode === 'STRICT');
      expect(strict, `${v.name} runs under STRICT mTLS`).to.not.be.empty;
      for (const t of targets) {
        const r = explainIn(v, { kind: 'workload', namespace: 'istio-system', serviceAccount: 'prometheus' }, 'GET', `http://${t.workload}.${t.namespace}.pod:${t.port}${t.path}`);
        expect(r.verdict, `${v.name} job ${t.job} ${t.workload}:${t.port}${t.path}: ${r.summary}`).to.equal('allowed');
      }
    }
  });

  it('analyze and explain agree: each ingress route rule explain finds denied is a DAM0115 finding, and there is none', () => {
    for (const v of all) {
      const findings = analyze(v.objects).filter((f) => f.code === 'DAM0115');
      expect(findings.map((f) => f.message), v.name).to.deep.equal([]);
      const rules = v.objects.filter((o) => (o.kind === 'VirtualService' && o.spec.gateways) || (o.kind === 'HTTPRoute' && !o.spec.parentRefs.some((p: { kind?: string }) => p.kind === 'Service')));
      for (const route of rules) {
        for (const rule of (route.spec.http ?? route.spec.rules) as { match?: { headers?: Record<string, { exact: string }> }[]; matches?: { headers?: { name: string; value: string }[] }[] }[]) {
          const headers = Object.fromEntries([
            ...Object.entries(rule.match?.[0]?.headers ?? {}).map(([k, m]) => [k, m.exact]),
            ...(rule.matches?.[0]?.headers ?? []).map((h) => [h.name, h.value]),
          ]);
          expect(explainIn(v, visitorSource(v), 'GET', visitorUrl(v, '/'), headers).verdict, `${v.name} ${route.metadata.name}`).to.equal('allowed');
        }
      }
    }
  });
});
