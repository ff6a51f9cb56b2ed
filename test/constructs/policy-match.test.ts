import { expect } from 'chai';
import { policyMatch } from '../../constructs/validation/paths.js';

describe('AuthorizationPolicy string matching: the empty pattern', () => {
  it("matches no value: only '*' is a presence match", () => {
    for (const value of ['/', '/x', 'GET']) {
      expect(policyMatch('', value), value).to.equal(false);
      expect(policyMatch('*', value), value).to.equal(true);
    }
  });
});
