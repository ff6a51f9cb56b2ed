import { expect } from 'chai';
import fc from 'fast-check';
import { queryParam } from '../../service/query.js';

/** What Koa's `ctx.query[name]` gives for a query string: URLSearchParams, one value or an array of them. */
function koaQueryParam(querystring: string, name: string): unknown {
  const values = new URLSearchParams(querystring).getAll(name);
  return values.length <= 1 ? values[0] : values;
}

const parseLikeKoa = (querystring: string) => () => Object.fromEntries([...new URLSearchParams(querystring).keys()].map((k) => [k, koaQueryParam(querystring, k)]));

describe('queryParam: one query parameter, read as Koa reads it', () => {
  const cases: [string, unknown][] = [
    ['', undefined],
    ['breed=husky', 'husky'],
    ['breed=hound%2Fafghan', 'hound/afghan'],
    ['breed=hound/afghan', 'hound/afghan'],
    ['breed=Afghan+Hound', 'Afghan Hound'],
    ['breed=a%2Bb', 'a+b'],
    ['breed=', ''],
    ['breed', ''],
    ['breed=%ff', '\ufffd'],
    ['breed=%E0%A4%A', '\ufffd%A'],
    ['breed=100%', '100%'],
    ['breed=%C3%A9', 'é'],
    ['breed=husky&breed=pug', ['husky', 'pug']],
    ['breed=husky&x=1', 'husky'],
    ['x=1&breed=husky', 'husky'],
    ['%62reed=pug', 'pug'],
    ['breeds=pug', undefined],
    ['breedx=pug', undefined],
    ['x=1', undefined],
    ['breed=a=b', 'a=b'],
  ];
  for (const [querystring, expected] of cases) {
    it(`?${querystring} gives ${JSON.stringify(expected)}`, () => {
      expect(queryParam(querystring, 'breed', parseLikeKoa(querystring))).to.deep.equal(expected);
      expect(koaQueryParam(querystring, 'breed'), 'the expectation is what Koa gives').to.deep.equal(expected);
    });
  }

  it('agrees with Koa for any query string', () => {
    const part = fc.oneof(
      fc.constantFrom('breed', 'breed=', '=', '&', '+', '%', '%2', '%2B', '%41', '%C3%A9', '%ff', '%E0%A4', 'x', '/', ' ', 'é', '#', ';'),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), (parts) => {
        const querystring = parts.join('');
        expect(queryParam(querystring, 'breed', parseLikeKoa(querystring))).to.deep.equal(koaQueryParam(querystring, 'breed'));
      }),
      { numRuns: 3000 },
    );
  });

  it('asks the full parser only when the query is not a single well-formed `breed=`', () => {
    let parsed = 0;
    const counting = (querystring: string) => () => (parsed++, parseLikeKoa(querystring)());
    for (const q of ['breed=husky', 'breed=Afghan+Hound', 'breed=hound%2Fafghan']) queryParam(q, 'breed', counting(q));
    expect(parsed).to.equal(0);
    for (const q of ['breed=a&breed=b', 'breed=%ff', '%62reed=pug']) queryParam(q, 'breed', counting(q));
    expect(parsed).to.equal(3);
  });
});
