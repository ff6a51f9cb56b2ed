import { expect } from 'chai';
import { breedKey, parseBreedInput, suggestBreeds } from '../../service/breeds.js';
import { DOG_CEO_BREEDS } from '../support/dog-api-stub.js';
import { startTestService } from './support.js';

const LIST = new Map(Object.entries(DOG_CEO_BREEDS));

function suggestions(typed: string): string[] {
  const parsed = parseBreedInput(typed);
  if (parsed.kind !== 'words') throw new Error(typed);
  return suggestBreeds(LIST, parsed.words).map(breedKey);
}

/** The "did you mean" list of the unknown-breed page: which breeds it offers for what was typed, and in what order. */
describe('breed suggestions: how close each breed is to what was typed', () => {
  // Each name run together is 3 edits from the input run together ("bassethounddog" → "bassethound"): as close as
  // a name that long may be, so the breed is a close spelling, ahead of the breeds that only share a word with it.
  const withDog: [typed: string, first: string][] = [
    ['Basset Hound dog', 'hound/basset'],
    ['hound basset dog', 'hound/basset'],
    ['Yorkshire Terrier dog', 'terrier/yorkshire'],
    ['terrier yorkshire dog', 'terrier/yorkshire'],
    ['French Bulldog dog', 'bulldog/french'],
    ['bulldog french dog', 'bulldog/french'],
    ['Tibetan Mastiff dog', 'mastiff/tibetan'],
    ['mastiff tibetan dog', 'mastiff/tibetan'],
  ];
  for (const [typed, first] of withDog) {
    it(`"${typed}" offers ${first} first`, () => {
      expect(suggestions(typed)[0]).to.equal(first);
    });
  }

  it('then the breeds sharing a word, in name order', () => {
    expect(suggestions('Yorkshire Terrier dog')).to.deep.equal([
      'terrier/yorkshire',
      'terrier',
      'terrier/american',
      'terrier/australian',
      'terrier/bedlington',
      'terrier/border',
      'terrier/cairn',
      'terrier/dandie',
    ]);
    expect(suggestions('bulldog french dog')).to.deep.equal(['bulldog/french', 'bulldog', 'bulldog/boston', 'bulldog/english']);
  });

  it('offers nothing for a single letter: no breed is one edit from it', () => {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') expect(suggestions(letter), letter).to.deep.equal([]);
  });
});

describe('the unknown-breed page', () => {
  const offered = (html: string) => [...html.matchAll(/<li><a href="\/\?breed=([^"]*)">([^<]*)<\/a><\/li>/g)].map((m) => [decodeURIComponent(m[1]), m[2]]);

  it('offers the breed a visitor named with a word added first, and nothing for a single letter', async () => {
    const t = await startTestService();
    try {
      const page = await t.get('/?breed=Yorkshire%20Terrier%20dog');
      expect(page.status).to.equal(404);
      expect(offered(page.text).slice(0, 2)).to.deep.equal([
        ['terrier/yorkshire', 'Yorkshire Terrier'],
        ['terrier', 'Terrier'],
      ]);
      const letter = await t.get('/?breed=y');
      expect(letter.status).to.equal(404);
      expect(offered(letter.text)).to.deep.equal([]);
      expect(letter.text).to.include('The suggestions in the search box list every breed the Dog API knows.');
    } finally {
      await t.close();
    }
  });
});
