import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { FAST, imageSources, metric, startTestService, type TestService } from './support.js';

const UNSEEN = ['beagle', 'boxer', 'chow', 'dingo', 'pug', 'akita', 'vizsla', 'saluki'];
/**
 * Long enough that the next request lands inside the open period even on a loaded machine (FAST's 300 ms was not:
 * a slow request after a failed probe found the breaker half-open again).
 */
const HALF_OPEN_MS = 1000;

describe('circuit breaker around the Dog API', () => {
  let t: TestService;
  beforeEach(async () => {
    t = await startTestService({ breakerHalfOpenMs: HALF_OPEN_MS });
    expect((await t.get('/api/breeds')).status).to.equal(200);
  });
  afterEach(() => t.close());

  async function openBreaker(): Promise<void> {
    t.stub.setFault('500');
    // Each failed call counts once; background reloads of an expired breed list count too.
    for (let i = 0; i < FAST.breakerThreshold! && t.service.app.dogApi.breakerState !== 'open'; i++) {
      expect((await t.get(`/?breed=${UNSEEN[i]}`)).status).to.equal(502);
    }
    expect(t.service.app.dogApi.breakerState).to.equal('open');
  }

  it('opens after consecutive failures, then fails fast with 503 and Retry-After without calling the Dog API', async () => {
    await openBreaker();
    const before = t.stub.callCount();
    const res = await t.get('/?breed=vizsla');
    expect(res.status).to.equal(503);
    expect(res.text).to.include('The Dog API is unavailable');
    expect(Number(res.headers.get('retry-after'))).to.be.within(1, 1);
    expect(t.stub.callCount(), 'no upstream call while open').to.equal(before);
    const text = await t.metrics();
    expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'open' })).to.equal(1);
    expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'closed' })).to.equal(0);
    expect(metric(text, 'dogapp_circuit_breaker_rejections_total')).to.equal(1);
    expect(metric(text, 'dogapp_upstream_requests_total', { outcome: 'circuit_open' })).to.equal(1);
  });

  it('keeps serving cached breeds while open', async () => {
    expect((await t.get('/?breed=husky')).status).to.equal(200);
    t.clock.advance(7 * 3600 * 1000);
    await openBreaker();
    const res = await t.get('/?breed=husky');
    expect(res.status).to.equal(200);
    expect(t.stub.imagesOf('husky')).to.include(imageSources(res.text)[0]);
  });

  it('recovers once the fault clears: after the open period one probe goes through and closes it', async () => {
    await openBreaker();
    t.stub.setFault(undefined);
    expect((await t.get('/?breed=saluki')).status, 'still open').to.equal(503);
    await sleep(HALF_OPEN_MS + 50);
    const res = await t.get('/?breed=saluki');
    expect(res.status).to.equal(200);
    expect(t.service.app.dogApi.breakerState).to.equal('closed');
    const text = await t.metrics();
    expect(metric(text, 'dogapp_circuit_breaker_transitions_total', { state: 'half_open' })).to.equal(1);
    expect(metric(text, 'dogapp_circuit_breaker_transitions_total', { state: 'closed' })).to.equal(1);
    expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'closed' })).to.equal(1);
  });

  it('a failed probe opens it again', async () => {
    await openBreaker();
    await sleep(HALF_OPEN_MS + 50);
    const before = t.stub.callCount();
    expect((await t.get('/?breed=saluki')).status).to.equal(502);
    expect(t.stub.callCount() - before, 'exactly one probe').to.equal(1);
    expect(t.service.app.dogApi.breakerState).to.equal('open');
    expect((await t.get('/?breed=saluki')).status).to.equal(503);
  });

  it('answers that the breed does not exist (404) are not failures of the Dog API', async () => {
    // A breed that the list has but the Dog API no longer serves: the stub's list is edited under the service.
    const stub = t.stub.breeds as Record<string, string[]>; // the stub's own copy
    const list = await t.get('/api/breeds');
    expect(list.status).to.equal(200);
    stub.ghost = [];
    t.clock.advance(2 * 3600 * 1000);
    await t.get('/api/breeds'); // answered stale, reloads the list in the background
    await sleep(50);
    delete stub.ghost;
    for (let i = 0; i < FAST.breakerThreshold! + 1; i++) {
      const res = await t.get('/?breed=ghost');
      expect(res.status).to.equal(404);
      expect(res.text).to.include('no pictures of this breed');
    }
    expect(t.stub.callCount('/api/breed/ghost/images')).to.equal(FAST.breakerThreshold! + 1);
    expect(t.service.app.dogApi.breakerState).to.equal('closed');
  });
});
