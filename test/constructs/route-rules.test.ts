import { expect } from 'chai';
import { Chart, Testing } from 'cdk8s';
import { MeshService } from '../../constructs/index.js';
import type { MeshServiceProps } from '../../constructs/mesh/props.js';
import { resolveMeshProps } from '../../constructs/mesh/resolve.js';
import { routeRules, strippedRequestHeaders } from '../../constructs/mesh/route-rules.js';
import { errorOf } from './support.js';

const SHOP: MeshServiceProps = {
  name: 'shop',
  image: 'shop:1.0.0',
  versions: [{ name: 'v1', weight: 80 }, { name: 'v2', weight: 20 }, { name: 'v3', weight: 0, retiring: true }],
  headerRoute: { version: 'v2', header: 'x-shop-version', value: 'next' },
};
const config = (props: MeshServiceProps) => resolveMeshProps(new Chart(Testing.app(), 'test'), props);

describe('the route rules, independent of the routing API', () => {
  it("are the mesh's when no audience is named: header route first, then the weighted split without retiring versions", () => {
    expect(routeRules(config(SHOP))).to.deep.equal([
      { name: 'header-route', match: { header: 'x-shop-version', value: 'next' }, destinations: [{ version: 'v2', weight: 100 }], resilient: true },
      { name: 'default', destinations: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }], fault: undefined, mirror: undefined, resilient: true },
    ]);
    expect(routeRules(config(SHOP), 'ingress').map((r) => r.name)).to.deep.equal(['default']);
  });

  it('strip the header route header at the ingress only, and only while it is closed to the ingress', () => {
    expect(strippedRequestHeaders(config(SHOP), 'ingress')).to.deep.equal(['x-shop-version']);
    expect(strippedRequestHeaders(config(SHOP), 'mesh')).to.deep.equal([]);
    expect(strippedRequestHeaders(config({ ...SHOP, headerRoute: { ...SHOP.headerRoute!, fromIngress: true } }), 'ingress')).to.deep.equal([]);
    expect(strippedRequestHeaders(config({ ...SHOP, headerRoute: undefined }), 'ingress')).to.deep.equal([]);
  });
});

describe('MeshService messages', () => {
  it('name MeshService as the construct that sets its managed variables', () => {
    const message = errorOf(() => new MeshService(new Chart(Testing.app(), 'test'), 'shop', { ...SHOP, portEnv: 'PORT', versions: [{ name: 'v1', env: { PORT: '1' } }], headerRoute: undefined }));
    expect(message.split('\n')).to.deep.equal(['[test/shop] invalid props:', '  - versions[0].env: got "PORT"; expected environment variable names other than PORT (set by MeshService)']);
  });
});
