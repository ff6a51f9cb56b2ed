import { expect } from 'chai';
import { startTestService } from './support.js';

const searchValue = (html: string) => /<input id="name"[^>]* value="([^"]*)"/.exec(html)?.[1];

/** What the search box shows: the visitor's input given back (and the API's answer), and the breed suggestions. */
describe('the input shown back', () => {
  it('a refused input is shown back cut to 200 characters, however long the query', async () => {
    const t = await startTestService();
    try {
      const res = await t.get(`/?breed=${'!'.repeat(300)}`);
      expect(res.status).to.equal(400);
      expect(searchValue(res.text)).to.equal('!'.repeat(200));
    } finally {
      await t.close();
    }
  });

  it('an unknown breed is named without the spaces around it, on the page and in the API', async () => {
    const t = await startTestService();
    try {
      const page = await t.get('/?breed=%20%20unicorn%20');
      expect(page.status).to.equal(404);
      expect(searchValue(page.text)).to.equal('unicorn');
      const api = await t.get('/api/image?breed=%20unicorn%20%20');
      expect(api.status).to.equal(404);
      expect(JSON.parse(api.text)).to.include({ error: 'unknown breed', breed: 'unicorn' });
    } finally {
      await t.close();
    }
  });
});

describe('the search box suggestions', () => {
  it('are the breeds when the list is known, and none (not a placeholder) while the Dog API is down', async () => {
    const t = await startTestService();
    try {
      const datalist = (html: string) => /<datalist id="breed-list">([\s\S]*?)<\/datalist>/.exec(html)?.[1];
      t.stub.setFault('503');
      const down = await t.get('/');
      expect(datalist(down.text)).to.equal('');
      t.stub.setFault(undefined);
      expect((await t.get('/api/breeds')).status).to.equal(200);
      expect(datalist((await t.get('/')).text)).to.include('<option value="Husky"></option>');
    } finally {
      await t.close();
    }
  });
});
