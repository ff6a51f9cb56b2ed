import { expect } from 'chai';
import fc from 'fast-check';
import { BreedInputs } from '../../service/breed-inputs.js';
import { parseBreedInput, resolveBreed, type BreedList } from '../../service/breeds.js';
import { DOG_CEO_BREEDS } from '../support/dog-api-stub.js';

const LIST: BreedList = new Map(Object.entries(DOG_CEO_BREEDS as Record<string, string[]>));

describe('BreedInputs: breed names read once, answered as the pure functions answer', () => {
  it('gives what parseBreedInput and resolveBreed give, asked once or many times', () => {
    const inputs = new BreedInputs();
    const typed = fc.oneof(
      fc.constantFrom('husky', 'Afghan Hound', 'hound/afghan', 'HOUND_afghan', 'st. bernard', 'huskie', '', '  ', 'x'.repeat(200), 'pug1', 'english', 'bulldog french'),
      fc.string({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(typed, { minLength: 1, maxLength: 5 }), (names) => {
        for (const name of [...names, ...names]) {
          const parsed = inputs.parse(name);
          expect(parsed).to.deep.equal(parseBreedInput(name));
          if (parsed.kind === 'words') expect(inputs.resolve(LIST, parsed.words)).to.deep.equal(resolveBreed(LIST, parsed.words));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('resolves anew against a reloaded breed list', () => {
    const inputs = new BreedInputs();
    const words = ['pug'];
    expect(inputs.resolve(new Map([['husky', []]]), words)).to.equal(undefined);
    expect(inputs.resolve(new Map([['pug', []]]), words)).to.deep.equal({ main: 'pug' });
  });

  it('keeps words apart: a breed found for "french bulldog" is not the answer for "frenchbull dog"', () => {
    const inputs = new BreedInputs();
    for (const [known, other] of [[['french', 'bulldog'], ['frenchbull', 'dog']], [['pointer', 'german'], ['pointerger', 'man']], [['german', 'shepherd'], ['germanshep', 'herd']]]) {
      expect(inputs.resolve(LIST, known), known.join(' ')).to.not.equal(undefined);
      expect(inputs.resolve(LIST, other), other.join(' ')).to.deep.equal(resolveBreed(LIST, other));
    }
  });

  it('keeps answering right past the number of inputs it keeps', () => {
    const inputs = new BreedInputs();
    for (let i = 0; i < 3000; i++) expect(inputs.parse(`breed${i}`).kind).to.equal('invalid');
    expect(inputs.parse('husky')).to.deep.equal({ kind: 'words', words: ['husky'] });
    for (let i = 0; i < 3000; i++) inputs.resolve(LIST, [`nope${i}`]);
    expect(inputs.resolve(LIST, ['husky'])).to.deep.equal({ main: 'husky' });
  });
});
