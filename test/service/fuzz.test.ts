import { expect } from 'chai';
import fc from 'fast-check';
import { parseBreedInput, resolveBreed } from '../../service/breeds.js';
import { DOG_CEO_BREEDS } from '../support/dog-api-stub.js';
import { startTestService, type TestService } from './support.js';

/** Every tag the page templates write; anything else in a page came from outside. */
const OUR_TAGS = new Set([
  '!doctype', 'html', 'head', 'meta', 'title', 'link', 'body', 'header', 'a', 'main', 'form', 'label', 'input', 'button',
  'p', 'datalist', 'option', 'h1', 'figure', 'img', 'figcaption', 'div', 'ul', 'li', 'footer', 'span',
]);
const OUR_ATTRIBUTES = new Set([
  'html', 'lang', 'charset', 'name', 'content', 'rel', 'href', 'type', 'class', 'method', 'action', 'role', 'for', 'id', 'list',
  'value', 'maxlength', 'autocomplete', 'spellcheck', 'placeholder', 'aria-describedby', 'src', 'alt',
]);

const ATTACKS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</textarea><svg onload=alert(1)>',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '..%2F..%2Fbreeds%2Flist',
  'hound/../../breeds/list/all',
  'hound?x=1',
  'hound#frag',
  '%00husky',
  'husky\r\nX-Injected: 1',
  '{{7*7}}',
  '${7*7}',
  '&lt;b&gt;',
  'a'.repeat(300),
];

const nameArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z][A-Za-z ./_'-]{0,40}$/),
  fc.constantFrom(...ATTACKS),
  fc.tuple(fc.constantFrom(...Object.keys(DOG_CEO_BREEDS)), fc.boolean()).map(([b, upper]) => (upper ? b.toUpperCase() : ` ${b} `)),
  fc.tuple(fc.constantFrom(...Object.keys(DOG_CEO_BREEDS)), fc.constantFrom(...ATTACKS)).map(([b, a]) => `${b}${a}`),
);

/** Tags and attributes of a page; outside text that became markup would show up here. */
function markup(html: string): { tags: string[]; attributes: string[] } {
  const tags: string[] = [];
  const attributes: string[] = [];
  for (const [, name, rest] of html.matchAll(/<\/?([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    tags.push(name.toLowerCase());
    for (const [, attr] of rest.matchAll(/\s([^\s="'>/]+)(?:="[^"]*")?/g)) attributes.push(attr.toLowerCase());
  }
  return { tags, attributes };
}

/** The only upstream paths the service may build: fixed ones, and per-breed ones from names on the list. */
function allowedPath(path: string): boolean {
  if (path === '/api/breeds/list/all') return true;
  const m = /^\/api\/breed\/([a-z]+)(?:\/([a-z]+))?\/images$/.exec(path);
  if (!m) return false;
  const [, main, sub] = m;
  return Object.hasOwn(DOG_CEO_BREEDS, main) && (sub === undefined || DOG_CEO_BREEDS[main].includes(sub));
}

describe('fuzzing the breed name (fast-check)', function () {
  this.timeout(120_000);
  let t: TestService;
  before(async () => {
    t = await startTestService();
  });
  after(() => t.close());

  it('any name: never a 5xx, never markup from the input, never an upstream path built from raw input', async () => {
    await fc.assert(
      fc.asyncProperty(nameArbitrary, fc.boolean(), async (name, viaForm) => {
        const res = viaForm ? await t.post('/', { name }) : await t.get(`/?breed=${encodeURIComponent(name)}`);
        expect(res.status).to.be.oneOf([200, 400, 404]);
        const { tags, attributes } = markup(res.text);
        for (const tag of tags) expect(OUR_TAGS.has(tag), `unexpected tag <${tag}>`).to.equal(true);
        for (const attr of attributes) expect(OUR_ATTRIBUTES.has(attr), `unexpected attribute ${attr}`).to.equal(true);
        for (const [, attr, url] of res.text.matchAll(/\s(href|src|action)="([^"]*)"/g)) {
          expect(url, `${attr} value`).to.match(/^(\/(?!\/)|https?:\/\/)/);
        }
        // Reflected unescaped? (Short names such as `"` are in any page: the templates' own quotes.)
        if (/[<>"]/.test(name) && name.length >= 6) expect(res.text).not.to.include(name);
        for (const { path } of t.stub.requests) expect(allowedPath(path), `upstream path ${path}`).to.equal(true);
      }),
      { numRuns: 400 },
    );
  });

  it('the JSON API: never a 5xx and always JSON', async () => {
    await fc.assert(
      fc.asyncProperty(nameArbitrary, async (name) => {
        const res = await t.get(`/api/image?breed=${encodeURIComponent(name)}`);
        expect(res.status).to.be.oneOf([200, 400, 404]);
        expect(() => JSON.parse(res.text) as unknown).not.to.throw();
      }),
      { numRuns: 200 },
    );
    for (const { path } of t.stub.requests) expect(allowedPath(path), `upstream path ${path}`).to.equal(true);
  });

  it('parsing never throws, and anything it accepts resolves to a listed breed or to nothing', () => {
    const list = new Map(Object.entries(DOG_CEO_BREEDS));
    fc.assert(
      fc.property(nameArbitrary, (name) => {
        const parsed = parseBreedInput(name);
        if (parsed.kind !== 'words') return;
        for (const w of parsed.words) expect(w).to.match(/^[a-z]+$/);
        const again = parseBreedInput(parsed.words.join(' '));
        expect(again).to.deep.equal(parsed);
        const breed = resolveBreed(list, parsed.words);
        if (breed) {
          expect(list.has(breed.main)).to.equal(true);
          if (breed.sub) expect(list.get(breed.main)).to.include(breed.sub);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
