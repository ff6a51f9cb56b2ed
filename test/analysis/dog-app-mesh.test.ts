import { Chart, Testing } from 'cdk8s';
import { expect } from 'chai';
import { addMeshAnalysis, analyze, formatFinding, severityRank, type Finding, type Severity } from '../../constructs/analysis/index.js';
import { DogAppMesh, InvalidPropsError, type DogAppMeshProps } from '../../constructs/index.js';

type Manifest = { kind: string; metadata: { name: string; namespace?: string } };

/** Sets a nested field of a synthesized object, as if the construct had written it. */
function setIn(object: unknown, path: readonly (string | number)[], value: unknown): void {
  let node = object as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function synth(props: DogAppMeshProps = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'chart');
  const mesh = new DogAppMesh(chart, 'mesh', props);
  addMeshAnalysis(mesh);
  return Testing.synth(chart) as Manifest[];
}

function find(objects: Manifest[], kind: string): Manifest {
  const o = objects.find((m) => m.kind === kind);
  if (!o) throw new Error(`no ${kind} synthesized`);
  return o;
}

/**
 * One row per validated DogAppMesh prop. Values the construct accepts must synthesize objects the analysis
 * finds clean; values it rejects must be ones the analysis flags too when they reach the objects by another
 * way (`write` puts the value where the construct would have), unless the limit is the construct's own policy.
 */
interface PropCase {
  readonly prop: keyof DogAppMeshProps;
  readonly accepted: readonly unknown[];
  /**
   * Values the construct rejects; `constructOnly` says why Kubernetes and Istio would accept one, and
   * `severity` is the least the analysis must report for the others (default Error).
   */
  readonly rejected: readonly { readonly value: unknown; readonly constructOnly?: string; readonly severity?: Severity }[];
  readonly write: (objects: Manifest[], value: unknown) => void;
}

const CASES: readonly PropCase[] = [
  {
    prop: 'name',
    accepted: ['dog-app', 'a', 'x'.repeat(40)],
    rejected: [
      { value: 'Dog_App' },
      { value: '-dog' },
      { value: 'x'.repeat(64) },
    ],
    write: (objects, value) => {
      setIn(find(objects, 'Service'), ['metadata', 'name'], value);
      setIn(find(objects, 'Deployment'), ['metadata', 'name'], value);
    },
  },
  {
    prop: 'namespace',
    accepted: ['dog-app', 'shop-2'],
    rejected: [{ value: 'Dog.App' }, { value: 'x'.repeat(64) }],
    write: (objects, value) => {
      for (const o of objects) setIn(o, ['metadata', o.kind === 'Namespace' ? 'name' : 'namespace'], value);
    },
  },
  {
    prop: 'image',
    accepted: ['dog-app-mesh:0.1.0', `registry.example.com/team/dog@sha256:${'0123456789abcdef'.repeat(4)}`],
    rejected: [{ value: '' }, { value: 'dog app:1' }],
    write: (objects, value) => {
      setIn(find(objects, 'Deployment'), ['spec', 'template', 'spec', 'containers', 0, 'image'], value);
    },
  },
  {
    prop: 'replicas',
    accepted: [1, 1000],
    rejected: [
      { value: -1 },
      { value: 1.5 },
      { value: 0, constructOnly: 'DogAppMesh runs at least one pod per version so its routes and PodDisruptionBudget have a target; Kubernetes accepts 0' }, { value: 1001, constructOnly: 'a sanity cap of DogAppMesh; Kubernetes accepts any non-negative count' }],
    write: (objects, value) => {
      setIn(find(objects, 'Deployment'), ['spec', 'replicas'], value);
    },
  },
  {
    prop: 'servicePort',
    accepted: [1, 8000, 65535],
    rejected: [{ value: 0 }, { value: 65536 }, { value: 80.5 }],
    write: (objects, value) => {
      setIn(find(objects, 'Service'), ['spec', 'ports', 0, 'port'], value);
    },
  },
  {
    prop: 'runAsUser',
    accepted: [1000, 10001, 65534],
    rejected: [
      { value: 1337, severity: 'Warning' },
      { value: 0, constructOnly: 'DogAppMesh never runs the app as root; Kubernetes accepts the field, and only the kubelet refuses such a pod under runAsNonRoot' },
    ],
    write: (objects, value) => {
      const pod = (find(objects, 'Deployment') as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
      setIn(pod, ['securityContext', 'runAsUser'], value);
      setIn(pod, ['containers', 0, 'securityContext', 'runAsUser'], value);
    },
  },
  {
    prop: 'containerPort',
    accepted: [8080, 3000],
    rejected: [{ value: 15001, severity: 'Warning' }, { value: 70000 }],
    write: (objects, value) => {
      setIn(find(objects, 'Deployment'), ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], value);
      setIn(find(objects, 'Service'), ['spec', 'ports', 0, 'targetPort'], value);
    },
  },
  {
    prop: 'versions',
    accepted: [[{ name: 'v1' }], [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }], [{ name: 'stable', weight: 100 }, { name: 'canary', weight: 0 }]],
    rejected: [{ value: [{ name: 'V_1' }] }, { value: [{ name: 'v1.0' }] }],
    write: (objects, value) => {
      const versions = value as { name: string; weight?: number }[];
      const vs = objects.find((o) => o.kind === 'VirtualService' && !o.metadata.name.endsWith('-ingress')) as unknown as {
        spec: { http: { route: { destination: { subset?: string }; weight?: number }[] }[] };
      };
      const last = vs.spec.http[vs.spec.http.length - 1];
      last.route = versions.map((v) => ({ destination: { ...last.route[0].destination, subset: v.name }, weight: v.weight ?? 100 }));
      const dr = find(objects, 'DestinationRule') as unknown as { spec: { subsets: { name: string; labels: Record<string, string> }[] } };
      dr.spec.subsets = versions.map((v) => ({ name: v.name, labels: { version: v.name } }));
      setIn(find(objects, 'Deployment'), ['spec', 'template', 'metadata', 'labels', 'version'], versions[0].name);
      setIn(find(objects, 'Deployment'), ['spec', 'selector', 'matchLabels', 'version'], versions[0].name);
    },
  },
];

const atLeast = (findings: Finding[], severity: Severity): Finding[] => findings.filter((f) => severityRank(f.severity) >= severityRank(severity));

describe('DogAppMesh prop validation is consistent with the analysis', () => {
  it('synthesizes objects the analysis finds clean with its defaults, with the analysis wired in as a validation', () => {
    expect(analyze(synth()).map(formatFinding)).to.deep.equal([]);
  });

  for (const c of CASES) {
    describe(c.prop, () => {
      it(`accepts ${c.accepted.map((v) => JSON.stringify(v)).join(', ')} and the analysis finds the objects clean`, () => {
        for (const value of c.accepted) {
          expect(analyze(synth({ [c.prop]: value })).map(formatFinding), JSON.stringify(value)).to.deep.equal([]);
        }
      });

      for (const { value, constructOnly, severity = 'Error' } of c.rejected) {
        it(`rejects ${JSON.stringify(value)}, which the analysis ${constructOnly ? 'accepts (construct policy)' : 'flags too'}`, () => {
          expect(() => synth({ [c.prop]: value })).to.throw(InvalidPropsError, new RegExp(`- ${c.prop}(\\[(\\d+|\\*)\\])?(\\.[\\w.]+)?: got`));
          const objects = synth();
          c.write(objects, value);
          const findings = analyze(objects);
          if (constructOnly) expect(atLeast(findings, 'Warning').map(formatFinding), constructOnly).to.deep.equal([]);
          else expect(atLeast(findings, severity).map(formatFinding), `the analysis missed ${c.prop}=${JSON.stringify(value)}`).not.to.be.empty;
        });
      }
    });
  }
});
