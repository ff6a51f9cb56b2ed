import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { createLoggers, isoTimeCachedPerMs } from '../../service/logging.js';
import { startTestService } from './support.js';

describe('logs: one JSON line per request, and the service’s other lines', () => {
  it('writes the request line with exactly its fields, in order, with an ISO time of the request', async () => {
    const t = await startTestService();
    try {
      const before = Date.now();
      const res = await t.get('/?breed=husky', { headers: { 'user-agent': 'probe/1.0', authorization: 'Bearer secret', cookie: 'a=b' } });
      const after = Date.now();
      const id = res.headers.get('x-request-id');
      const line = t.logs.find((l) => l.msg === 'request completed' && l.reqId === id)!;
      expect(Object.keys(line)).to.deep.equal(['level', 'time', 'service', 'version', 'reqId', 'req', 'res', 'responseTimeMs', 'msg']);
      expect(line).to.deep.include({ level: 'info', service: 'dog-app-mesh', version: 'test-1', reqId: id });
      expect(line.req).to.deep.equal({ method: 'GET', url: '/?breed=husky', userAgent: 'probe/1.0' });
      expect(line.res).to.deep.equal({ statusCode: 200 });
      expect(line.responseTimeMs).to.be.a('number').at.least(0);
      const time = line.time as string;
      expect(time).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(time)).to.be.within(before, after);
      expect(JSON.stringify(t.logs)).not.to.include('secret');
    } finally {
      await t.close();
    }
  });

  it('logs a failed request at warn (4xx) and error (5xx), probes only when they fail', async () => {
    const t = await startTestService();
    try {
      await t.get('/?breed=1nvalid');
      await t.get('/healthz');
      t.stub.setFault('500');
      await t.get('/?breed=pug');
      const lines = t.logs.filter((l) => l.msg === 'request completed');
      expect(lines.map((l) => [l.level, (l.res as { statusCode: number }).statusCode])).to.deep.equal([['warn', 400], ['error', 502]]);
    } finally {
      await t.close();
    }
  });

  it('stamps the time as pino’s isoTime does, the same bytes, made once per millisecond', async () => {
    for (let i = 0; i < 5; i++) {
      const ours = isoTimeCachedPerMs();
      const theirs = pino.stdTimeFunctions.isoTime();
      if (ours === theirs) return;
      await new Promise((resolve) => setTimeout(resolve, 1)); // the millisecond turned between the two calls
    }
    expect.fail('isoTimeCachedPerMs never matched pino.stdTimeFunctions.isoTime');
  });

  it('moves the time on: a later millisecond gets a later stamp', async () => {
    const first = isoTimeCachedPerMs();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Date.parse(isoTimeCachedPerMs().slice(9, -1))).to.be.above(Date.parse(first.slice(9, -1)));
  });

  it('still redacts cookies and authorization on the service’s other lines', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const { logger, requestLogger } = createLoggers({ level: 'info', version: 'v1', stream });
    logger.child({ reqId: 'r1' }).warn({ req: { headers: { cookie: 'session=1', authorization: 'Bearer x', accept: '*/*' } } }, 'odd request');
    requestLogger.info({ reqId: 'r2', req: { method: 'GET', url: '/', userAgent: 'ua' }, res: { statusCode: 200 }, responseTimeMs: 1 }, 'request completed');
    const [other, request] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(other).to.have.nested.property('req.headers.cookie', '[Redacted]');
    expect(other).to.have.nested.property('req.headers.authorization', '[Redacted]');
    expect(other).to.have.nested.property('req.headers.accept', '*/*');
    expect(request).to.deep.include({ level: 'info', service: 'dog-app-mesh', version: 'v1', reqId: 'r2', msg: 'request completed' });
  });
});
