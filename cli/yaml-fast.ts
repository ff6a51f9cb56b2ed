import { EVENT_ID, SCALAR_STYLE, constructFromEvents, getScalarValue, parseEvents, type Event } from 'js-yaml';
import { KUBECTL_SCHEMA, isPlainStringKey } from './yaml-schema.js';

/** A document read by the fast path, with offsets relative to the text it was given. */
export interface FastDocument {
  readonly value: unknown;
  /** Offset of the root node. */
  readonly offset: number;
  /** Offsets of the items of a root mapping's `items` sequence, when it has one. */
  readonly itemOffsets: readonly number[] | undefined;
}

function nodeStart(e: Event): number {
  if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start;
  if (e.type === EVENT_ID.SCALAR) return e.valueStart;
  return -1;
}

/**
 * Reads the documents of a text with js-yaml's event parser. Returns undefined when one needs the precise path:
 * a syntax error or a duplicate key (the precise path reports them), directives, tags, anchors and aliases,
 * merge keys, keys that are not strings (`on:`, `1:`, collections) and `__proto__`. Everything else is plain
 * data, where both paths give the same values.
 */
export function parseFast(text: string): FastDocument[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  const roots: number[] = [];
  const items: (number[] | undefined)[] = [];
  // per open container: 0 for a document or sequence, 1 for a mapping whose next node is a key, 2 for its value
  const state: number[] = [];
  let itemsAt = -1;
  let inItems = false;
  let itemOffsets: number[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const depth = state.length;
    if (e.type === EVENT_ID.POP) {
      if (inItems && depth === 3) inItems = false;
      state.pop();
      if (depth === 1) items.push(itemOffsets);
      continue;
    }
    if (e.type === EVENT_ID.DOCUMENT) {
      if (e.directives.length > 0) return undefined;
      state.push(0);
      roots.push(-1);
      itemOffsets = undefined;
      itemsAt = -1;
      continue;
    }
    if (e.type === EVENT_ID.ALIAS || e.anchorStart >= 0 || e.tagStart >= 0) return undefined;
    const parent = state[depth - 1];
    if (parent === 1) {
      if (e.type !== EVENT_ID.SCALAR) return undefined;
      const key = e.fast ? text.slice(e.valueStart, e.valueEnd) : getScalarValue(text, e);
      if (key === '__proto__' || key === '<<' || (e.style === SCALAR_STYLE.PLAIN && !isPlainStringKey(key))) return undefined;
      if (depth === 2 && key === 'items') itemsAt = i + 1;
      state[depth - 1] = 2;
      continue;
    }
    if (depth === 1) roots[roots.length - 1] = nodeStart(e);
    if (parent === 2) state[depth - 1] = 1;
    if (inItems && depth === 3) itemOffsets!.push(nodeStart(e));
    if (e.type === EVENT_ID.MAPPING) state.push(1);
    else if (e.type === EVENT_ID.SEQUENCE) {
      state.push(0);
      if (i === itemsAt) {
        inItems = true;
        itemOffsets = [];
      }
    }
  }
  let values: unknown[];
  try {
    values = constructFromEvents(events, { source: text, schema: KUBECTL_SCHEMA, maxAliases: 0 });
  } catch {
    return undefined;
  }
  if (values.length !== items.length) return undefined;
  return values.map((value, d) => ({ value, offset: roots[d], itemOffsets: items[d] }));
}
