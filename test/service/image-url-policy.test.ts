import { expect } from 'chai';
import { ImageUrlPolicy } from '../../service/image-url.js';

describe('image URL policy: which Dog API image URLs may reach a page', () => {
  const policy = new ImageUrlPolicy(['https://images.dog.ceo/', 'http://127.0.0.1:8080/some/path', 'https://images.dog.ceo']);

  it('keeps each allowed origin once, as an origin', () => {
    expect(policy.origins).to.deep.equal(['https://images.dog.ceo', 'http://127.0.0.1:8080']);
  });

  it('accepts http and https URLs on an allowed origin, normalised', () => {
    expect(policy.check('https://images.dog.ceo/breeds/husky/n1.jpg')).to.equal('https://images.dog.ceo/breeds/husky/n1.jpg');
    expect(policy.check('HTTPS://IMAGES.dog.ceo:443/breeds/a b.jpg')).to.equal('https://images.dog.ceo/breeds/a%20b.jpg');
    expect(policy.check('http://127.0.0.1:8080/x.png')).to.equal('http://127.0.0.1:8080/x.png');
  });

  it('refuses other origins, schemes, credentials, non-strings, unparsable and overlong URLs', () => {
    for (const bad of [
      'https://evil.example/breeds/husky.jpg',
      'http://images.dog.ceo/breeds/husky.jpg',
      'https://127.0.0.1:8080/x.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'ftp://images.dog.ceo/x.jpg',
      'https://user@images.dog.ceo/x.jpg',
      'https://:pw@images.dog.ceo/x.jpg',
      'not a url',
      '/breeds/husky.jpg',
      42,
      null,
      undefined,
      { href: 'https://images.dog.ceo/x.jpg' },
    ]) {
      expect(policy.check(bad), JSON.stringify(bad)).to.equal(undefined);
    }
    const base = 'https://images.dog.ceo/';
    expect(policy.check(base + 'a'.repeat(2048 - base.length))).to.equal(base + 'a'.repeat(2048 - base.length));
    expect(policy.check(base + 'a'.repeat(2049 - base.length))).to.equal(undefined);
  });

  it('says every origin is https only when none is http', () => {
    expect(new ImageUrlPolicy(['https://images.dog.ceo', 'https://cdn.example']).allHttps).to.equal(true);
    expect(policy.allHttps).to.equal(false);
    expect(new ImageUrlPolicy(['http://127.0.0.1:1']).allHttps).to.equal(false);
  });
});
