import { expect } from 'chai';
import { breedKey, displayName, parseBreedInput, resolveBreed, suggestBreeds, type Breed } from '../../service/breeds.js';
import { DOG_CEO_BREEDS } from '../support/dog-api-stub.js';

const LIST = new Map(Object.entries(DOG_CEO_BREEDS));

function find(typed: string): string | undefined {
  const parsed = parseBreedInput(typed);
  if (parsed.kind !== 'words') return undefined;
  const breed = resolveBreed(LIST, parsed.words);
  return breed && breedKey(breed);
}

describe('breed names', () => {
  it('reads the spellings people and the Dog API use', () => {
    const cases: Record<string, string> = {
      husky: 'husky',
      HUSKY: 'husky',
      'hound/afghan': 'hound/afghan',
      'Afghan Hound': 'hound/afghan',
      'hound afghan': 'hound/afghan',
      'hound-afghan': 'hound/afghan',
      'afghan_hound': 'hound/afghan',
      afghan: 'hound/afghan',
      'German Shepherd': 'germanshepherd',
      'Shih Tzu': 'shihtzu',
      "St. Bernard": 'stbernard',
      'Coton de Tulear': 'cotondetulear',
      'Australian Shepherd': 'australian/shepherd',
      'shepherd australian': 'australian/shepherd',
      'Australian Terrier': 'terrier/australian',
      'Yorkshire Terrier': 'terrier/yorkshire',
      'Bernese Mountain': 'mountain/bernese',
      'Miniature Poodle': 'poodle/miniature',
    };
    for (const [typed, key] of Object.entries(cases)) expect(find(typed), typed).to.equal(key);
  });

  it('leaves ambiguous or unknown names unresolved', () => {
    expect(find('english'), 'a sub-breed of six breeds').to.equal(undefined);
    expect(find('miniature')).to.equal(undefined);
    expect(find('huskie')).to.equal(undefined);
    expect(find('dog')).to.equal(undefined);
  });

  it('rejects what is not breed-like, with a reason', () => {
    for (const bad of ['h<x', 'husky1', '../breeds', 'a\u0000b', 'x'.repeat(65), 'a b c d e', 'hound%2Fafghan', '.husky', "'husky", '🐶']) {
      const parsed = parseBreedInput(bad);
      expect(parsed.kind, JSON.stringify(bad)).to.equal('invalid');
      if (parsed.kind === 'invalid') expect(parsed.reason).to.match(/^[A-Z].+\.$/);
    }
    expect(parseBreedInput('   ').kind).to.equal('empty');
  });

  it('suggests close names for typos, and every breed sharing a word with an ambiguous one', () => {
    const names = (typed: string) => {
      const parsed = parseBreedInput(typed);
      if (parsed.kind !== 'words') throw new Error(typed);
      return suggestBreeds(LIST, parsed.words).map(breedKey);
    };
    expect(names('huskie')[0]).to.equal('husky');
    expect(names('bulldgo')[0]).to.equal('bulldog');
    expect(names('afgan hound')[0]).to.equal('hound/afghan');
    expect(names('labrdor')[0]).to.equal('labrador');
    expect(names('english')).to.have.length(6);
    for (const key of names('english')) expect(key).to.match(/\/english$/);
    expect(names('xyzzyq')).to.deep.equal([]);
  });

  it('writes names the way people do', () => {
    const cases: [Breed, string][] = [
      [{ main: 'hound', sub: 'afghan' }, 'Afghan Hound'],
      [{ main: 'australian', sub: 'shepherd' }, 'Australian Shepherd'],
      [{ main: 'finnish', sub: 'lapphund' }, 'Finnish Lapphund'],
      [{ main: 'husky' }, 'Husky'],
      [{ main: 'stbernard' }, 'St. Bernard'],
      [{ main: 'germanshepherd' }, 'German Shepherd'],
      [{ main: 'bullterrier' }, 'Bull Terrier'],
      [{ main: 'bullterrier', sub: 'staffordshire' }, 'Staffordshire Bull Terrier'],
      [{ main: 'cattledog', sub: 'australian' }, 'Australian Cattle Dog'],
      [{ main: 'cotondetulear' }, 'Coton de Tulear'],
      [{ main: 'shihtzu' }, 'Shih Tzu'],
      [{ main: 'retriever', sub: 'flatcoated' }, 'Flat-coated Retriever'],
      [{ main: 'terrier', sub: 'westhighland' }, 'West Highland Terrier'],
    ];
    for (const [breed, name] of cases) expect(displayName(breed)).to.equal(name);
  });

  it('every display name reads back as its own breed', () => {
    for (const [main, subs] of LIST) {
      for (const breed of [{ main }, ...subs.map((sub) => ({ main, sub }))]) {
        expect(find(displayName(breed)), displayName(breed)).to.equal(breedKey(breed));
      }
    }
  });
});
