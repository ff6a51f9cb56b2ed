import { expect } from 'chai';
import fc from 'fast-check';
import { MIN_ATTEMPT_MS, retryWait } from '../../service/dog-api.js';
import { metric, startTestService } from './support.js';

describe('retries inside the time budget', () => {
  it('a retry starts only when, after its wait, at least MIN_ATTEMPT_MS of the budget is left for its attempt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: -5000, max: 5000 }), fc.oneof(fc.double({ min: 0, max: 5000, noNaN: true }), fc.integer({ min: 0, max: 100 })), (now, left, wait) => {
        const deadline = now + left;
        const delay = retryWait(now, deadline, wait);
        if (delay > 0) {
          expect(now + delay + MIN_ATTEMPT_MS, `now ${now}, ${left} ms left, wait ${wait}`).to.be.at.most(deadline);
          expect(Math.abs(delay - wait), 'waits as long as asked').to.be.at.most(1);
          expect(delay).to.be.at.least(1);
        } else {
          expect(now + Math.max(1, Math.round(wait)) + MIN_ATTEMPT_MS, 'retried whenever it fits').to.be.greaterThan(deadline);
        }
      }),
      { numRuns: 20_000 },
    );
    expect(retryWait(0, 1000, 949)).to.equal(949);
    expect(retryWait(0, 1000, 951)).to.equal(0);
    expect(retryWait(0, 60, 20)).to.equal(0);
  });

  it('a Retry-After that leaves no time for the attempt is not waited for: the visitor gets the 503 at once', async () => {
    // 429 with Retry-After: 1 s; the budget is 1.02 s, so waiting 1 s would leave 20 ms, under MIN_ATTEMPT_MS.
    const t = await startTestService({ upstreamTimeoutMs: 1020, upstreamAttemptTimeoutMs: 1020, upstreamRetries: 2 });
    try {
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('429', { retryAfterSeconds: 1, paths: /\/images$/ });
      const limited = await t.get('/api/image?breed=boxer');
      expect(limited.status).to.equal(503);
      expect(t.stub.callCount('/api/breed/boxer/images'), 'no retry started').to.equal(1);
      expect(limited.ms, 'not held for the Retry-After').to.be.below(900);
      expect(metric(await t.metrics(), 'dogapp_upstream_retries_total', { endpoint: 'breed_images', reason: 'status_429' })).to.equal(0);
    } finally {
      await t.close();
    }
  });
});
