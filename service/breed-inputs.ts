import { MAX_INPUT_LENGTH, parseBreedInput, resolveBreed, type Breed, type BreedList, type ParsedInput } from './breeds.js';

/** Distinct inputs kept: visitors repeat a few hundred names; past this the map starts over. */
const MAX_KEPT = 1024;

/**
 * `parseBreedInput` and `resolveBreed` with their results kept. Both are pure, and visitors ask for the same few
 * breeds over and over (the pages' own links, the search box's suggestions), so each input is read once, and
 * resolved once per breed list.
 */
export class BreedInputs {
  private readonly parsed = new Map<string, ParsedInput>();
  private readonly resolved = new WeakMap<BreedList, Map<string, Breed | null>>();

  /** What `parseBreedInput(raw)` gives. */
  parse(raw: string): ParsedInput {
    if (raw.length > MAX_INPUT_LENGTH * 2) return parseBreedInput(raw);
    let parsed = this.parsed.get(raw);
    if (parsed === undefined) {
      parsed = parseBreedInput(raw);
      if (this.parsed.size >= MAX_KEPT) this.parsed.clear();
      this.parsed.set(raw, parsed);
    }
    return parsed;
  }

  /** What `resolveBreed(list, words)` gives. */
  resolve(list: BreedList, words: readonly string[]): Breed | undefined {
    let byWords = this.resolved.get(list);
    if (!byWords) this.resolved.set(list, (byWords = new Map<string, Breed | null>()));
    const key = words.join(' ');
    let breed = byWords.get(key);
    if (breed === undefined) {
      breed = resolveBreed(list, words) ?? null;
      if (byWords.size >= MAX_KEPT) byWords.clear();
      byWords.set(key, breed);
    }
    return breed ?? undefined;
  }
}
