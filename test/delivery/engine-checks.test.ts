/* eslint-disable @typescript-eslint/no-unsafe-member-access -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { ArgoCdApplication, type ArgoCdApplicationProps, type DogAppMeshProps } from '../../constructs/index.js';
import { promqlSyntaxError, withSampleTemplateValues } from '../../constructs/delivery/promql.js';
import { errorOf, synthMesh } from '../constructs/support.js';

const EVERY_PLACEHOLDER = 'sum(rate(istio_requests_total{ {{ canary }}, destination_app="{{ app }}", namespace="{{ namespace }}" }[{{ window }}]))';
const withExtra = (engine: 'flagger' | 'argo-rollouts', query: string): DogAppMeshProps => ({
  versions: [{ name: 'v2', image: 'dog-app-mesh:0.2.0' }],
  ...(engine === 'flagger' ? { ingress: { hosts: ['dog.example.com'] } } : {}),
  progressiveDelivery: { engine, checks: { extra: [{ name: 'rate', query, min: 1 }] } },
});

describe('progressive delivery: extra check queries', () => {
  it("fill the placeholders with each engine's own templates", () => {
    expect(synthMesh(withExtra('flagger', EVERY_PLACEHOLDER)).find('MetricTemplate', 'dog-app-rate').spec.query).to.equal(
      'sum(rate(istio_requests_total{ reporter="destination", destination_workload_namespace="{{ namespace }}", destination_workload="{{ target }}", destination_app="dog-app", namespace="{{ namespace }}" }[{{ interval }}]))',
    );
    expect(synthMesh(withExtra('argo-rollouts', EVERY_PLACEHOLDER)).find('AnalysisTemplate', 'dog-app').spec.metrics[2].provider.prometheus.query).to.equal(
      'sum(rate(istio_requests_total{ reporter="destination", destination_workload_namespace="dog-app", destination_app="dog-app", destination_version="{{args.version}}", destination_app="dog-app", namespace="dog-app" }[1m]))',
    );
    expect(synthMesh(withExtra('argo-rollouts', 'up{a="{{namespace}}",b="{{   app   }}"}')).find('AnalysisTemplate', 'dog-app').spec.metrics[2].provider.prometheus.query, 'spaces inside the braces are optional').to.equal('up{a="dog-app",b="dog-app"}');
  });

  it('are parsed with sample values in place of the templates, so that ranges, subqueries and offsets parse', () => {
    expect(withSampleTemplateValues('rate(x[{{ window }}])')).to.equal('rate(x[1m])');
    expect(withSampleTemplateValues('rate(x[ {{args.w}} ])')).to.equal('rate(x[1m])');
    expect(withSampleTemplateValues('max_over_time(x[{{ window }}:{{ interval }}])')).to.equal('max_over_time(x[1m:1m])');
    expect(withSampleTemplateValues('max_over_time(x[5m: {{ interval }} ])')).to.equal('max_over_time(x[5m:1m])');
    expect(withSampleTemplateValues('x offset  {{ w }} + y')).to.equal('x offset 1m + y');
    expect(withSampleTemplateValues('x{a="{{ app }}", b="{{ target }}"}')).to.equal('x{a="sample", b="sample"}');
    for (const q of ['rate(x[{{ window }}])', 'max_over_time(x[{{ window }}:{{ interval }}])', 'x offset {{ window }}', 'x{a="{{ app }}"}']) expect(promqlSyntaxError(q), q).to.equal(undefined);
  });

  it('that do not parse say where', () => {
    expect(promqlSyntaxError('x{a=}')).to.equal('syntax error at "}"');
    expect(promqlSyntaxError('x{a=} + a_long_metric_name_here'), 'at most 20 characters from the error on').to.equal('syntax error at "} + a_long_metric_na"');
    expect(promqlSyntaxError('sum by (a) (x) ) + 1')).to.equal('syntax error at ") + 1"');
    expect(promqlSyntaxError('1 +'), 'an error at the end quotes the last 20 characters').to.equal('syntax error at "1 +"');
    expect(promqlSyntaxError('sum(rate(some_long_metric_name[5m])')).to.equal('syntax error at "ong_metric_name[5m])"');
    expect(promqlSyntaxError(' \n ')).to.equal('empty query');
    expect(promqlSyntaxError('{{ window }}')).to.equal(undefined);
    const message = errorOf(() => synthMesh(withExtra('argo-rollouts', 'sum(rate(x[{{ window }}])')));
    expect(message).to.equal('[test/mesh] invalid props:\n  - progressiveDelivery.checks.extra[0].query: got "sum(rate(x[{{ window }}])"; expected PromQL that parses (syntax error at "sum(rate(x[1m])")');
  });
});

describe("progressive delivery: what Flagger's routing rules out", () => {
  it('a wildcard ingress host, named by its index', () => {
    expect(errorOf(() => synthMesh({ versions: [{ name: 'v2' }], progressiveDelivery: { engine: 'flagger' }, ingress: { api: 'istio', hosts: ['a.example.com', '*.example.com'] } }))).to.equal(
      "[test/mesh] invalid props:\n  - ingress.hosts[1]: got \"*.example.com\"; expected a host name without '*' with progressiveDelivery.engine 'flagger': Flagger writes one VirtualService for the ingress gateway and the mesh, and Istio allows no wildcard host on the mesh gateway",
    );
    expect(synthMesh({ versions: [{ name: 'v2' }], progressiveDelivery: { engine: 'argo-rollouts' }, ingress: { api: 'istio', hosts: ['*.example.com'] } }).all('Rollout'), 'Argo Rollouts keeps the wildcard').to.have.length(1);
  });

  it('a Service exposed directly', () => {
    expect(errorOf(() => synthMesh({ versions: [{ name: 'v2' }], progressiveDelivery: { engine: 'flagger' }, ingress: { api: 'none' } }))).to.equal(
      "[test/mesh] invalid props:\n  - serviceType: got \"LoadBalancer\"; expected ClusterIP with progressiveDelivery.engine 'flagger': Flagger creates the app's Services itself, as ClusterIP; expose the app through ingress.api 'istio'",
    );
  });

  it('leaves the engine objects on the construct: the Canary for Flagger, the Rollout and its routing for Argo Rollouts', () => {
    const flagger = synthMesh({ versions: [{ name: 'v2' }], ingress: { hosts: ['dog.example.com'] }, progressiveDelivery: { engine: 'flagger' } }).mesh.progressiveDelivery!;
    expect(flagger.config.engine).to.equal('flagger');
    expect(flagger.flagger?.canary.name).to.equal('dog-app');
    expect(flagger.argoRollouts).to.equal(undefined);
    expect(flagger.routingConfig).to.equal(undefined);
    const argo = synthMesh({ versions: [{ name: 'v2' }], progressiveDelivery: { engine: 'argo-rollouts' } }).mesh.progressiveDelivery!;
    expect(argo.flagger).to.equal(undefined);
    expect(argo.argoRollouts?.rollout.name).to.equal('dog-app');
    expect(argo.routingConfig?.versions.map((v) => [v.name, v.weight])).to.deep.equal([['stable', 100], ['canary', 0]]);
  });
});

describe('ArgoCdApplication', () => {
  const props: ArgoCdApplicationProps = {
    name: 'dog-app-argo',
    destinationNamespace: 'dog-app-argo',
    repoUrl: 'https://github.com/example/dog-app-mesh.git',
    path: 'dist/progressive/argo-rollouts',
    virtualServices: ['dog-app', 'dog-app-ingress'],
    destinationRule: 'dog-app',
  };
  const synth = (p: ArgoCdApplicationProps) => {
    const chart = new Chart(Testing.app(), 'argocd');
    new ArgoCdApplication(chart, 'application', p);
    return Testing.synth(chart) as { apiVersion: string; kind: string; metadata: unknown; spec: unknown }[];
  };

  it('syncs the folder and ignores what Argo Rollouts writes: route weights and the subsets\' pod-template-hash', () => {
    expect(synth(props)).to.deep.equal([{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'dog-app-argo', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/example/dog-app-mesh.git', path: 'dist/progressive/argo-rollouts', targetRevision: 'HEAD' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'dog-app-argo' },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['RespectIgnoreDifferences=true'] },
        ignoreDifferences: [
          { group: 'networking.istio.io', kind: 'VirtualService', name: 'dog-app', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.http[].route[].weight'] },
          { group: 'networking.istio.io', kind: 'VirtualService', name: 'dog-app-ingress', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.http[].route[].weight'] },
          { group: 'networking.istio.io', kind: 'DestinationRule', name: 'dog-app', namespace: 'dog-app-argo', jqPathExpressions: ['.spec.subsets[].labels["rollouts-pod-template-hash"]'] },
        ],
      },
    }]);
  });

  it('takes the revision and the Argo CD namespace when given', () => {
    const [application] = synth({ ...props, targetRevision: 'v1.2.0', namespace: 'gitops' }) as { metadata: { namespace: string }; spec: { source: { targetRevision: string } } }[];
    expect(application.metadata.namespace).to.equal('gitops');
    expect(application.spec.source.targetRevision).to.equal('v1.2.0');
    for (const repoUrl of ['ssh://git@example.com/a.git', 'git@github.com:example/a.git', 'http://git.local/a']) expect(synth({ ...props, repoUrl }), repoUrl).to.have.length(1);
  });

  it('names each bad prop', () => {
    const DNS = "expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
    expect(errorOf(() => synth({ ...props, name: 'Dog', destinationNamespace: 'a_b', namespace: '-x', repoUrl: 'github.com/x', path: '/abs', virtualServices: [] }))).to.equal([
      '[argocd/application] invalid props:',
      `  - name: got "Dog"; ${DNS}`,
      `  - destinationNamespace: got "a_b"; ${DNS}`,
      `  - namespace: got "-x"; ${DNS}`,
      '  - repoUrl: got "github.com/x"; expected a Git URL (https://, ssh:// or git@)',
      '  - path: got "/abs"; expected a relative folder in the repository',
      '  - virtualServices: got []; expected at least one VirtualService',
    ].join('\n'));
    expect(errorOf(() => synth({ ...props, path: '' }))).to.equal('[argocd/application] invalid props:\n  - path: got ""; expected a relative folder in the repository');
    expect(errorOf(() => synth({ ...props, repoUrl: 'https://github.com/a b' }))).to.match(/repoUrl: got "https:\/\/github.com\/a b"/);
    expect(errorOf(() => synth({ ...props, repoUrl: 'xhttps://github.com/a' }))).to.match(/repoUrl/);
    for (const repoUrl of ['xgit@github.com:example/a.git', 'git@github.com:example/a.git extra']) {
      expect(errorOf(() => synth({ ...props, repoUrl })), repoUrl).to.contain(`repoUrl: got ${JSON.stringify(repoUrl)}; expected a Git URL`);
    }
  });
});
