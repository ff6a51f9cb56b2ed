/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { expectMeshInvariants, synthMesh, type K8sObject } from './support.js';

/** The invariant check is only worth something if it fails on broken output: break one thing at a time. */
describe('the mesh invariant check', () => {
  const fresh = () =>
    structuredClone(
      synthMesh({ versions: [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }], ingress: { api: 'istio' } }).objects,
    );
  const fails = (mutate: (objects: K8sObject[]) => void, why: RegExp) => {
    const objects = fresh();
    mutate(objects);
    expect(() => expectMeshInvariants(objects)).to.throw(why);
  };
  const get = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

  it('passes on real output', () => expectMeshInvariants(fresh()));

  it('catches a route to a missing subset', () =>
    fails((o) => { get(o, 'DestinationRule', 'dog-app').spec.subsets.pop(); }, /routes to subset v2/));

  it('catches a subset that selects no pods', () =>
    fails((o) => { get(o, 'DestinationRule', 'dog-app').spec.subsets[0].labels.version = 'v9'; }, /subset v1 .* selects pods/));

  it('catches a selector that misses its pods', () =>
    fails((o) => { get(o, 'Deployment', 'dog-app-v1').spec.template.metadata.labels.version = 'x'; }, /selector matches its pods/));

  it('catches an unnamed Service port', () =>
    fails((o) => { delete get(o, 'Service', 'dog-app').spec.ports[0].name; }, /Service dog-app port 8000/));

  it('catches a second enrolment label', () =>
    fails((o) => { get(o, 'Namespace', 'dog-app').metadata.labels!['istio.io/rev'] = 'x'; }, /enrolment labels/));

  it('catches the proxy uid', () =>
    fails((o) => { get(o, 'Deployment', 'dog-app-v2').spec.template.spec.containers[0].securityContext.runAsUser = 1337; }, /1337/));

  it('catches a route without a catch-all', () =>
    fails((o) => { get(o, 'VirtualService', 'dog-app').spec.http[0].match = [{ headers: { a: { exact: 'b' } } }]; }, /catch-all/));
});
