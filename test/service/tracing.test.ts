import { expect } from 'chai';
import type { TRACE_HEADERS } from '../../service/request-context.js';
import { startTestService, type TestService } from './support.js';

const INCOMING: Record<(typeof TRACE_HEADERS)[number], string> = {
  'x-request-id': '7f1c2b9e-3c1d-4a5e-9f00-2b1d6c1e8a11',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: 'congo=t61rcWkgMzE',
  'x-b3-traceid': '80f198ee56343ba864fe8b2a57d3eff7',
  'x-b3-spanid': 'e457b5a2e4d86bd1',
  'x-b3-parentspanid': '05e3ac9a4f6e3b90',
  'x-b3-sampled': '1',
  'x-b3-flags': '0',
  b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90',
};

describe('trace headers and request ids', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService();
  });
  afterEach(() => t.close());

  it('copies every trace header of the incoming request onto its Dog API calls', async () => {
    const res = await t.get('/?breed=husky', { headers: INCOMING });
    expect(res.status).to.equal(200);
    const upstream = t.stub.requests.filter((r) => r.path.startsWith('/api/'));
    expect(upstream.map((r) => r.path)).to.deep.equal(['/api/breeds/list/all', '/api/breed/husky/images']);
    for (const call of upstream) {
      for (const [name, value] of Object.entries(INCOMING)) expect(call.headers[name], `${name} on ${call.path}`).to.equal(value);
    }
  });

  it('sends them on every retry too', async () => {
    await t.get('/api/breeds');
    t.stub.setFault('503');
    await t.get('/?breed=pug', { headers: INCOMING });
    const attempts = t.stub.requests.filter((r) => r.path === '/api/breed/pug/images');
    expect(attempts).to.have.length(3);
    for (const a of attempts) expect(a.headers.traceparent).to.equal(INCOMING.traceparent);
  });

  it('without an incoming id, makes one, sends it upstream, echoes it and logs with it', async () => {
    const res = await t.get('/?breed=beagle');
    const id = res.headers.get('x-request-id')!;
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    const call = t.stub.requests.find((r) => r.path === '/api/breed/beagle/images')!;
    expect(call.headers['x-request-id']).to.equal(id);
    expect(call.headers).not.to.have.property('traceparent');
    const line = t.logs.find((l) => l.msg === 'request completed' && l.reqId === id);
    expect(line, 'one JSON log line for the request').to.deep.include({ level: 'info', service: 'dog-app-mesh', version: 'test-1' });
    expect(line).to.have.nested.property('res.statusCode', 200);
  });

  it('drops trace headers that are not sane (too long, control characters) and replaces a bad request id', async () => {
    const res = await t.get('/?breed=boxer', { headers: { 'x-request-id': 'bad id with spaces', tracestate: 'x'.repeat(600), b3: '1' } });
    const id = res.headers.get('x-request-id')!;
    expect(id).not.to.equal('bad id with spaces');
    const call = t.stub.requests.find((r) => r.path === '/api/breed/boxer/images')!;
    expect(call.headers['x-request-id']).to.equal(id);
    expect(call.headers).not.to.have.property('tracestate');
    expect(call.headers.b3).to.equal('1');
  });

  it('logs failed Dog API calls with the request id of the request that made them', async () => {
    await t.get('/api/breeds');
    t.stub.setFault('500');
    const res = await t.get('/?breed=chow', { headers: { 'x-request-id': 'req-fail-1' } });
    expect(res.status).to.equal(502);
    const failure = t.logs.find((l) => l.msg === 'Dog API call failed');
    expect(failure).to.deep.include({ level: 'warn', reqId: 'req-fail-1', endpoint: 'breed_images', outcome: 'unavailable' });
    const done = t.logs.find((l) => l.msg === 'request completed' && l.reqId === 'req-fail-1');
    expect(done).to.have.property('level', 'error');
  });

  it('does not log probe and metrics requests that succeed', async () => {
    await t.get('/healthz');
    await t.get('/readyz');
    await t.get('/metrics');
    expect(t.logs.filter((l) => l.msg === 'request completed')).to.deep.equal([]);
  });
});
