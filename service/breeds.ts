import { distance } from 'fastest-levenshtein';

/** The Dog API's breed list: main breed → its sub-breeds (empty when it has none). */
export type BreedList = ReadonlyMap<string, readonly string[]>;

/** A breed the Dog API knows: a main breed, optionally narrowed to one of its sub-breeds. */
export interface Breed {
  readonly main: string;
  readonly sub?: string;
}

/** A Dog API breed name: what may ever become part of an upstream path. */
export const BREED_NAME = /^[a-z]{1,32}$/;

/** Longest input accepted, before and after normalisation. */
export const MAX_INPUT_LENGTH = 64;
const MAX_WORDS = 4;
/** What the 400 page says is accepted: exactly what `parseBreedInput` accepts. */
export const ACCEPTED_CHARACTERS =
  'Breed names use the letters a to z, with spaces, hyphens, underscores or a slash between words, and a dot or apostrophe only after a letter (as in “St. Bernard”).';

/** The outcome of reading what a person typed. */
export type ParsedInput =
  | { readonly kind: 'empty' }
  | { readonly kind: 'words'; readonly words: readonly string[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Turns what a person typed into lowercase words, or says why it is not breed-like.
 * `Afghan Hound`, `hound/afghan`, `hound-afghan`, `HOUND_afghan` all become words; digits, symbols, control
 * characters and overlong input are rejected.
 */
export function parseBreedInput(raw: string): ParsedInput {
  if (raw.length > MAX_INPUT_LENGTH * 2) return { kind: 'invalid', reason: `Breed names are at most ${MAX_INPUT_LENGTH} characters long.` };
  const trimmed = raw.trim();
  // Control and format characters (NUL, newlines, bidi overrides, zero-width joiners) are never part of a name.
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cs}]/u.test(trimmed)) return { kind: 'invalid', reason: 'The name contains control characters.' };
  const folded = trimmed.normalize('NFKC').toLowerCase();
  // Dots and apostrophes only as in "St. Bernard" or "Shih Tzu's": right after a letter.
  if (/(?<![a-z])[.'’]/u.test(folded)) return { kind: 'invalid', reason: ACCEPTED_CHARACTERS };
  const text = folded.replace(/[.'’]/gu, '').trim();
  if (!text) return { kind: 'empty' };
  if (text.length > MAX_INPUT_LENGTH) return { kind: 'invalid', reason: `Breed names are at most ${MAX_INPUT_LENGTH} characters long.` };
  const words = text.split(/[\s/_-]+/u).filter(Boolean);
  if (!words.length) return { kind: 'invalid', reason: 'Type a breed name, for example “husky” or “Afghan Hound”.' };
  if (!words.every((w) => /^[a-z]+$/.test(w))) {
    return { kind: 'invalid', reason: ACCEPTED_CHARACTERS };
  }
  if (words.length > MAX_WORDS) return { kind: 'invalid', reason: `Breed names have at most ${MAX_WORDS} words.` };
  return { kind: 'words', words };
}

/** `hound/afghan` or `husky`: the key used in the JSON API, the cache and links. */
export function breedKey(breed: Breed): string {
  return breed.sub ? `${breed.main}/${breed.sub}` : breed.main;
}

/**
 * Dog API names that run several words together, as people write them. Each still resolves to its breed when
 * typed back (`St. Bernard` → stbernard), since dots are dropped and words are joined when matching.
 */
const WRITTEN_AS: Readonly<Record<string, string>> = {
  stbernard: 'St. Bernard',
  germanshepherd: 'German Shepherd',
  bullterrier: 'Bull Terrier',
  cattledog: 'Cattle Dog',
  cotondetulear: 'Coton de Tulear',
  mexicanhairless: 'Mexican Hairless',
  sharpei: 'Shar Pei',
  shihtzu: 'Shih Tzu',
  pitbull: 'Pit Bull',
  waterdog: 'Water Dog',
  germanlonghair: 'German Longhair',
  flatcoated: 'Flat-coated',
  kerryblue: 'Kerry Blue',
  westhighland: 'West Highland',
};

/** How people write it: `Afghan Hound`, `Husky`, `St. Bernard`; adjective mains go first (`Australian Shepherd`, `Finnish Lapphund`). */
export function displayName(breed: Breed): string {
  const mainFirst = /(?:ian|ish|ese)$/.test(breed.main);
  const words = breed.sub ? (mainFirst ? [breed.main, breed.sub] : [breed.sub, breed.main]) : [breed.main];
  return words.map((w) => WRITTEN_AS[w] ?? w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** Every breed and sub-breed in the list, mains first in list order. */
export function allBreeds(list: BreedList): Breed[] {
  const out: Breed[] = [];
  for (const [main, subs] of list) {
    out.push({ main });
    for (const sub of subs) out.push({ main, sub });
  }
  return out;
}

/**
 * Finds the listed breed the words name, trying the spellings people use: the main breed alone (`husky`),
 * run together (`german shepherd` → germanshepherd), main then sub (`hound afghan`), sub then main
 * (`afghan hound`), or a sub-breed name that only one main breed has (`afghan`).
 */
export function resolveBreed(list: BreedList, words: readonly string[]): Breed | undefined {
  const has = (main: string, sub?: string) => list.has(main) && (sub === undefined || list.get(main)!.includes(sub));
  const joined = words.join('');
  if (has(joined)) return { main: joined };
  for (let i = 1; i < words.length; i++) {
    const head = words.slice(0, i).join('');
    const tail = words.slice(i).join('');
    if (has(head, tail)) return { main: head, sub: tail };
    if (has(tail, head)) return { main: tail, sub: head };
  }
  const owners = [...list].filter(([, subs]) => subs.includes(joined)).map(([main]) => main);
  if (owners.length === 1) return { main: owners[0], sub: joined };
  return undefined;
}

/**
 * The listed breeds closest to what was typed, best first: small edit distance to any way of writing
 * the breed ("huskie" → Husky), or sharing a whole word with it ("english" → the English sub-breeds).
 */
export function suggestBreeds(list: BreedList, words: readonly string[], limit = 8): Breed[] {
  // Compared without spaces: dropping the same character from both strings never lengthens an edit distance, so
  // the forms with spaces could never score better.
  const typedJoined = words.join('');
  const scored: { breed: Breed; score: number }[] = [];
  for (const breed of allBreeds(list)) {
    const forms = breed.sub ? [`${breed.sub}${breed.main}`, `${breed.main}${breed.sub}`] : [breed.main];
    let best = Math.min(...forms.map((f) => distance(typedJoined, f)));
    const allowed = Math.max(1, Math.min(3, Math.floor(typedJoined.length / 3)));
    const breedWords = breed.sub ? [breed.sub, breed.main] : [breed.main];
    if (best > allowed && words.some((w) => w.length >= 3 && breedWords.includes(w))) best = allowed + 0.5;
    if (best <= allowed + 0.5) scored.push({ breed, score: best });
  }
  scored.sort((a, b) => a.score - b.score || breedKey(a.breed).localeCompare(breedKey(b.breed)));
  return scored.slice(0, limit).map((s) => s.breed);
}
