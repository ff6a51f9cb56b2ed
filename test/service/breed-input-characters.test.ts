import { expect } from 'chai';
import { ACCEPTED_CHARACTERS, displayName, parseBreedInput } from '../../service/breeds.js';

describe('breed input: each kind of character it refuses or drops', () => {
  it('refuses control, format, private-use and lone surrogate characters', () => {
    for (const input of ['hus\u0000ky', 'hus\u009fky', 'hus\u202eky', 'hus\ufeffky', 'hus\ue000ky', 'hus\udb80\udc00ky', 'hus\ud800ky', 'hus\udc00ky']) {
      expect(parseBreedInput(input), JSON.stringify(input)).to.deep.equal({ kind: 'invalid', reason: 'The name contains control characters.' });
    }
  });

  it('refuses a dot or an apostrophe of either kind that does not follow a letter', () => {
    for (const input of ['.husky', "'husky", '’husky', 'st. .bernard', "hound '", 'a ’s']) {
      expect(parseBreedInput(input), input).to.deep.equal({ kind: 'invalid', reason: ACCEPTED_CHARACTERS });
    }
    expect(parseBreedInput('shih’tzu')).to.deep.equal({ kind: 'words', words: ['shihtzu'] });
    expect(parseBreedInput("shih'tzu.")).to.deep.equal({ kind: 'words', words: ['shihtzu'] });
  });

  it('refuses a word with anything but letters, wherever it is', () => {
    for (const input of ['1husky', 'hu1sky', 'husky1', 'hound afghan2', 'ß', 'é']) {
      const parsed = parseBreedInput(input);
      expect(parsed, input).to.deep.equal({ kind: 'invalid', reason: ACCEPTED_CHARACTERS });
    }
  });

  it('puts an adjective main breed first, and only one that ends as an adjective does', () => {
    expect(displayName({ main: 'maltese', sub: 'toy' })).to.equal('Maltese Toy');
    expect(displayName({ main: 'finnish', sub: 'lapphund' })).to.equal('Finnish Lapphund');
    expect(displayName({ main: 'ianhound', sub: 'big' })).to.equal('Big Ianhound');
    expect(displayName({ main: 'eseish', sub: 'big' })).to.equal('Eseish Big');
    expect(displayName({ main: 'x' })).to.equal('X');
  });
});
