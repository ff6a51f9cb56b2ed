const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  'μs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds of a Go duration string (`250ms`, `1m30s`, `1.5h`), or undefined when it is not one. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '0') return 0;
  if (!GO_DURATION.test(text)) return undefined;
  let total = 0;
  for (const [, value, unit] of text.matchAll(PART)) total += Number(value) * UNIT_MS[unit];
  return text.startsWith('-') ? -total : total;
}

/** `2500` → `2.5s`, `90` → `90ms`, for messages. */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && ms % 1 === 0) return `${ms / 1000}s`;
  return `${Number(ms.toFixed(3))}ms`;
}
