import { expect } from 'chai';
import { ACCEPTED_CHARACTERS, parseBreedInput } from '../../service/breeds.js';

/** The reason the 400 page shows for each kind of input that is not breed-like, and the limits at their edges. */
describe('breed input: the reason shown for each refusal, and the limits', () => {
  const reasons: [input: string, reason: string][] = [
    ['x'.repeat(129), 'Breed names are at most 64 characters long.'],
    ['a'.repeat(65), 'Breed names are at most 64 characters long.'],
    ['hus\u0007ky', 'The name contains control characters.'],
    ['hus\u200dky', 'The name contains control characters.'],
    ['.husky', ACCEPTED_CHARACTERS],
    ['st .bernard', ACCEPTED_CHARACTERS],
    ['husky1', ACCEPTED_CHARACTERS],
    ['h<x', ACCEPTED_CHARACTERS],
    ['- / _', 'Type a breed name, for example “husky” or “Afghan Hound”.'],
    ['a b c d e', 'Breed names have at most 4 words.'],
  ];
  for (const [input, reason] of reasons) {
    it(`${JSON.stringify(input.length > 20 ? input.slice(0, 12) + '…' : input)}: ${reason.slice(0, 50)}`, () => {
      expect(parseBreedInput(input)).to.deep.equal({ kind: 'invalid', reason });
    });
  }

  it('accepts up to 64 characters and 4 words, and padding up to 128 characters in all', () => {
    expect(parseBreedInput('a'.repeat(64))).to.deep.equal({ kind: 'words', words: ['a'.repeat(64)] });
    expect(parseBreedInput(' '.repeat(60) + 'husky' + ' '.repeat(63))).to.deep.equal({ kind: 'words', words: ['husky'] });
    expect(parseBreedInput('a b c d')).to.deep.equal({ kind: 'words', words: ['a', 'b', 'c', 'd'] });
  });

  it('reads dots and apostrophes after a letter, separators, case and width as people type them', () => {
    expect(parseBreedInput('St. Bernard')).to.deep.equal({ kind: 'words', words: ['st', 'bernard'] });
    expect(parseBreedInput("Shih Tzu's")).to.deep.equal({ kind: 'words', words: ['shih', 'tzus'] });
    expect(parseBreedInput('Shih Tzu’s')).to.deep.equal({ kind: 'words', words: ['shih', 'tzus'] });
    expect(parseBreedInput('HOUND_afghan')).to.deep.equal({ kind: 'words', words: ['hound', 'afghan'] });
    expect(parseBreedInput('hound--/ afghan')).to.deep.equal({ kind: 'words', words: ['hound', 'afghan'] });
    expect(parseBreedInput('ＨＵＳＫＹ')).to.deep.equal({ kind: 'words', words: ['husky'] });
    expect(parseBreedInput(' \t ')).to.deep.equal({ kind: 'empty' });
    expect(parseBreedInput('')).to.deep.equal({ kind: 'empty' });
    expect(parseBreedInput('...')).to.deep.equal({ kind: 'invalid', reason: ACCEPTED_CHARACTERS });
  });
});
