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

/**
 * What the code serving one request knows about it. Handed explicitly from the Koa context down to the Dog API
 * calls: an AsyncLocalStorage would do it implicitly, but on Node 20 it hooks every promise, which cost about 15%
 * of the service's throughput (BENCHMARKS.md).
 */
export interface RequestContext {
  readonly requestId: string;
  /** Trace headers to send upstream, lowercase names; `x-request-id` is always present. */
  readonly traceHeaders: Readonly<Record<string, string>>;
  /** A child of the service's logger with `reqId`. */
  readonly log: Logger;
}

/** The context of an incoming request; the trace headers and the child logger are made when first used. */
class IncomingRequestContext implements RequestContext {
  readonly requestId: string;
  private traceHeadersMade: Record<string, string> | undefined;
  private logMade: Logger | undefined;

  constructor(
    private readonly headers: IncomingHttpHeaders,
    private readonly logger: Logger,
  ) {
    this.requestId = requestIdFrom(headers);
  }

  get traceHeaders(): Readonly<Record<string, string>> {
    return (this.traceHeadersMade ??= traceHeadersFrom(this.headers, this.requestId));
  }

  get log(): Logger {
    return (this.logMade ??= this.logger.child({ reqId: this.requestId }));
  }
}

/** The context of an incoming request (built per request: a class, since an object literal with getters costs ten times more). */
export function requestContextOf(headers: IncomingHttpHeaders, logger: Logger): RequestContext {
  return new IncomingRequestContext(headers, logger);
}

const SANE_VALUE = /^[\x20-\x7e]{1,512}$/;
const SANE_REQUEST_ID = /^[\w.:@+=/-]{1,128}$/;

/** The incoming request id when it is sane (Envoy sets a UUID), else a fresh UUID. */
function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** The trace headers of an incoming request worth forwarding: present once, printable ASCII, at most 512 characters. */
function traceHeadersFrom(headers: IncomingHttpHeaders, requestId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of TRACE_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && SANE_VALUE.test(value)) out[name] = value;
  }
  out['x-request-id'] = requestId;
  return out;
}
