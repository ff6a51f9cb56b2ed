import { expect } from 'chai';
import { allFindings, findingsOf } from './check-findings.js';

// The progressive delivery checks (DAM0110–DAM0114): each finding in full, and a clean twin per branch.

const WEB_SERVICE = `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80, targetPort: 8080 }]
`;

function rollout(istio: string, steps = '- setWeight: 10'): string {
  return `
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:2 }] }
  strategy:
    canary:
      trafficRouting:
        istio:
${istio.trim().replace(/^/gm, '          ')}
      steps:
${steps.trim().replace(/^/gm, '        ')}
`;
}

const ROUTING = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: web, namespace: shop }
spec:
  host: web
  subsets: [{ name: stable, labels: { app: web } }, { name: canary, labels: { app: web } }]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: shop }
spec:
  hosts: [web]
  http:
    - name: primary
      route: [{ destination: { host: web, subset: stable }, weight: 100 }, { destination: { host: web, subset: canary }, weight: 0 }]
`;

const ISTIO_FIELD = 'spec.strategy.canary.trafficRouting.istio';

describe('DAM0110 RolloutTrafficRoutingNotFound', () => {
  it('reports a missing VirtualService, by its name without the namespace suffix', () => {
    const text = [WEB_SERVICE, rollout('virtualService: { name: webs.shop, routes: [primary] }')].join('\n---\n');
    expect(findingsOf('DAM0110', text)).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message: "Rollout traffic routing names VirtualService shop/webs, which does not exist: the controller cannot set the canary's weight. Create it, or fix the name.",
        field: `${ISTIO_FIELD}.virtualService.name`,
      },
    ]);
  });

  it('reads the virtualServices list, each entry at its index', () => {
    const istio = 'virtualServices: [{ name: web, routes: [primary] }, { name: gone, routes: [primary] }, { routes: [x] }]';
    const found = findingsOf('DAM0110', [ROUTING, WEB_SERVICE, rollout(istio)].join('\n---\n'));
    expect(found.map((f) => [f.message.slice(0, 60), f.field])).to.deep.equal([
      ['Rollout traffic routing names VirtualService shop/gone, whic', `${ISTIO_FIELD}.virtualServices[1].name`],
    ]);
  });

  it('reports a route the VirtualService does not name, listing the names it has', () => {
    const found = findingsOf('DAM0110', [ROUTING, WEB_SERVICE, rollout('virtualService: { name: web, routes: [primary, canary-route] }')].join('\n---\n'));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message:
          'Rollout traffic routing names route "canary-route" of VirtualService shop/web, which has "primary": the controller cannot find the route whose weights it sets. Name the weighted http route "canary-route", or fix the Rollout.',
        field: `${ISTIO_FIELD}.virtualService.routes[1]`,
      },
    ]);
  });

  it('lists every route name the VirtualService has; entries that are not names are skipped', () => {
    const two = ROUTING.replace('      route: [{ destination: { host: web, subset: stable }', '      route: [{ destination: { host: web, subset: stable }').replace('  http:\n', '  http:\n    - name: health\n      route: [{ destination: { host: web } }]\n');
    const found = findingsOf('DAM0110', [two, WEB_SERVICE, rollout('virtualService: { name: web, routes: [primary, 7, main] }')].join('\n---\n'));
    expect(found.map((f) => [f.message.slice(0, 98), f.field])).to.deep.equal([
      ['Rollout traffic routing names route "main" of VirtualService shop/web, which has "health", "primar', `${ISTIO_FIELD}.virtualService.routes[2]`],
    ]);
  });

  it('says "no named routes" when the VirtualService names none', () => {
    const unnamed = ROUTING.replace('- name: primary\n      route', '- route');
    const found = findingsOf('DAM0110', [unnamed, WEB_SERVICE, rollout('virtualService: { name: web, routes: [primary] }')].join('\n---\n'));
    expect(found.map((f) => f.message)).to.deep.equal([
      'Rollout traffic routing names route "primary" of VirtualService shop/web, which has no named routes: the controller cannot find the route whose weights it sets. Name the weighted http route "primary", or fix the Rollout.',
    ]);
  });

  it('reports a missing DestinationRule, and then no subsets', () => {
    const found = findingsOf('DAM0110', [WEB_SERVICE, rollout('destinationRule: { name: web, stableSubsetName: stable, canarySubsetName: canary }')].join('\n---\n'));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message: 'Rollout traffic routing names DestinationRule shop/web, which does not exist: the controller cannot label its stable and canary subsets. Create it, or fix the name.',
        field: `${ISTIO_FIELD}.destinationRule.name`,
      },
    ]);
  });

  it('reports each subset the DestinationRule does not define, naming the ones it does', () => {
    const istio = 'destinationRule: { name: web, stableSubsetName: main, canarySubsetName: next }';
    const found = findingsOf('DAM0110', [ROUTING, WEB_SERVICE, rollout(istio)].join('\n---\n'));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message:
          "Rollout traffic routing names subset \"main\" (stableSubsetName) of DestinationRule shop/web, which defines stable, canary. Add the subset (selecting the app's pods; the controller adds rollouts-pod-template-hash), or fix the Rollout.",
        field: `${ISTIO_FIELD}.destinationRule.stableSubsetName`,
      },
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message:
          "Rollout traffic routing names subset \"next\" (canarySubsetName) of DestinationRule shop/web, which defines stable, canary. Add the subset (selecting the app's pods; the controller adds rollouts-pod-template-hash), or fix the Rollout.",
        field: `${ISTIO_FIELD}.destinationRule.canarySubsetName`,
      },
    ]);
    const unnamed = ROUTING.replace('{ name: canary, labels: { app: web } }]', '{ name: canary, labels: { app: web } }, { labels: { app: web } }]');
    expect(findingsOf('DAM0110', [unnamed, WEB_SERVICE, rollout('destinationRule: { name: web, stableSubsetName: main }')].join('\n---\n'))[0].message).to.include(
      'which defines stable, canary. Add',
    );
    const noSubsets = ROUTING.replace('subsets: [{ name: stable, labels: { app: web } }, { name: canary, labels: { app: web } }]', 'subsets: []');
    expect(findingsOf('DAM0110', [noSubsets, WEB_SERVICE, rollout('destinationRule: { name: web, canarySubsetName: canary }')].join('\n---\n'))[0].message).to.include(
      'which defines no subsets.',
    );
  });

  it('clean twin: the VirtualService, its route, the DestinationRule and both subsets exist', () => {
    const istio = 'virtualService: { name: web, routes: [primary] }\ndestinationRule: { name: web, stableSubsetName: stable, canarySubsetName: canary }';
    expect(findingsOf('DAM0110', [ROUTING, WEB_SERVICE, rollout(istio)].join('\n---\n'))).to.deep.equal([]);
  });
});

function canaryAnalysis(analysis: string): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web:2 }] }
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web, namespace: shop }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  service: { port: 80 }
  analysis:
${analysis.trim().replace(/^/gm, '    ')}
`;
}

describe('DAM0114 StepWeightsInvalid', () => {
  it('a Rollout step over 100 percent', () => {
    expect(findingsOf('DAM0114', rollout('virtualService: { name: web }', '- setWeight: 10\n- setWeight: 101'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message: 'Step 1 sets the canary weight to 101, more than 100 percent. Use a weight from 0 to 100.',
        field: 'spec.strategy.canary.steps[1].setWeight',
      },
    ]);
  });

  it('a Rollout step that repeats the weight before it; 100 itself and steps without a weight are fine', () => {
    expect(findingsOf('DAM0114', rollout('virtualService: { name: web }', '- setWeight: 40\n- pause: {}\n- setWeight: 40'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Rollout shop/web',
        message: "Step 2 sets the canary weight to 40, not more than the 40 of an earlier step: the canary's share would fall back mid-rollout. Make the setWeight steps increase.",
        field: 'spec.strategy.canary.steps[2].setWeight',
      },
    ]);
    expect(findingsOf('DAM0114', rollout('virtualService: { name: web }', '- setWeight: 0\n- pause: {}\n- setWeight: 99\n- setWeight: 100'))).to.deep.equal([]);
  });

  it('compares a Rollout step with the highest weight so far', () => {
    const found = findingsOf('DAM0114', rollout('virtualService: { name: web }', '- setWeight: 60\n- setWeight: 20\n- setWeight: 50'));
    expect(found.map((f) => f.message.slice(0, 60))).to.deep.equal([
      'Step 1 sets the canary weight to 20, not more than the 60 of',
      'Step 2 sets the canary weight to 50, not more than the 60 of',
    ]);
  });

  it('Canary stepWeights over 100, or not increasing', () => {
    expect(findingsOf('DAM0114', canaryAnalysis('stepWeights: [10, 101]'))).to.deep.equal([
      { severity: 'Error', object: 'Canary shop/web', message: 'stepWeights[1] is 101, more than 100 percent. Use weights from 1 to 100.', field: 'spec.analysis.stepWeights[1]' },
    ]);
    expect(findingsOf('DAM0114', canaryAnalysis('stepWeights: [30, "x", 30, 20]'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Canary shop/web',
        message: "stepWeights[2] is 30, not more than the 30 before it: Flagger would lower the canary's weight mid-analysis. Make the step weights increase.",
        field: 'spec.analysis.stepWeights[2]',
      },
      {
        severity: 'Error',
        object: 'Canary shop/web',
        message: "stepWeights[3] is 20, not more than the 30 before it: Flagger would lower the canary's weight mid-analysis. Make the step weights increase.",
        field: 'spec.analysis.stepWeights[3]',
      },
    ]);
    expect(findingsOf('DAM0114', canaryAnalysis('stepWeights: [1, 50, 100]'))).to.deep.equal([]);
    expect(findingsOf('DAM0114', canaryAnalysis('stepWeights: [10, 50, 40]')).map((f) => f.message.slice(0, 45))).to.deep.equal(['stepWeights[2] is 40, not more than the 50 be']);
  });

  it('Canary maxWeight over 100', () => {
    expect(findingsOf('DAM0114', canaryAnalysis('maxWeight: 101\nstepWeight: 200'))).to.deep.equal([
      { severity: 'Error', object: 'Canary shop/web', message: 'maxWeight is 101, more than 100 percent. Use at most 100.', field: 'spec.analysis.maxWeight' },
    ]);
    expect(findingsOf('DAM0114', canaryAnalysis('maxWeight: 100\nstepWeight: 100'))).to.deep.equal([]);
  });

  it('Canary stepWeight more than maxWeight', () => {
    expect(findingsOf('DAM0114', canaryAnalysis('maxWeight: 50\nstepWeight: 51'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Canary shop/web',
        message: 'stepWeight 51 is more than maxWeight 50: the first step already passes the last. Lower stepWeight or raise maxWeight.',
        field: 'spec.analysis.stepWeight',
      },
    ]);
    expect(findingsOf('DAM0114', canaryAnalysis('maxWeight: 50\nstepWeight: 50'))).to.deep.equal([]);
    expect(findingsOf('DAM0114', canaryAnalysis('stepWeight: 150'))).to.deep.equal([]);
  });
});

const TEMPLATE = `
apiVersion: flagger.app/v1beta1
kind: MetricTemplate
metadata: { name: latency, namespace: shop }
spec:
  provider: { type: prometheus, address: "http://prometheus:9090" }
  query: QUERY
`;

describe('DAM0113 DeliveryQueryInvalid', () => {
  it('a Canary metric query that does not parse, at its index', () => {
    const text = canaryAnalysis('metrics:\n  - { name: ok, query: "sum(up)" }\n  - { name: noquery, templateRef: { name: x } }\n  - { name: bad, query: "sum(up" }');
    const [f, ...rest] = findingsOf('DAM0113', text);
    expect(rest).to.deep.equal([]);
    expect(f).to.include({ severity: 'Error', object: 'Canary shop/web', field: 'spec.analysis.metrics[2].query' });
    expect(f.message).to.match(/^Prometheus query does not parse as PromQL \(.+\): every run of this check errors, which counts as a failed check and rolls the canary back\. Fix the query: "sum\(up"\.$/);
  });

  it('an Argo Rollouts AnalysisTemplate and ClusterAnalysisTemplate query, at its provider', () => {
    const template = (kind: string, ns: string) => `
apiVersion: argoproj.io/v1alpha1
kind: ${kind}
metadata: { name: success, ${ns} }
spec:
  metrics:
    - { name: web, provider: { web: { url: "http://x" } } }
    - { name: rate, provider: { prometheus: { address: "http://prometheus:9090", query: "rate(x[5m]" } } }
`;
    const found = findingsOf('DAM0113', [template('AnalysisTemplate', 'namespace: shop'), template('ClusterAnalysisTemplate', '')].join('\n---\n'));
    expect(found.map((f) => [f.object.split(' ')[0], f.field])).to.deep.equal([
      ['AnalysisTemplate', 'spec.metrics[1].provider.prometheus.query'],
      ['ClusterAnalysisTemplate', 'spec.metrics[1].provider.prometheus.query'],
    ]);
    expect(found[0].object).to.equal('AnalysisTemplate shop/success');
    expect(found[1].object, 'a cluster-scoped kind is named without a namespace').to.equal('ClusterAnalysisTemplate success');
    expect(found[0].message).to.match(/Fix the query: "rate\(x\[5m\]"\.$/);
  });

  it('shortens a long query in the message to 117 characters and "..."', () => {
    const long = `sum(rate(istio_requests_total{destination_workload="web"}[5m])) / ${'x'.repeat(80)} +`;
    const [f] = findingsOf('DAM0113', TEMPLATE.replace('QUERY', JSON.stringify(long)));
    expect(f.message).to.include(`Fix the query: ${JSON.stringify(`${long.slice(0, 117)}...`)}.`);
    const exactly120 = `sum(up) + ${'a'.repeat(108)} +`;
    expect(exactly120).to.have.lengthOf(120);
    const [g] = findingsOf('DAM0113', TEMPLATE.replace('QUERY', JSON.stringify(exactly120)));
    expect(g.message).to.include(`Fix the query: ${JSON.stringify(exactly120)}.`);
  });

  it('leaves MetricTemplates of other providers, other kinds and valid queries alone', () => {
    const datadog = TEMPLATE.replace('type: prometheus', 'type: datadog').replace('QUERY', '"avg:(("');
    const other = TEMPLATE.replace('flagger.app/v1beta1', 'example.com/v1').replace('QUERY', '"sum(up"');
    const valid = TEMPLATE.replace('QUERY', '"sum(rate(x[{{ interval }}]))"');
    const noQuery = TEMPLATE.replace('  query: QUERY\n', '');
    const otherKind = 'apiVersion: example.com/v1\nkind: Probe\nmetadata: { name: p, namespace: shop }\nspec: { metrics: [{ provider: { prometheus: { query: "sum(up" } } }] }\n';
    expect(findingsOf('DAM0113', otherKind)).to.deep.equal([]);
    expect(findingsOf('DAM0113', [datadog, other, valid, noQuery].join('\n---\n'))).to.deep.equal([]);
  });
});

describe('DAM0111 CanaryTargetInvalid', () => {
  const canary = (targetRef: string) => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web, namespace: shop }
spec:
  targetRef: ${targetRef}
  service: { port: 80 }
`;
  const deployment = (matchLabels: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: ${matchLabels} }
  template:
    metadata: { labels: { app: web, version: v2 } }
    spec: { containers: [{ name: web, image: web:2 }] }
`;

  it('a target Deployment that selects on no label says "nothing"', () => {
    expect(findingsOf('DAM0111', [deployment('{}'), canary('{ apiVersion: apps/v1, kind: Deployment, name: web }')].join('\n---\n'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Canary shop/web',
        message:
          'Canary target Deployment shop/web selects on nothing: Flagger needs exactly one selector label among app, name, app.kubernetes.io/name, which it rewrites to web-primary for the primary; other selector labels are copied unchanged and the primary and canary pods overlap. Select on app only.',
        field: 'spec.targetRef',
      },
    ]);
  });

  it('one selector label Flagger does not rewrite is reported; each one it rewrites is fine', () => {
    expect(findingsOf('DAM0111', [deployment('{ version: v2 }'), canary('{ kind: Deployment, name: web }')].join('\n---\n')).map((f) => f.message.slice(0, 60))).to.deep.equal([
      'Canary target Deployment shop/web selects on version=v2: Fla',
    ]);
    for (const label of ['app', 'name', 'app.kubernetes.io/name']) {
      expect(findingsOf('DAM0111', [deployment(`{ "${label}": web }`), canary('{ kind: Deployment, name: web }')].join('\n---\n')), label).to.deep.equal([]);
    }
  });

  it('a missing target in the Canary\'s namespace; targets that are not Deployments, or unnamed, are not followed', () => {
    const elsewhere = deployment('{ app: web }').replace('namespace: shop', 'namespace: other');
    expect(findingsOf('DAM0111', [elsewhere, canary('{ kind: Deployment, name: web }')].join('\n---\n'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'Canary shop/web',
        message: 'Canary target Deployment shop/web does not exist: Flagger has nothing to copy to web-primary and the canary stays in phase Failed. Create the Deployment, or fix spec.targetRef.name.',
        field: 'spec.targetRef.name',
      },
    ]);
    expect(findingsOf('DAM0111', [canary('{ kind: DaemonSet, name: web }'), canary('{ kind: Deployment }').replace('name: web,', 'name: other,')].join('\n---\n'))).to.deep.equal([]);
  });
});

describe('DAM0112 RoutingFightsCanary', () => {
  const CANARY = `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: web, namespace: shop }
spec:
  targetRef: { kind: Deployment, name: web }
  service: { name: front, port: 80 }
`;

  it('a VirtualService for any of the Canary\'s three hosts, short or fully qualified, at that host', () => {
    const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: front, namespace: shop }
spec:
  hosts: [shop.example.com, 7, front-primary, front-canary.shop.svc.cluster.local]
  http: [{ route: [{ destination: { host: front } }] }]
`;
    const found = findingsOf('DAM0112', [CANARY, vs].join('\n---\n'));
    expect(found).to.deep.equal([
      {
        severity: 'Error',
        object: 'VirtualService shop/front',
        message:
          "VirtualService host front-primary is routed by Canary shop/web: Flagger writes the VirtualService of that host itself and overwrites (or is overwritten by) this one at every step. Remove this VirtualService; set retries, timeout, gateways and hosts on the Canary's spec.service, or use its delegation.",
        field: 'spec.hosts[2]',
      },
      {
        severity: 'Error',
        object: 'VirtualService shop/front',
        message:
          "VirtualService host front-canary.shop.svc.cluster.local is routed by Canary shop/web: Flagger writes the VirtualService of that host itself and overwrites (or is overwritten by) this one at every step. Remove this VirtualService; set retries, timeout, gateways and hosts on the Canary's spec.service, or use its delegation.",
        field: 'spec.hosts[3]',
      },
    ]);
  });

  it('a DestinationRule for the apex host; one in another namespace, or for another host, is fine', () => {
    const dr = (ns: string, host: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: front, namespace: ${ns} }
spec:
  host: ${host}
`;
    expect(findingsOf('DAM0112', [CANARY, dr('shop', 'front'), dr('other', 'front'), dr('shop', 'back')].join('\n---\n'))).to.deep.equal([
      {
        severity: 'Error',
        object: 'DestinationRule shop/front',
        message:
          "DestinationRule host front belongs to Canary shop/web: Flagger writes the DestinationRules of its Services itself (<name>-primary, <name>-canary). Remove this DestinationRule and set the policy in the Canary's spec.service.trafficPolicy.",
        field: 'spec.host',
      },
    ]);
    expect(findingsOf('DAM0112', dr('shop', 'front'))).to.deep.equal([]);
  });

  it('uses the analysis\' cluster domain for the Canary\'s hosts', () => {
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: { name: front, namespace: shop }\nspec: { host: front.shop.svc.corp.internal }\n';
    expect(findingsOf('DAM0112', [CANARY, dr].join('\n---\n'), { clusterDomain: 'corp.internal' })).to.have.lengthOf(1);
    expect(findingsOf('DAM0112', [CANARY, dr].join('\n---\n'))).to.deep.equal([]);
  });
});

describe('progressive delivery clean twin', () => {
  it('a Rollout with its routing, increasing steps and a valid Canary analysis reports nothing of DAM0110–DAM0114', () => {
    const istio = 'virtualService: { name: web, routes: [primary] }\ndestinationRule: { name: web, stableSubsetName: stable, canarySubsetName: canary }';
    const codes = allFindings([ROUTING, WEB_SERVICE, rollout(istio, '- setWeight: 10\n- setWeight: 50')].join('\n---\n')).filter((f) => /^DAM011[0-4]/.test(f));
    expect(codes).to.deep.equal([]);
  });
});
