import http from 'node:http';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { serveAppWith, type AppWithHandler } from './app-harness.js';
import { until } from './process.js';

/**
 * Failures Koa reports outside the middleware's error handling, once an answer is on its way: the app's `error`
 * listener logs them. An answer streamed by a handler behind the routes sends a first part, then waits to be told.
 */
async function streamingApp() {
  let fail: ((err: Error) => void) | undefined;
  const h = await serveAppWith((ctx) => {
    if (ctx.path !== '/stream') return;
    const body = new Readable({ read() {} });
    body.push('first part\n');
    fail = (err) => body.destroy(err);
    ctx.body = body;
  });
  return { h, fail: (err: Error) => fail!(err) };
}

/** GET /stream; resolves once the first part arrived, with the answer and its socket. */
function firstPart(h: AppWithHandler): Promise<{ res: http.IncomingMessage; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${h.url}/stream`, { agent: false }, (res) => {
      const ended = new Promise<void>((done) => {
        res.on('close', () => done());
        res.on('error', () => undefined);
      });
      res.once('data', () => resolve({ res, ended }));
    });
    req.on('error', reject);
  });
}

describe('app: failures once an answer is on its way', () => {
  it('an answer that fails while it is sent: logged as an error, with the error and the request id', async () => {
    const { h, fail } = await streamingApp();
    try {
      const { res, ended } = await firstPart(h);
      fail(new Error('the source of the answer broke'));
      await ended;
      await until(() => h.logs.some((l) => l.msg === 'error outside a request'), 'the error line');
      await sleep(50);
      // Koa reports this failure twice (from the stream's pipeline and from the response's socket).
      const lines = h.logs.filter((l) => l.msg === 'error outside a request');
      expect(lines).to.have.length.within(1, 2);
      for (const line of lines) {
        expect(line).to.deep.include({ level: 'error', reqId: res.headers['x-request-id'] });
        expect(line.err).to.have.property('message', 'the source of the answer broke');
      }
      expect(h.logs.filter((l) => l.msg === 'client went away')).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });

  it('a visitor who leaves while the answer is sent: one line at info that the client went away, no error', async () => {
    const { h } = await streamingApp();
    try {
      const { res, ended } = await firstPart(h);
      res.destroy();
      await ended;
      await until(() => h.logs.some((l) => l.msg === 'client went away'), 'the line');
      await sleep(50);
      const lines = h.logs.filter((l) => l.msg === 'client went away');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.deep.include({ level: 'info', reqId: res.headers['x-request-id'] });
      expect(h.logs.filter((l) => l.level === 'error')).to.deep.equal([]);
    } finally {
      await h.close();
    }
  });
});
