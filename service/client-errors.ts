import type { Logger } from 'pino';

/** Error codes of a client that closed, reset or stalled its connection: its business, not a fault of the service. */
const GONE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
  'ERR_HTTP_REQUEST_TIMEOUT',
]);

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The client went away or stalled (reset, closed, timed out, aborted its upload). */
export function isClientGone(err: unknown): boolean {
  const code = codeOf(err);
  if (code && GONE_CODES.has(code)) return true;
  const type = (err as { type?: unknown } | null)?.type; // raw-body, under the form parser
  return type === 'request.aborted' || (err instanceof Error && err.message === 'aborted');
}

/** Node's HTTP parser refused what the client sent (not HTTP, bad framing, headers too large). */
export function isMalformedRequest(err: unknown): boolean {
  return codeOf(err)?.startsWith('HPE_') ?? false;
}

/** One line, without a stack, for a client that went away or sent something that is not HTTP. */
export function logClientError(log: Logger, err: unknown): void {
  const code = codeOf(err);
  const reason = err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
  if (isMalformedRequest(err)) log.info({ code, reason }, 'malformed request refused');
  else log.info({ code, reason }, 'client went away');
}
