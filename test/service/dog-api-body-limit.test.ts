import { expect } from 'chai';
import { failureOf } from './support.js';
import { failureWarnings, serviceOn } from './local-upstream.js';

const LIMIT = 4096;
const image = (i: number) => `https://images.dog.ceo/breeds/pug/${i}.jpg`;

/** A success envelope of three pug images, padded with spaces to exactly `bytes` bytes. */
function answerOf(bytes: number): string {
  const body = JSON.stringify({ status: 'success', message: [image(1), image(2), image(3)] });
  return body.slice(0, -2) + ' '.repeat(bytes - Buffer.byteLength(body)) + ']}';
}

/** Generous attempt limits: on a loaded machine a body must be cut by its size, never by the clock. */
const PATIENT = { upstreamMaxBodyBytes: LIMIT, upstreamTimeoutMs: 20_000, upstreamAttemptTimeoutMs: 20_000, breakerThreshold: 100 };

describe('Dog API client: the body limit, counted in bytes received', () => {
  for (const announced of [true, false]) {
    const how = announced ? 'with its Content-Length' : 'chunked, without a Content-Length';
    it(`an answer of exactly upstreamMaxBodyBytes, ${how}, is read`, async () => {
      const body = answerOf(LIMIT);
      expect(Buffer.byteLength(body)).to.equal(LIMIT);
      const u = await serviceOn((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(announced ? { 'content-length': LIMIT } : {}) });
        res.end(body);
      }, PATIENT);
      try {
        expect(await u.t.service.app.dogApi.breedImages({ main: 'pug' })).to.deep.equal([image(1), image(2), image(3)]);
        expect(failureWarnings(u.t)).to.deep.equal([]);
      } finally {
        await u.close();
      }
    });

    it(`an answer one byte over, ${how}, is refused as too large`, async () => {
      const body = answerOf(LIMIT + 1);
      const u = await serviceOn((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', ...(announced ? { 'content-length': LIMIT + 1 } : {}) });
        res.end(body);
      }, PATIENT);
      try {
        const err = await failureOf(u.t.service.app.dogApi.breedImages({ main: 'pug' }));
        expect([err.kind, err.message]).to.deep.equal(['too_large', `answer over ${LIMIT} bytes`]);
        expect(failureWarnings(u.t)).to.deep.equal([['breed_images', 'too_large', `answer over ${LIMIT} bytes`]]);
        expect((await u.t.get('/?breed=pug')).status, 'the visitor’s page').to.equal(502);
      } finally {
        await u.close();
      }
    });
  }

  it('an answer that passes the limit and keeps coming is cut off there, not left to run into the time budget', async () => {
    const u = await serviceOn((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(answerOf(LIMIT + 1).slice(0, LIMIT + 1)); // and the rest never comes
    }, PATIENT);
    try {
      const err = await failureOf(u.t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['too_large', `answer over ${LIMIT} bytes`]);
      expect(u.upstream.paths.filter((p) => p.endsWith('/images')), 'not retried').to.have.length(1);
    } finally {
      await u.close();
    }
  });
});
