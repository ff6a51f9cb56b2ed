/**
 * One parameter of a query string, as Koa's `ctx.query` gives it (URLSearchParams: `+` is a space, `%XX` escapes
 * decoded as UTF-8; a string, or an array when the name repeats; undefined when absent), without building the whole
 * query object when the query is only `name=value`, as nearly every request's is.
 */
export function queryParam(querystring: string, name: string, parse: () => Record<string, unknown>): unknown {
  if (querystring === '') return undefined;
  if (querystring.startsWith(name) && querystring.charCodeAt(name.length) === 0x3d /* = */ && !querystring.includes('&', name.length)) {
    const raw = querystring.slice(name.length + 1);
    if (!raw.includes('%')) return raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
    try {
      return decodeURIComponent(raw.replaceAll('+', ' '));
    } catch {
      // A malformed escape or bytes that are not UTF-8: URLSearchParams keeps or replaces them; ask it.
    }
  }
  return parse()[name];
}
