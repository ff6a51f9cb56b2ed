import { expect } from 'chai';
import { rawRequest } from './raw-http.js';
import { startTestService } from './support.js';

const heading = (text: string) => /<h1>([^<]*)<\/h1>/.exec(text)?.[1];
const chunkedForm = { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' };

// The form parser is set up when the service starts, so each test starts its own service: a mutation of that setup
// is then active in the service the test talks to.
describe('the search form: body limit and parsing, with no Content-Length to go by', () => {
  it('a chunked form one byte over the limit is 413; at the limit it is read, and its name searched', async () => {
    const t = await startTestService({ bodyLimitBytes: 64 });
    try {
      const atLimit = `name=husky&pad=${'x'.repeat(64 - 'name=husky&pad='.length)}`;
      expect(atLimit).to.have.length(64);
      const read = await rawRequest(t.url, 'POST', '/', { headers: chunkedForm, body: atLimit });
      expect(read.status).to.equal(200);
      expect(heading(read.body.toString())).to.equal('Husky');
      const over = await rawRequest(t.url, 'POST', '/', { headers: chunkedForm, body: `${atLimit}x` });
      expect(over.status).to.equal(413);
      expect(heading(over.body.toString())).to.equal('Request too large');
    } finally {
      await t.close();
    }
  });
});
