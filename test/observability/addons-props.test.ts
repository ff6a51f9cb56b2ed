import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { ObservabilityAddons, type ObservabilityAddonsProps } from '../../constructs/index.js';
import { errorOf } from '../constructs/support.js';

const DOMAIN = "expected a DNS domain such as 'cluster.local'";
const DNS_LABEL = "expected a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

function addonsError(props: ObservabilityAddonsProps): string {
  return errorOf(() => new ObservabilityAddons(new Chart(Testing.app(), 'test'), 'addons', props));
}

describe('ObservabilityAddons: the whole message of a refused top-level prop', () => {
  it('refuses a cluster domain with any label that is not a DNS label, and one that is not text', () => {
    expect(addonsError({ clusterDomain: 'cluster.Local' })).to.equal(`[test/addons] invalid props:\n  - clusterDomain: got "cluster.Local"; ${DOMAIN}`);
    expect(addonsError({ clusterDomain: 5 as unknown as string })).to.equal(`[test/addons] invalid props:\n  - clusterDomain: got 5; ${DOMAIN}`);
  });

  it("names the dashboard app's namespace", () => {
    expect(addonsError({ dashboardApp: { namespace: 'Dog_App' } })).to.equal(`[test/addons] invalid props:\n  - dashboardApp.namespace: got "Dog_App"; ${DNS_LABEL}`);
  });
});
