import { NOT_RESOLVED, Schema, defineScalarTag, mapTag, seqTag, strTag } from 'js-yaml';

/*
 * Plain scalars resolved as kubectl reads them: YAML 1.1 (yes/no/on/off are booleans, 0777 is octal) without the
 * timestamp and base-60 types. The tests and their order are those of the `yaml` library's 1.1 schema, which
 * the precise path uses, so both paths give the same values.
 */

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT_DEC = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;

function int(source: string, prefix: number, radix: number): number {
  const sign = source[0];
  const digits = source.substring(sign === '-' || sign === '+' ? prefix + 1 : prefix).replace(/_/g, '');
  const n = parseInt(digits, radix);
  return sign === '-' ? -1 * n : n;
}

function resolveInt(s: string): number | typeof NOT_RESOLVED {
  if (INT_BIN.test(s)) return int(s, 2, 2);
  if (INT_OCT.test(s)) return int(s, 1, 8);
  if (INT_DEC.test(s)) return int(s, 0, 10);
  if (INT_HEX.test(s)) return int(s, 2, 16);
  return NOT_RESOLVED;
}

function resolveFloat(s: string): number | typeof NOT_RESOLVED {
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s.replace(/_/g, ''));
  return NOT_RESOLVED;
}

const DIGITS = '0123456789'.split('');
const never = (): boolean => false;

const nullTag = defineScalarTag<null>('tag:yaml.org,2002:null', {
  implicit: true,
  implicitFirstChars: ['', '~', 'n', 'N'],
  resolve: (s) => (NULL.test(s) ? null : NOT_RESOLVED),
  identify: never,
});

const boolTag = defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['Y', 'y', 'N', 'n', 'T', 't', 'F', 'f', 'O', 'o'],
  resolve: (s) => (TRUE.test(s) ? true : FALSE.test(s) ? false : NOT_RESOLVED),
  identify: never,
});

const intTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: ['-', '+', ...DIGITS],
  resolve: resolveInt,
  identify: never,
});

const floatTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  // e and E too: the 1.1 float pattern takes an exponent without digits before it (e5), which reads as NaN
  implicitFirstChars: ['-', '+', '.', 'e', 'E', ...DIGITS],
  resolve: resolveFloat,
  identify: never,
});

/** The js-yaml schema of the fast path: strings, sequences, mappings and the implicit 1.1 scalars above. */
export const KUBECTL_SCHEMA = new Schema([strTag, seqTag, mapTag, nullTag, boolTag, intTag, floatTag]);

/** The value of a plain (unquoted, untagged) scalar, as the schema resolves it. */
export function resolvePlain(s: string): unknown {
  if (NULL.test(s)) return null;
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  const i = resolveInt(s);
  if (i !== NOT_RESOLVED) return i;
  const f = resolveFloat(s);
  return f === NOT_RESOLVED ? s : f;
}

/** Whether a plain scalar used as a mapping key stays the same string (a key like `on` or `1` would be converted). */
export function isPlainStringKey(s: string): boolean {
  const c = s.charCodeAt(0);
  // lower-case letters other than those that start null, true, false, yes, no, on, off and a float like e5: always strings
  if (c >= 97 && c <= 122 && c !== 110 && c !== 116 && c !== 102 && c !== 121 && c !== 111 && c !== 101) return true;
  return typeof resolvePlain(s) === 'string';
}
