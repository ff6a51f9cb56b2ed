import { expect } from 'chai';
import type { BreedList } from '../../service/breeds.js';
import type { Picture } from '../../service/catalog.js';
import { picturePage, type PageFrame } from '../../service/views/pages.js';

const LIST: BreedList = new Map([
  ['husky', []],
  ['hound', ['afghan', 'basset']],
]);
const husky = { main: 'husky' };
const afghan = { main: 'hound', sub: 'afghan' };

const page = (frame: PageFrame, picture: Picture, anyBreed = false) => picturePage(frame, picture, anyBreed).toString('utf8');
const images = (text: string) => [...text.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]);
const heading = (text: string) => /<h1>([^<]*)<\/h1>/.exec(text)?.[1];

describe('picture pages: the frame is rendered once, the picture is new on every page', () => {
  it('shows each request its own picture, escaped, and nothing else changes between two pictures of a breed', () => {
    const frame = { version: 'v1', breeds: LIST, query: 'Husky' };
    const first = page(frame, { breed: husky, image: 'https://images.dog.ceo/breeds/husky/1.jpg', source: 'hit' });
    const second = page(frame, { breed: husky, image: 'https://images.dog.ceo/breeds/husky/2.jpg?a=1&b="x"', source: 'hit' });
    expect(images(first)).to.deep.equal(['https://images.dog.ceo/breeds/husky/1.jpg']);
    expect(images(second)).to.deep.equal(['https://images.dog.ceo/breeds/husky/2.jpg?a=1&amp;b=&quot;x&quot;']);
    expect(second.replace(images(second)[0], '')).to.equal(first.replace(images(first)[0], ''));
  });

  it('keeps breeds, kinds of page, versions, queries and stale notices apart', () => {
    const frame = { version: 'v1', breeds: LIST, query: 'Husky' };
    const img = 'https://images.dog.ceo/x.jpg';
    expect(heading(page(frame, { breed: husky, image: img, source: 'hit' }))).to.equal('Husky');
    expect(heading(page({ ...frame, query: 'Afghan Hound' }, { breed: afghan, image: img, source: 'hit' }))).to.equal('Afghan Hound');
    expect(heading(page({ version: 'v1', breeds: LIST }, { breed: husky, image: img, source: 'hit' }, true))).to.equal('A random dog');
    expect(page({ version: 'v1', breeds: LIST }, { breed: husky, image: img, source: 'hit' }, true)).to.include('value=""');
    expect(page(frame, { breed: husky, image: img, source: 'hit' })).to.include('value="Husky"');
    expect(page(frame, { breed: husky, image: img, source: 'stale' })).to.include('class="notice"');
    expect(page(frame, { breed: husky, image: img, source: 'miss' })).not.to.include('class="notice"');
    expect(page({ ...frame, version: 'v2' }, { breed: husky, image: img, source: 'hit' })).to.include('<span class="version">v2</span>');
    expect(page(frame, { breed: husky, image: img, source: 'hit' })).to.include('<span class="version">v1</span>');
  });

  it('lists the breeds of the list it is given: a reloaded list shows at once', () => {
    const img = 'https://images.dog.ceo/x.jpg';
    const before = page({ version: 'v1', breeds: LIST, query: 'Husky' }, { breed: husky, image: img, source: 'hit' });
    const reloaded: BreedList = new Map([...LIST, ['pug', []]]);
    const after = page({ version: 'v1', breeds: reloaded, query: 'Husky' }, { breed: husky, image: img, source: 'hit' });
    expect(before).not.to.include('<option value="Pug">');
    expect(after).to.include('<option value="Pug">');
    expect(page({ version: 'v1', query: 'Husky' }, { breed: husky, image: img, source: 'hit' })).not.to.include('<option');
  });

  it('renders a page whole when a NUL in its text could be taken for the picture slot', () => {
    const img = 'https://images.dog.ceo/x.jpg';
    const text = page({ version: 'v1', breeds: LIST, query: 'Hus\u0000picture\u0000ky' }, { breed: husky, image: img, source: 'hit' });
    expect(images(text)).to.deep.equal([img]);
    expect(text).to.include('value="Hus\u0000picture\u0000ky"');
  });

  it('is UTF-8 (the page has non-ASCII text) and the length is the bytes sent', () => {
    const body = picturePage({ version: 'v1', breeds: LIST, query: 'Husky' }, { breed: husky, image: 'https://images.dog.ceo/é.jpg', source: 'hit' }, false);
    expect(Buffer.isBuffer(body)).to.equal(true);
    expect(body.toString('utf8')).to.include('Husky · ');
    expect(body.toString('utf8')).to.include('<img src="https://images.dog.ceo/é.jpg"');
  });
});
