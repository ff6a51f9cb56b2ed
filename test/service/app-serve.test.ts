import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { createApp } from '../../service/app.js';
import { defaultConfig } from '../../service/config.js';
import { routesFor } from '../../service/route-table.js';
import { startDogApiStub } from '../support/dog-api-stub.js';
import { startTestService } from './support.js';

describe('app: the request line, a given logger, the route table by audience', () => {
  it('logs at most 512 characters of the URL and 256 of the user agent, and the time in tenths of a millisecond', async () => {
    const t = await startTestService();
    try {
      const path = `/${'p'.repeat(600)}`;
      const res = await t.get(path, { headers: { 'user-agent': 'u'.repeat(300) } });
      expect(res.status).to.equal(404);
      const line = t.logs.find((l) => l.msg === 'request completed' && l.reqId === res.headers.get('x-request-id'))!;
      const req = line.req as { url: string; userAgent: string };
      expect(req.url).to.equal(path.slice(0, 512));
      expect(req.userAgent).to.equal('u'.repeat(256));
      expect(line).to.deep.include({ level: 'warn', res: { statusCode: 404 } });
      const ms = line.responseTimeMs as number;
      expect(ms).to.be.above(0).and.below(60_000);
      expect(Math.abs(ms * 10 - Math.round(ms * 10))).to.be.below(1e-6);
    } finally {
      await t.close();
    }
  });

  it('a request without a user agent is logged with an empty one', async () => {
    const t = await startTestService();
    try {
      const port = Number(new URL(t.url).port);
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: '/?breed=husky', headers: {} }, (res) => (res.resume(), res.on('end', resolve))).on('error', reject);
      });
      const line = t.logs.find((l) => l.msg === 'request completed')!;
      expect(line.req).to.deep.equal({ method: 'GET', url: '/?breed=husky', userAgent: '' });
    } finally {
      await t.close();
    }
  });

  it('writes every line, the request lines too, to a logger it is given', async () => {
    const stub = await startDogApiStub();
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = createApp(defaultConfig({ dogApiUrl: stub.url, appVersion: 'given-1' }), { logger: pino({ base: { mine: true } }, stream), defaultMetrics: false });
    const server = http.createServer(app.callback());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/?breed=husky`);
      expect(res.status).to.equal(200);
      await res.text();
      const line = lines.find((l) => l.msg === 'request completed');
      expect(line).to.deep.include({ mine: true, req: { method: 'GET', url: '/?breed=husky', userAgent: 'node' } });
      expect(line).not.to.have.property('service');
      expect(app.metrics.registry.getSingleMetric('process_cpu_seconds_total'), 'no process metrics when told').to.equal(undefined);
    } finally {
      app.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await stub.close();
    }
  });

  it('says when it is draining, and how many requests it is answering', async () => {
    const t = await startTestService();
    try {
      const app = t.service.app;
      expect([app.draining, app.inFlight]).to.deep.equal([false, 0]);
      t.stub.setDelay(200);
      const pending = t.get('/?breed=pug');
      while (app.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(app.inFlight).to.equal(1);
      app.beginShutdown();
      expect(app.draining).to.equal(true);
      expect((await t.get('/readyz')).status).to.equal(503);
      expect((await pending).status).to.equal(200);
      expect(app.inFlight).to.equal(0);
    } finally {
      await t.close();
    }
  });

  it('lists the routes of each audience, in table order', () => {
    expect(routesFor('visitor').map((r) => r.path)).to.deep.equal(['/', '/api/breeds', '/api/image', '/static/style.css', '/static/favicon.svg']);
    expect(routesFor('probe').map((r) => r.path)).to.deep.equal(['/healthz', '/readyz']);
    expect(routesFor('metrics')).to.deep.equal([{ path: '/metrics', methods: ['GET'], audience: 'metrics' }]);
  });
});
