import { expect } from 'chai';
import { failureOf, metric } from './support.js';
import { failureWarnings, serviceOn } from './local-upstream.js';

describe('Dog API client: close() with a call in flight', () => {
  it('aborts the call at once as shutting down, not as a network failure, and the breaker does not count it', async () => {
    let arrived!: () => void;
    const waiting = new Promise<void>((resolve) => (arrived = resolve));
    // The images are never answered: only close() can end the call inside its (long) budget.
    const u = await serviceOn(() => arrived(), { upstreamTimeoutMs: 30_000, upstreamAttemptTimeoutMs: 30_000, breakerThreshold: 1 });
    try {
      const { dogApi } = u.t.service.app;
      const call = failureOf(dogApi.breedImages({ main: 'pug' }));
      await waiting;
      dogApi.close();
      const err = await call;
      expect([err.kind, err.message, err.status]).to.deep.equal(['shutting_down', 'aborted by shutdown', 503]);
      expect(failureWarnings(u.t)).to.deep.equal([['breed_images', 'shutting_down', 'aborted by shutdown']]);
      expect(dogApi.breakerState).to.equal('closed');
      expect(metric(await u.t.metrics(), 'dogapp_upstream_retries_total')).to.equal(0);
      expect(u.upstream.paths.filter((p) => p.endsWith('/images'))).to.have.length(1);
    } finally {
      await u.close();
    }
  });
});
