import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { requestContextOf, TRACE_HEADERS } from '../../service/request-context.js';

function logger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ base: undefined, timestamp: false }, stream), lines };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request context: the id and trace headers of one request', () => {
  it('keeps an incoming request id of up to 128 safe characters', () => {
    const { log } = logger();
    for (const id of ['a', 'x'.repeat(128), 'A-z_0.9:1@2+3=4/5', '7f1c2b9e-3c1d-4a5e-9f00-2b1d6c1e8a11']) {
      const ctx = requestContextOf({ 'x-request-id': id }, log);
      expect(ctx.requestId, id).to.equal(id);
      expect(ctx.traceHeaders, id).to.deep.equal({ 'x-request-id': id });
    }
  });

  it('replaces a missing, long or odd request id with a fresh UUID, a new one each time', () => {
    const { log } = logger();
    const ids = new Set<string>();
    for (const given of [undefined, '', 'x'.repeat(129), 'a b', 'a,b', 'a\nb', 'ä', '<id>', 'ok\n']) {
      const ctx = requestContextOf(given === undefined ? {} : { 'x-request-id': given }, log);
      expect(ctx.requestId, JSON.stringify(given)).to.match(UUID);
      expect(ctx.traceHeaders['x-request-id']).to.equal(ctx.requestId);
      ids.add(ctx.requestId);
    }
    expect(ids.size).to.equal(9);
    expect(requestContextOf({ 'x-request-id': ['a', 'b'] }, log).requestId).to.match(UUID);
  });

  it('forwards each trace header that is printable ASCII of up to 512 characters, and nothing else', () => {
    const { log } = logger();
    const headers: Record<string, string | string[]> = { 'x-request-id': 'r1', cookie: 'a=b', 'x-other': '1' };
    for (const name of TRACE_HEADERS) if (name !== 'x-request-id') headers[name] = `${name} ~!`;
    expect(requestContextOf(headers, log).traceHeaders).to.deep.equal(
      Object.fromEntries(TRACE_HEADERS.map((name) => [name, name === 'x-request-id' ? 'r1' : `${name} ~!`])),
    );
    const edge = requestContextOf({ traceparent: 'x'.repeat(512), tracestate: 'x'.repeat(513), b3: '', 'x-b3-flags': '1\u007f', 'x-b3-sampled': '\u001f1', 'x-b3-spanid': ['a', 'b'] }, log);
    expect(Object.keys(edge.traceHeaders).sort()).to.deep.equal(['traceparent', 'x-request-id']);
    expect(requestContextOf({ tracestate: 'a\nb' }, log).traceHeaders).not.to.have.property('tracestate');
    expect(requestContextOf({ tracestate: 'ab\n' }, log).traceHeaders).not.to.have.property('tracestate');
  });

  it('gives the same trace headers and the same logger each time they are asked for', () => {
    const { log } = logger();
    const ctx = requestContextOf({ traceparent: 't' }, log);
    expect(ctx.traceHeaders).to.equal(ctx.traceHeaders);
    expect(ctx.log).to.equal(ctx.log);
  });

  it('logs with the request id on every line', () => {
    const { log, lines } = logger();
    const ctx = requestContextOf({ 'x-request-id': 'req-7' }, log);
    ctx.log.info('one');
    ctx.log.warn({ n: 2 }, 'two');
    expect(lines.map((l) => [l.reqId, l.msg])).to.deep.equal([
      ['req-7', 'one'],
      ['req-7', 'two'],
    ]);
  });
});
