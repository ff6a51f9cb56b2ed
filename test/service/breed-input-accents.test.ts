import { expect } from 'chai';
import { ACCEPTED_CHARACTERS, parseBreedInput } from '../../service/breeds.js';
import { startTestService } from './support.js';

/**
 * A spacing accent (´ ¨ ˜ ¯, as a dead key types it when pressed twice) normalises to a space and a combining mark.
 * Typed before a name, that space is at the edge of the name, and spaces around a name do not count toward its
 * length: the accent is refused as a character, even in a name of the longest length.
 */
describe('breed input: a spacing accent before the name', () => {
  it('is refused for its character, not for the length, at 64 characters', () => {
    for (const accent of ['\u00b4', '\u00a8', '\u02dc', '\u00af']) {
      const typed = accent + 'a'.repeat(63);
      expect(typed.length).to.equal(64);
      expect(parseBreedInput(typed), JSON.stringify(accent)).to.deep.equal({ kind: 'invalid', reason: ACCEPTED_CHARACTERS });
    }
  });

  it('is what the 400 page says', async () => {
    const t = await startTestService();
    try {
      const res = await t.get(`/?breed=${encodeURIComponent('\u00b4' + 'a'.repeat(63))}`);
      expect(res.status).to.equal(400);
      expect(res.text).to.include('Breed names use the letters a to z');
      expect(res.text).not.to.include('at most 64 characters');
    } finally {
      await t.close();
    }
  });
});
