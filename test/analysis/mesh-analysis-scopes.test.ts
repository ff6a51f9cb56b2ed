import { ApiObject, Chart, Testing } from 'cdk8s';
import { expect } from 'chai';
import { DogAppMesh } from '../../constructs/index.js';

/** A Service in the mesh's namespace selecting no pod: a Warning (DAM0105), reported for the scope it is under. */
function strayService(scope: DogAppMesh, namespace: string): void {
  new ApiObject(scope, 'stray', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'stray', namespace },
    spec: { selector: { app: 'gone' }, ports: [{ name: 'http', port: 80 }] },
  });
}

describe('analysis options of one DogAppMesh', () => {
  it('do not change how another chart of the app is analyzed', () => {
    const app = Testing.app();
    new DogAppMesh(new Chart(app, 'a'), 'mesh', { namespace: 'a', analysis: { failureThreshold: 'Warning' } });
    const lines: string[] = [];
    const b = new DogAppMesh(new Chart(app, 'b'), 'mesh', { namespace: 'b', analysis: { log: (line) => lines.push(line) } });
    strayService(b, 'b');
    expect(() => app.synthYaml()).not.to.throw();
    expect(lines).to.have.lengthOf(1);
    expect(lines[0]).to.match(/^mesh analysis: b\/mesh\/stray: Warning \[DAM0105\]/);
  });

  it('apply to the objects of that DogAppMesh', () => {
    const app = Testing.app();
    const a = new DogAppMesh(new Chart(app, 'a'), 'mesh', { namespace: 'a', analysis: { failureThreshold: 'Warning' } });
    strayService(a, 'a');
    new DogAppMesh(new Chart(app, 'b'), 'mesh', { namespace: 'b' });
    expect(() => app.synthYaml()).to.throw(/a\/mesh\/stray: Warning \[DAM0105\]/);
  });

  it('keep their suppressions and log to themselves', () => {
    const app = Testing.app();
    const linesA: string[] = [];
    const linesB: string[] = [];
    const a = new DogAppMesh(new Chart(app, 'a'), 'mesh', { namespace: 'a', analysis: { suppress: [{ code: 'DAM0105' }], log: (l) => linesA.push(l) } });
    strayService(a, 'a');
    const b = new DogAppMesh(new Chart(app, 'b'), 'mesh', { namespace: 'b', analysis: { log: (l) => linesB.push(l) } });
    strayService(b, 'b');
    app.synthYaml();
    expect(linesA).to.deep.equal([]);
    expect(linesB).to.have.lengthOf(1);
    expect(linesB[0]).to.include('b/mesh/stray');
  });
});
