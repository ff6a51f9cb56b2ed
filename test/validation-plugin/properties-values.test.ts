import { expect } from 'chai';
import { InvalidPropertiesError, MeshAnalysisValidation, type MeshAnalysisValidationProperties } from '../../constructs/validation-plugin/index.js';

/** The message the plugin's constructor throws for `properties`, as cdk8s shows it. */
function messageOf(properties: unknown): string {
  try {
    new MeshAnalysisValidation(properties as MeshAnalysisValidationProperties);
  } catch (err) {
    expect(err).to.be.instanceOf(InvalidPropertiesError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

const HEAD = 'dog-app-mesh validation plugin: invalid properties in cdk8s.yaml:';
const ITEM = 'expected a CODE=Kind/name string or a { code, kind, namespace, name } mapping';

describe('validation plugin properties: empty suppressions', () => {
  it('names a null suppression (`- ~` in cdk8s.yaml) rather than failing on it', () => {
    expect(messageOf({ suppress: ['IST0101', null] })).to.equal(`${HEAD}\n  - suppress[1]: got null; ${ITEM}`);
  });

  it('shows a suppression left undefined in code as undefined', () => {
    expect(messageOf({ suppress: [undefined] })).to.equal(`${HEAD}\n  - suppress[0]: got undefined; ${ITEM}`);
  });
});
