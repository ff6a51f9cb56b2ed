import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';

/** Headers copied from an incoming request onto its Dog API calls, so a mesh (Istio/Envoy) can join the spans. */
export const TRACE_HEADERS = [
  'x-request-id',
  'traceparent',
  'tracestate',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
] as const;

/** What the code serving one request knows about it, wherever it runs. */
export interface RequestContext {
  readonly requestId: string;
  /** Trace headers to send upstream, lowercase names; `x-request-id` is always present. */
  readonly traceHeaders: Readonly<Record<string, string>>;
  readonly log: Logger;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

const SANE_VALUE = /^[\x20-\x7e]{1,512}$/;
const SANE_REQUEST_ID = /^[\w.:@+=/-]{1,128}$/;

/** The incoming request id when it is sane (Envoy sets a UUID), else a fresh UUID. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The trace headers of an incoming request worth forwarding: present once, printable ASCII, at most 512 characters. */
export function traceHeadersFrom(headers: IncomingHttpHeaders, requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && SANE_VALUE.test(value)) out[name] = value;
  }
  out['x-request-id'] = requestId;
  return out;
}
