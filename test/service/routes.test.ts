import { expect } from 'chai';
import { ROUTE_TABLE } from '../../service/route-table.js';
import { allowedMethods, type RouteHandlers } from '../../service/routes.js';
import { rawExchange, rawRequest } from './raw-http.js';
import { startTestService, type TestService } from './support.js';

/** Methods no route of the table serves: HTTP's own, and WebDAV's and caches' that curl and proxies send. */
const OTHER_METHODS = ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'PROPPATCH', 'PURGE', 'SEARCH', 'LOCK', 'UNLOCK', 'MKCOL', 'COPY', 'MOVE', 'REPORT'];
/** Near misses of table paths, and paths that are not in it at all. */
const OUTSIDE = ['/index.html', '/healthz/', '/HEALTHZ', '/Readyz', '/api', '/api/', '/api/breeds/', '/api/image/', '/static/', '/static/other.css', '/metrics.txt', '/metrics/', '/%2Fhealthz', '/api/breeds/extra'];

const noop = () => undefined;
// A route that is not in the table, or a method the table does not list for a path, does not type-check.
const extraPath: RouteHandlers = {
  '/': { GET: noop, POST: noop },
  '/api/breeds': { GET: noop },
  '/api/image': { GET: noop },
  '/static/style.css': { GET: noop },
  '/static/favicon.svg': { GET: noop },
  '/healthz': { GET: noop },
  '/readyz': { GET: noop },
  '/metrics': { GET: noop },
  // @ts-expect-error not in the route table
  '/admin': { GET: noop },
};
const extraMethod: RouteHandlers = {
  ...extraPath,
  // @ts-expect-error the table lists only GET for /healthz
  '/healthz': { GET: noop, POST: noop },
};
// @ts-expect-error /metrics has no handler
const missing: RouteHandlers = { ...extraPath, '/metrics': undefined };
void [extraMethod, missing];

describe('routes: exactly the route table', () => {
  let t: TestService;
  before(async () => {
    t = await startTestService();
  });
  after(() => t.close());

  for (const route of ROUTE_TABLE) {
    for (const method of route.methods) {
      it(`${method} ${route.path} is served`, async () => {
        const res =
          method === 'POST'
            ? await rawRequest(t.url, 'POST', route.path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=husky' })
            : await rawRequest(t.url, 'GET', route.path);
        expect(res.status, res.body.toString().slice(0, 200)).to.equal(200);
        expect(res.body.length).to.be.greaterThan(0);
      });
    }

    if ((route.methods as readonly string[]).includes('GET')) {
      it(`HEAD ${route.path} answers like GET, and sends no body (the bytes on the wire)`, async () => {
        const get = await rawRequest(t.url, 'GET', route.path);
        // A plain TCP client: an HTTP client would drop a body after HEAD whatever the server sent.
        const { received, closed } = await rawExchange(t.url, (socket) => socket.write(`HEAD ${route.path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        expect(closed).to.equal(true);
        const end = received.indexOf('\r\n\r\n');
        expect(end, 'a complete head').to.be.greaterThan(0);
        const [statusLine, ...lines] = received.slice(0, end).split('\r\n');
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        expect(statusLine).to.equal(`HTTP/1.1 ${get.status} OK`);
        expect(headers['content-type']).to.equal(get.headers['content-type']);
        expect(headers['cache-control']).to.equal(get.headers['cache-control']);
        if (route.path.startsWith('/static/')) expect(headers['content-length']).to.equal(get.headers['content-length']);
        expect(received.length - (end + 4), 'bytes after the head').to.equal(0);
      });
    }

    it(`${route.path}: any other method is 405 with Allow from the table, never 500`, async () => {
      const allow = allowedMethods(route.path)!;
      expect(allow).to.include.members(route.methods);
      const others = [...OTHER_METHODS, ...['GET', 'HEAD', 'POST'].filter((m) => !allow.includes(m))];
      for (const method of others) {
        const res = await rawRequest(t.url, method, route.path);
        expect(res.status, method).to.equal(405);
        expect(res.headers.allow, method).to.equal(allow.join(', '));
        if (method !== 'HEAD') expect(res.body.toString(), method).to.include('does not accept that kind of request');
      }
    });
  }

  it('the Allow header names GET, HEAD wherever GET is listed', () => {
    expect(allowedMethods('/')).to.deep.equal(['GET', 'HEAD', 'POST']);
    expect(allowedMethods('/metrics')).to.deep.equal(['GET', 'HEAD']);
    expect(allowedMethods('/nowhere')).to.equal(undefined);
  });

  it('nothing outside the table answers: every other path is 404, whatever the method', async () => {
    for (const path of OUTSIDE) {
      for (const method of ['GET', 'POST', 'TRACE', 'PROPFIND']) {
        const res = await rawRequest(t.url, method, path);
        expect(res.status, `${method} ${path}`).to.equal(404);
      }
    }
  });
});
