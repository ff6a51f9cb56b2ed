import { expect } from 'chai';
import { rawRequest } from './raw-http.js';
import { startTestService } from './support.js';

/**
 * The method table is built when the service starts: this test starts its own service, so the table it checks is
 * built inside the test (a service started in a `before` hook is built outside any test).
 */
describe('route methods: HEAD wherever GET, 405 with Allow elsewhere', () => {
  it('HEAD is answered on GET routes, and a method a route does not list gets its Allow list', async () => {
    const t = await startTestService();
    try {
      for (const path of ['/healthz', '/api/breeds', '/static/style.css', '/']) {
        const head = await rawRequest(t.url, 'HEAD', path);
        expect(head.status, path).to.equal(200);
        expect(head.body.length, path).to.equal(0);
      }
      const post = await rawRequest(t.url, 'POST', '/healthz');
      expect(post.status).to.equal(405);
      expect(post.headers.allow).to.equal('GET, HEAD');
      const put = await rawRequest(t.url, 'PUT', '/');
      expect(put.status).to.equal(405);
      expect(put.headers.allow).to.equal('GET, HEAD, POST');
    } finally {
      await t.close();
    }
  });
});
