import { expect } from 'chai';
import { UpstreamError, type UpstreamFailure } from '../../service/upstream-error.js';

/** Each way a Dog API call fails: the status the visitor gets, and whether the circuit breaker counts it. */
const KINDS: Record<UpstreamFailure, { status: number; counts: boolean }> = {
  timeout: { status: 504, counts: true },
  unavailable: { status: 502, counts: true },
  rate_limited: { status: 503, counts: true },
  network: { status: 502, counts: true },
  invalid_response: { status: 502, counts: true },
  too_large: { status: 502, counts: true },
  circuit_open: { status: 503, counts: false },
  not_found: { status: 404, counts: false },
  missing_breed_list: { status: 502, counts: true },
  client_error: { status: 502, counts: false },
  shutting_down: { status: 503, counts: false },
};

describe('upstream failures: status for the visitor, and what the breaker counts', () => {
  for (const [kind, want] of Object.entries(KINDS) as [UpstreamFailure, (typeof KINDS)[UpstreamFailure]][]) {
    it(`${kind}: ${want.status}, ${want.counts ? 'counted' : 'not counted'} against the Dog API`, () => {
      const err = new UpstreamError(kind, 'detail for logs', 9);
      expect(err.status).to.equal(want.status);
      expect(err.countsAgainstUpstream).to.equal(want.counts);
      expect(err.name).to.equal('UpstreamError');
      expect(err.message).to.equal('detail for logs');
      expect(err.retryAfterSeconds).to.equal(9);
    });
  }

  it('keeps the cause it was given', () => {
    const cause = new Error('socket hang up');
    expect(new UpstreamError('network', 'x', undefined, { cause }).cause).to.equal(cause);
  });
});
