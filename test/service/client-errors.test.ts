import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import { isClientGone, isMalformedRequest, logClientError } from '../../service/client-errors.js';

const coded = (code: unknown, message = 'boom') => Object.assign(new Error(message), { code });

describe('client errors: a visitor who went away or sent something that is not HTTP', () => {
  const gone = ['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_HTTP_REQUEST_TIMEOUT'];
  for (const code of gone) {
    it(`${code} is a client that went away`, () => {
      expect(isClientGone(coded(code))).to.equal(true);
      expect(isMalformedRequest(coded(code))).to.equal(false);
    });
  }

  it('an aborted upload (raw-body) or an "aborted" error is a client that went away', () => {
    expect(isClientGone(Object.assign(new Error('request aborted'), { type: 'request.aborted' }))).to.equal(true);
    expect(isClientGone(new Error('aborted'))).to.equal(true);
    expect(isClientGone({ message: 'aborted' }), 'only an Error says so').to.equal(false);
  });

  it('other failures are the service’s own', () => {
    for (const err of [new Error('boom'), coded('ENOENT'), coded(42), coded(undefined), Object.assign(new Error('x'), { type: 'entity.too.large' }), null, undefined, 'ECONNRESET', new Error('aborted!')]) {
      expect(isClientGone(err), String(err)).to.equal(false);
      expect(isMalformedRequest(err), String(err)).to.equal(false);
    }
  });

  it('HPE_ codes of Node’s HTTP parser are malformed requests, nothing else is', () => {
    expect(isMalformedRequest(coded('HPE_INVALID_METHOD'))).to.equal(true);
    expect(isMalformedRequest(coded('HPE_HEADER_OVERFLOW'))).to.equal(true);
    expect(isMalformedRequest(coded('XHPE_INVALID'))).to.equal(false);
    expect(isClientGone(coded('HPE_INVALID_METHOD'))).to.equal(false);
  });

  it('logs one info line with the code and at most 200 characters of the reason, and says which case it is', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          done();
        },
      }),
    );
    logClientError(log, coded('ECONNRESET', 'x'.repeat(300)));
    logClientError(log, coded('HPE_INVALID_METHOD', 'Parse Error: Invalid method'));
    logClientError(log, 'y'.repeat(300));
    expect(lines.map((l) => [l.level, l.msg, l.code, l.reason])).to.deep.equal([
      [30, 'client went away', 'ECONNRESET', 'x'.repeat(200)],
      [30, 'malformed request refused', 'HPE_INVALID_METHOD', 'Parse Error: Invalid method'],
      [30, 'client went away', undefined, 'y'.repeat(200)],
    ]);
    expect(lines.some((l) => 'stack' in l || 'err' in l)).to.equal(false);
  });
});
