import { expect } from 'chai';
import { loadConfig } from '../../service/config.js';
import { ImageUrlPolicy } from '../../service/image-url.js';
import { securityHeaders } from '../../service/security.js';
import { problemsOf } from './support.js';

/** The Content-Security-Policy the service would send with this configuration. */
function policyOf(env: NodeJS.ProcessEnv): string {
  return Object.fromEntries(securityHeaders(new ImageUrlPolicy(loadConfig(env).imageOrigins)))['Content-Security-Policy'];
}

/**
 * Every image origin, and the Dog API's origin by default, is written into the policy's `img-src`. WHATWG URLs take
 * `;`, `,` and `'` in a host name, but in a policy they end a directive, separate policies or quote a keyword: helmet
 * refuses such a value when the service starts, with its own error and a stack trace instead of a configuration error.
 */
describe('image origins in the Content-Security-Policy: host names the policy can carry', () => {
  it('refuses an IMAGE_ORIGINS host with a character that ends or quotes a source (a semicolon typed for the comma)', () => {
    for (const bad of ['https://images.dog.ceo;cdn.example', 'https://cdn;example.org', "https://cdn'example.org", 'https://cdn*.example.org']) {
      expect(problemsOf(() => loadConfig({ IMAGE_ORIGINS: bad })), bad).to.deep.equal([
        `IMAGE_ORIGINS entry ${JSON.stringify(bad)}: expected an origin such as https://images.dog.ceo`,
      ]);
    }
  });

  it('refuses such a DOG_API_URL too, whose origin is an image origin by default', () => {
    const bad = 'https://dog.ceo;x';
    expect(problemsOf(() => loadConfig({ DOG_API_URL: bad }))).to.deep.equal([`DOG_API_URL=${JSON.stringify(bad)}: expected an http:// or https:// URL`]);
  });

  it('takes host names, IP addresses, ports and international names (in their ASCII form), and puts each into img-src as is', () => {
    const origins = ['https://images.dog.ceo', 'http://dog-api.default.svc.cluster.local:8080', 'http://dog_api:8080', 'http://10.0.0.7', 'http://[::1]:9000', 'https://xn--bcher-kva.example'];
    expect(policyOf({ IMAGE_ORIGINS: origins.join(',') })).to.equal(
      "default-src 'none';img-src 'self' https://images.dog.ceo http://dog-api.default.svc.cluster.local:8080 http://dog_api:8080 http://10.0.0.7 http://[::1]:9000 https://xn--bcher-kva.example;style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    );
    expect(policyOf({ DOG_API_URL: 'http://dog-api:8080/base' })).to.equal(
      "default-src 'none';img-src 'self' https://images.dog.ceo http://dog-api:8080;style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    );
  });
});
