import { expect } from 'chai';
import { ImageUrlPolicy } from '../../service/image-url.js';
import { securityHeaders } from '../../service/security.js';
import { startTestService } from './support.js';

/** helmet's defaults that every answer carries besides the policy, frame denial and referrer policy. */
const OTHERS: [string, string][] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const POLICY = "default-src 'none';img-src 'self' https://images.dog.ceo https://dog.ceo;style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'";

describe('security headers: exactly what each answer carries', () => {
  it('allows no scripts, styles and forms only from the service, images from the allowed origins, and upgrades http when all are https', () => {
    const headers = securityHeaders(new ImageUrlPolicy(['https://images.dog.ceo', 'https://dog.ceo']));
    expect(headers).to.deep.equal([['Content-Security-Policy', `${POLICY};upgrade-insecure-requests`], ...OTHERS]);
  });

  it('does not ask browsers to upgrade when an image origin is http (it would break its pictures)', () => {
    const headers = securityHeaders(new ImageUrlPolicy(['https://images.dog.ceo', 'http://127.0.0.1:9']));
    expect(headers[0]).to.deep.equal([
      'Content-Security-Policy',
      "default-src 'none';img-src 'self' https://images.dog.ceo http://127.0.0.1:9;style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'",
    ]);
    expect(headers.slice(1)).to.deep.equal(OTHERS);
  });

  it('sends them, with the request id and the version, on a page, a probe and an error alike', async () => {
    const t = await startTestService({ appVersion: 'sec-1' });
    try {
      for (const path of ['/?breed=husky', '/healthz', '/nope', '/?breed=h<x']) {
        const res = await t.get(path, { headers: { 'x-request-id': `sec-${path.length}` } });
        expect(res.headers.get('content-security-policy'), path).to.equal(
          `default-src 'none';img-src 'self' https://images.dog.ceo ${t.stub.url};style-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'`,
        );
        for (const [name, value] of OTHERS) expect(res.headers.get(name), `${path} ${name}`).to.equal(value);
        expect(res.headers.get('x-request-id'), path).to.equal(`sec-${path.length}`);
        expect(res.headers.get('x-app-version'), path).to.equal('sec-1');
      }
    } finally {
      await t.close();
    }
  });
});
