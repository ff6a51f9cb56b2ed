/** A match result that may not be known: `'unknown'` when an element is not modelled. */
export type Tri = boolean | 'unknown';

/** AND: false wins, then unknown. */
export function allOf(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : true;
}

/** OR: true wins, then unknown. */
export function anyOf(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : false;
}

export function not(value: Tri): Tri {
  return value === 'unknown' ? 'unknown' : !value;
}
