import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import { failureOf, startTestService } from './support.js';
import { failureWarnings, serviceOn } from './local-upstream.js';

const json = (status: number, body: unknown) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('Dog API client: why a call failed, as the operator reads it', () => {
  it('a 200 that is not a success envelope', async () => {
    const u = await serviceOn(json(200, { status: 'error', message: ['https://images.dog.ceo/breeds/pug/1.jpg'] }));
    try {
      const err = await failureOf(u.t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message]).to.deep.equal(['invalid_response', 'answer is not a success envelope']);
      expect(failureWarnings(u.t)).to.deep.equal([['breed_images', 'invalid_response', 'answer is not a success envelope']]);
    } finally {
      await u.close();
    }
  });

  it('a 404 for a breed’s images: the breed is gone, a 404 page for the visitor', async () => {
    const u = await serviceOn(json(404, { status: 'error', message: 'Breed not found (main breed does not exist)', code: 404 }));
    try {
      const err = await failureOf(u.t.service.app.dogApi.breedImages({ main: 'pug' }));
      expect([err.kind, err.message, err.status]).to.deep.equal(['not_found', 'Dog API answered 404', 404]);
      expect(failureWarnings(u.t)).to.deep.equal([['breed_images', 'not_found', 'Dog API answered 404']]);
      const page = await u.t.get('/?breed=pug');
      expect(page.status).to.equal(404);
      expect(page.text).to.include('no pictures of this breed');
    } finally {
      await u.close();
    }
  });

  it('a 404 for the breed list: DOG_API_URL is named as the likely cause, and the visitor gets a 502', async () => {
    const reason = 'the breed list answered 404: is DOG_API_URL right?';
    const u = await serviceOn(json(404, { status: 'error', message: 'No route found', code: 404 }), {}, null);
    try {
      const err = await failureOf(u.t.service.app.dogApi.listBreeds());
      expect([err.kind, err.message, err.status]).to.deep.equal(['missing_breed_list', reason, 502]);
      expect(failureWarnings(u.t)).to.deep.equal([['breeds_list', 'missing_breed_list', reason]]);
      expect((await u.t.get('/')).status).to.equal(502);
    } finally {
      await u.close();
    }
  });

  it('a breed name that could not be a Dog API name is refused with the name, before any call', async () => {
    const t = await startTestService();
    try {
      const err = await failureOf(t.service.app.dogApi.breedImages({ main: 'hound', sub: '../x' }));
      expect([err.kind, err.message]).to.deep.equal(['client_error', 'not a Dog API breed name: hound/../x']);
      expect(t.stub.callCount()).to.equal(0);
    } finally {
      await t.close();
    }
  });
});

describe('Dog API client: the breed list as the Dog API sends it', () => {
  it('drops sub-breeds that are not strings, even those that would read as names (null, true, ["toy"])', async () => {
    const u = await serviceOn(() => undefined, {}, { pug: ['ok', null, true, ['toy'], 7], husky: [] });
    try {
      expect([...(await u.t.service.app.dogApi.listBreeds())]).to.deep.equal([
        ['pug', ['ok']],
        ['husky', []],
      ]);
      const res = await u.t.get('/api/breeds');
      expect([res.status, JSON.parse(res.text)]).to.deep.equal([200, { breeds: { husky: [], pug: ['ok'] } }]);
    } finally {
      await u.close();
    }
  });
});
