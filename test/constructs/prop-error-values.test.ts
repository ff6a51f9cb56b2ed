import { expect } from 'chai';
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { InvalidPropsError } from '../../constructs/index.js';
import { errorOf, synthMesh } from './support.js';

/** The message line of one problem with `value`. */
function lineFor(value: unknown): string {
  const scope = new Construct(Testing.app(), 'c');
  return new InvalidPropsError(scope, [{ prop: 'p', value, allowed: 'expected x' }]).message.split('\n')[1];
}

describe('InvalidPropsError: the bad value as given', () => {
  it('shows numbers JSON cannot hold as themselves, not as null', () => {
    expect(lineFor(Number.NaN)).to.equal('  - p: got NaN; expected x');
    expect(lineFor(Number.POSITIVE_INFINITY)).to.equal('  - p: got Infinity; expected x');
    expect(lineFor(Number.NEGATIVE_INFINITY)).to.equal('  - p: got -Infinity; expected x');
    expect(lineFor(null)).to.equal('  - p: got null; expected x');
  });

  it('shows strings quoted, undefined, functions and other values by kind, objects as JSON', () => {
    expect(lineFor('a b')).to.equal('  - p: got "a b"; expected x');
    expect(lineFor(undefined)).to.equal('  - p: got undefined; expected x');
    expect(lineFor(() => 1)).to.equal('  - p: got function; expected x');
    expect(lineFor(Symbol('s'))).to.equal('  - p: got symbol; expected x');
    expect(lineFor(10n)).to.equal('  - p: got bigint; expected x');
    expect(lineFor({ a: [1, 'x'] })).to.equal('  - p: got {"a":[1,"x"]}; expected x');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(lineFor(cyclic)).to.equal('  - p: got [object Object]; expected x');
  });

  it('names a NaN prop of DogAppMesh as NaN', () => {
    const message = errorOf(() => synthMesh({ versions: [{ name: 'v2' }], progressiveDelivery: { engine: 'argo-rollouts', checks: { successRate: Number.NaN } } }));
    expect(message).to.equal('[test/mesh] invalid props:\n  - progressiveDelivery.checks.successRate: got NaN; expected a number from 0 to 100');
  });
});
