import { expect } from 'chai';
import { serveAppWith } from './app-harness.js';
import { metric, startTestService, type LogLine } from './support.js';

const requestLines = (logs: LogLine[]) =>
  logs.filter((l) => l.msg === 'request completed').map((l) => [l.level, (l.req as { method: string; url: string }).method, (l.req as { url: string }).url, (l.res as { statusCode: number }).statusCode]);

describe('the request line: its level by status, its time in milliseconds', () => {
  it('gives the time in milliseconds, to a tenth: the time the duration histogram counts in seconds', async () => {
    const t = await startTestService();
    try {
      const res = await t.get('/?breed=husky');
      expect(res.status).to.equal(200);
      const line = t.logs.find((l) => l.msg === 'request completed' && l.reqId === res.headers.get('x-request-id'))!;
      const seconds = metric(await t.metrics(), 'http_request_duration_seconds_sum', { method: 'GET', route: '/', status_code: '200' });
      expect(seconds).to.be.above(0);
      expect(line.responseTimeMs).to.be.closeTo(seconds * 1000, 0.05 + 1e-9);
    } finally {
      await t.close();
    }
  });

  it('a probe is logged only when it fails: at warn for a 4xx, at error for a 5xx', async () => {
    const t = await startTestService();
    try {
      expect((await t.get('/healthz')).status).to.equal(200);
      expect((await t.get('/readyz')).status).to.equal(200);
      expect((await t.get('/metrics')).status).to.equal(200);
      expect((await t.get('/healthz', { method: 'POST' })).status).to.equal(405);
      expect((await t.get('/metrics', { method: 'DELETE' })).status).to.equal(405);
      t.service.app.beginShutdown();
      expect((await t.get('/readyz')).status).to.equal(503);
      expect(requestLines(t.logs)).to.deep.equal([
        ['warn', 'POST', '/healthz', 405],
        ['warn', 'DELETE', '/metrics', 405],
        ['error', 'GET', '/readyz', 503],
      ]);
    } finally {
      await t.close();
    }
  });

  it('a handler that fails unexpectedly: a 500, its error logged, and the request line at error', async () => {
    const h = await serveAppWith((ctx) => {
      if (ctx.path === '/broken') throw new Error('a bug in a handler');
    });
    try {
      const res = await fetch(`${h.url}/broken`);
      expect(res.status).to.equal(500);
      await res.text();
      const id = res.headers.get('x-request-id');
      const unexpected = h.logs.filter((l) => l.msg === 'unexpected error');
      expect(unexpected).to.have.length(1);
      expect(unexpected[0]).to.deep.include({ level: 'error', reqId: id });
      expect(unexpected[0].err).to.have.property('message', 'a bug in a handler');
      expect(requestLines(h.logs)).to.deep.equal([['error', 'GET', '/broken', 500]]);
    } finally {
      await h.close();
    }
  });
});
