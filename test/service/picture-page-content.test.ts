import { expect } from 'chai';
import type { BreedList } from '../../service/breeds.js';
import { picturePage } from '../../service/views/pages.js';

const LIST: BreedList = new Map([
  ['husky', []],
  ['hound', ['afghan']],
]);
const img = 'https://images.dog.ceo/breeds/hound-afghan/1.jpg';

describe('picture page content: what the visitor sees around the picture', () => {
  it('a breed page: heading, alt text, caption with a link to another picture of that breed', () => {
    const text = picturePage({ version: 'v1', breeds: LIST, query: 'Afghan Hound' }, { breed: { main: 'hound', sub: 'afghan' }, image: img, source: 'hit' }, false).toString();
    expect(text).to.include('<title>Afghan Hound · Dog pictures</title>');
    expect(text).to.include('<h1>Afghan Hound</h1>');
    expect(text).to.include(`<img src="${img}" alt="Afghan Hound: a random picture from the Dog API">`);
    expect(text).to.include('<figcaption>Afghan Hound · <a href="/?breed=hound%2Fafghan">another Afghan Hound</a></figcaption>');
    expect(text).not.to.include('role="status"');
  });

  it('an any-dog page: names the breed shown, links to another random dog', () => {
    const text = picturePage({ version: 'v1', breeds: LIST }, { breed: { main: 'husky' }, image: img, source: 'miss' }, true).toString();
    expect(text).to.include('<title>A random dog · Dog pictures</title>');
    expect(text).to.include('<h1>A random dog</h1>');
    expect(text).to.include('alt="Husky: a random picture from the Dog API"');
    expect(text).to.include('<figcaption>Husky · <a href="/">another dog</a></figcaption>');
  });

  it('a stale picture says it comes from earlier visits, as a status message', () => {
    const text = picturePage({ version: 'v1', breeds: LIST }, { breed: { main: 'husky' }, image: img, source: 'stale' }, false).toString();
    expect(text).to.include('<p class="notice" role="status">The Dog API is not answering right now, so this picture comes from earlier visits.</p>');
  });

  it('the search form posts to the service, lists every breed and sub-breed, and links the stylesheet and icon', () => {
    const text = picturePage({ version: 'v1', breeds: LIST }, { breed: { main: 'husky' }, image: img, source: 'hit' }, false).toString();
    expect(text).to.include('<form class="search" method="post" action="/" role="search">');
    expect(text).to.include('<datalist id="breed-list"><option value="Husky"></option><option value="Hound"></option><option value="Afghan Hound"></option></datalist>');
    expect(text).to.include('<link rel="stylesheet" href="/static/style.css">');
    expect(text).to.include('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
  });

  it('the search box of one visitor never shows on another visitor’s page of the same breed', () => {
    const picture = { breed: { main: 'husky' }, image: img, source: 'hit' } as const;
    expect(picturePage({ version: 'v1', breeds: LIST, query: 'Husky' }, picture, false).toString()).to.include('value="Husky"');
    expect(picturePage({ version: 'v1', breeds: LIST, query: 'HUSKY' }, picture, false).toString()).to.include('value="HUSKY"');
    expect(picturePage({ version: 'v1', breeds: LIST }, picture, false).toString()).to.include('value=""');
  });

  it('many distinct pages of one breed list all render right (the frame store is bounded)', () => {
    for (let i = 0; i < 2100; i++) {
      const text = picturePage({ version: 'v1', breeds: LIST, query: `q${i}` }, { breed: { main: 'husky' }, image: `${img}?${i}`, source: 'hit' }, false).toString();
      if (i % 700 === 0 || i > 2040) {
        expect(text).to.include(`value="q${i}"`);
        expect(text).to.include(`<img src="${img}?${i}"`);
      }
    }
  });
});
