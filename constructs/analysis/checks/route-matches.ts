import { canonicalJson, num, record, records, str, type JsonRecord } from '../json.js';
import type { IndexedObject } from '../object-index.js';
import type { FieldPath } from '../types.js';
import { ruleName } from './routes.js';

/** A rule that can never match, and why. */
export interface UnreachableRule {
  readonly rule: string;
  readonly reason: string;
  readonly field: FieldPath;
}

/** A match of a rule that an earlier rule already takes. */
export interface IneffectiveMatch {
  readonly rule: string;
  readonly match: string;
  readonly earlier: string;
  readonly field: FieldPath;
}

function matchName(match: JsonRecord, index: number): string {
  return typeof match.name === 'string' && match.name ? JSON.stringify(match.name) : `#${index}`;
}

/** `exact:`/`prefix:` form of a StringMatch, as Istio compares prefix-overlapping matches. */
function exactOrPrefix(value: unknown): string {
  const m = record(value);
  if (typeof m.exact === 'string') return `exact:${m.exact}`;
  if (typeof m.prefix === 'string') return `prefix:${m.prefix}`;
  return '';
}

interface PrefixMatch {
  readonly rule: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number | undefined;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
  readonly field: FieldPath;
}

function stringMatches(value: unknown): Map<string, string> {
  return new Map(Object.entries(record(value)).map(([k, v]) => [k, exactOrPrefix(v)]));
}

function prefixMatch(rule: string, match: JsonRecord, matchIndex: number, field: FieldPath): PrefixMatch | undefined {
  const prefix = str(record(match.uri).prefix);
  if (!prefix) return undefined;
  return {
    rule,
    match: matchName(match, matchIndex),
    prefix,
    port: num(match.port),
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: stringMatches(match.headers),
    queryParams: stringMatches(match.queryParams),
    withoutHeaders: stringMatches(match.withoutHeaders),
    field,
  };
}

function mapCovered(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const other = b.get(k);
    if (other === undefined || (v !== other && !v.startsWith(other))) return false;
  }
  return true;
}

/** Istio's coveredValidation: whether the earlier prefix match `a` takes every request of the later `b`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapCovered(a.headers, b.headers) && mapCovered(a.queryParams, b.queryParams) && mapCovered(a.withoutHeaders, b.withoutHeaders);
}

/**
 * Istio's analysis of the order of a VirtualService's rules (validation's analyzeUnreachable*Rules): rules
 * after a catch-all, rules whose every match repeats an earlier one, and matches an earlier prefix covers.
 */
export function analyzeRuleOrder(vs: IndexedObject): { unreachable: UnreachableRule[]; ineffective: IneffectiveMatch[] } {
  const unreachable: UnreachableRule[] = [];
  const ineffective: IneffectiveMatch[] = [];
  for (const section of ['http', 'tcp', 'tls'] as const) {
    const rules = records(vs.spec[section]);
    const seen = new Map<string, number>();
    let catchAll = -1;
    const prefixes: PrefixMatch[] = [];
    rules.forEach((rule, i) => {
      const name = section === 'http' ? ruleName(rule, i) : `#${i}`;
      const field: FieldPath = ['spec', section, i];
      const matches = records(rule.match);
      if (matches.length === 0) {
        if (catchAll >= 0) unreachable.push({ rule: name, reason: 'only the last rule can have no matches', field });
        catchAll = i;
        return;
      }
      let duplicates = 0;
      let afterCatchAll = false;
      matches.forEach((match, j) => {
        if (catchAll >= 0) {
          afterCatchAll = true;
          return;
        }
        const { name: _name, ...routing } = match;
        const key = canonicalJson(routing);
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          ineffective.push({ rule: name, match: matchName(match, j), earlier: section === 'http' ? ruleName(rules[earlier], earlier) : `#${earlier}`, field: [...field, 'match', j] });
          duplicates++;
          return;
        }
        seen.set(key, i);
        if (section === 'http') {
          const p = prefixMatch(name, match, j, [...field, 'match', j]);
          if (p) prefixes.push(p);
        }
      });
      if (afterCatchAll) unreachable.push({ rule: name, reason: 'route without matches defined before', field });
      else if (duplicates === matches.length) unreachable.push({ rule: name, reason: 'all matches used by prior rules', field });
    });
    for (let a = 0; a < prefixes.length; a++) {
      for (let b = a + 1; b < prefixes.length; b++) {
        const [first, later] = [prefixes[a], prefixes[b]];
        if (first.prefix === later.prefix) continue;
        if (covers(first, later)) {
          ineffective.push({ rule: later.rule, match: `${later.match} of prefix ${later.prefix}`, earlier: `${first.match} of prefix ${first.prefix} on ${first.rule}`, field: later.field });
        }
      }
    }
  }
  return { unreachable, ineffective };
}
