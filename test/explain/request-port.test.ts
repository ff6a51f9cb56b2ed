import { expect } from 'chai';
import { baseMesh, call } from './support.js';

/** baseMesh with Service web serving http on 80 → 8080 and https on 443 → 8443. */
function withHttpsPort(): Record<string, unknown>[] {
  return baseMesh().map((o) => (o.kind === 'Service' ? { ...o, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 8443 }] } } : o));
}

describe('explain: the port a workload calls', () => {
  it('is the scheme\'s default when the URL names none: 443 for https://, 80 for http://', () => {
    const https = call(withHttpsPort(), 'GET', 'https://web.shop/');
    expect(https.destinations.map((d) => d.port)).to.deep.equal([443]);
    expect(https.destinations[0].workloads.map((w) => w.containerPort)).to.deep.equal([8443, 8443]);
    const http = call(withHttpsPort(), 'GET', 'http://web.shop/');
    expect(http.destinations.map((d) => d.port)).to.deep.equal([80]);
    expect(http.destinations[0].workloads.map((w) => w.containerPort)).to.deep.equal([8080, 8080]);
  });

  it('is the one the URL names', () => {
    expect(call(withHttpsPort(), 'GET', 'https://web.shop:80/').destinations.map((d) => d.port)).to.deep.equal([80]);
    expect(call(withHttpsPort(), 'GET', 'http://web.shop:443/').destinations.map((d) => d.port)).to.deep.equal([443]);
  });

  it('addressed to a pod, is the scheme\'s default too', () => {
    expect(call(baseMesh(), 'GET', 'https://web-v1.shop.pod/').destinations.map((d) => d.port)).to.deep.equal([443]);
    expect(call(baseMesh(), 'GET', 'http://web-v1.shop.pod/').destinations.map((d) => d.port)).to.deep.equal([80]);
  });
});
