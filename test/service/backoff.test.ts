import { expect } from 'chai';
import fc from 'fast-check';
import { MIN_ATTEMPT_MS, backoffWait, retryWait } from '../../service/dog-api.js';

describe('retry backoff: full jitter, exponential, capped', () => {
  it('draws the wait from [0, base) before the first retry, doubling the range each retry', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4].map((attempt) => backoffWait(attempt, 100, 10_000, half))).to.deep.equal([50, 100, 200, 400]);
  });

  it('never lets the range grow past the cap', () => {
    const almostOne = () => 0.999;
    expect([1, 2, 3, 4, 10, 30].map((attempt) => backoffWait(attempt, 100, 250, almostOne))).to.deep.equal(
      [99.9, 199.8, 249.75, 249.75, 249.75, 249.75],
    );
    expect(backoffWait(1, 2000, 1000, almostOne), 'a base over the cap is cut to the cap').to.equal(999);
  });

  it('spreads the wait over the whole range, in proportion to the draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, base, max, draw) => {
          const range = Math.min(max, base * 2 ** (attempt - 1));
          const wait = backoffWait(attempt, base, max, () => draw);
          expect(wait).to.be.at.least(0).and.below(range);
          expect(wait).to.be.closeTo(draw * range, 1e-9 * range);
        },
      ),
      { numRuns: 5000 },
    );
    expect(backoffWait(3, 100, 10_000, () => 0)).to.equal(0);
  });

  it('with the default draw, stays in its range', () => {
    for (let i = 0; i < 200; i++) expect(backoffWait(2, 100, 10_000)).to.be.at.least(0).and.below(200);
  });
});

describe('retry wait at the edge of the budget', () => {
  it('a retry that leaves exactly MIN_ATTEMPT_MS for its attempt still starts', () => {
    expect(retryWait(0, 1000, 1000 - MIN_ATTEMPT_MS)).to.equal(1000 - MIN_ATTEMPT_MS);
    expect(retryWait(5000, 5000 + MIN_ATTEMPT_MS + 1, 1)).to.equal(1);
    expect(retryWait(5000, 5000 + MIN_ATTEMPT_MS + 1, 0), 'a wait of 0 is 1 ms: got reads 0 as no retry').to.equal(1);
    expect(retryWait(5000, 5000 + MIN_ATTEMPT_MS, 0)).to.equal(0);
  });
});
