import { expect } from 'chai';
import { explainIn, renderedPageRequests, variants, visitorSource, visitorUrl, type Variant } from './support.js';

/**
 * Every URL the service's rendered pages reference (stylesheet, icon, links, the search form) and the JSON
 * API, checked with `explain` from where visitors enter: routed with 200-class routing (no 404, 503 or
 * redirect) and allowed by the AuthorizationPolicy, in dist/ and in every variant.
 */
describe('every URL the page references is reachable from the ingress', function () {
  this.timeout(120_000);
  let all: Variant[] = [];
  let requests: { method: string; path: string }[] = [];
  before(async () => {
    [all, requests] = await Promise.all([variants(), renderedPageRequests()]);
  });

  it('finds the stylesheet, the icon, the links and the search form on the rendered pages', () => {
    const seen = requests.map((r) => `${r.method} ${r.path}`);
    expect(seen).to.include.members(['GET /static/style.css', 'GET /static/favicon.svg', 'GET /', 'POST /', 'GET /?breed=hound', 'GET /api/breeds']);
  });

  it('routes and allows each of them, reaching a version of the app', () => {
    const problems: string[] = [];
    for (const v of all) {
      for (const { method, path } of requests) {
        const r = explainIn(v, visitorSource(v), method, visitorUrl(v, path));
        if (r.verdict !== 'allowed' || r.status !== undefined || r.versions.length === 0) problems.push(`${v.name}: ${method} ${path}: ${r.summary}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });
});
