import { expect } from 'chai';
import { breedKey, parseBreedInput, suggestBreeds } from '../../service/breeds.js';
import { DOG_CEO_BREEDS } from '../support/dog-api-stub.js';

const LIST = new Map(Object.entries(DOG_CEO_BREEDS));

function suggestions(typed: string, limit?: number): string[] {
  const parsed = parseBreedInput(typed);
  if (parsed.kind !== 'words') throw new Error(typed);
  return suggestBreeds(LIST, parsed.words, limit).map(breedKey);
}

describe('breed suggestions: the order they come in', () => {
  it('puts close spellings before breeds that only share a word, those in name order', () => {
    // poodle/toy is exact, poodle is 3 edits away (within the 3 allowed); the others only share a word.
    expect(suggestions('poodle toy')).to.deep.equal(['poodle/toy', 'poodle', 'poodle/medium', 'poodle/miniature', 'poodle/standard', 'terrier/toy']);
    expect(suggestions('toy poodle')).to.deep.equal(['poodle/toy', 'poodle', 'poodle/medium', 'poodle/miniature', 'poodle/standard', 'terrier/toy']);
  });

  it('gives at most 8 by default, or as many as asked', () => {
    expect(suggestions('hound')).to.deep.equal(['hound', 'hound/afghan', 'hound/basset', 'hound/blood', 'hound/english', 'hound/ibizan', 'hound/plott', 'hound/walker']);
    expect(suggestions('spaniel', 3)).to.deep.equal(['spaniel', 'spaniel/blenheim', 'spaniel/brittany']);
  });

  it('suggests a breed without sub-breeds that shares a word with what was typed, however far the rest is', () => {
    expect(suggestions('husky dog')).to.include('husky');
    expect(suggestions('pug from the park')).to.include('pug');
  });

  it('allows one edit in a short name', () => {
    expect(suggestions('pu')).to.deep.equal(['pug']);
    expect(suggestions('ab')).to.deep.equal([]);
  });
});
