import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** The service's loggers, writing JSON lines to one destination. */
export interface ServiceLoggers {
  /** Everything but the request line: `req.headers.cookie` and `req.headers.authorization` are redacted. */
  readonly logger: Logger;
  /**
   * The one line per request. It is built from a fixed set of fields and never carries headers, so it skips the
   * redaction pass that every line of `logger` pays for.
   */
  readonly requestLogger: Logger;
}

let stampedMs = Number.NaN;
let stamp = '';

/**
 * pino's `isoTime`, the same bytes (`,"time":"2026-12-01T10:00:00.000Z"`), with the string built once per
 * millisecond instead of once per line: at thousands of lines a second most lines share their millisecond.
 */
export function isoTimeCachedPerMs(): string {
  const now = Date.now();
  if (now !== stampedMs) {
    stampedMs = now;
    stamp = `,"time":"${new Date(now).toISOString()}"`;
  }
  return stamp;
}

/** JSON-lines loggers: string levels, ISO timestamps, the service and its version on every line. */
export function createLoggers(options: { level: string; version: string; stream?: DestinationStream }): ServiceLoggers {
  // One destination for both, so their lines never interleave within a write.
  const stream = options.stream ?? pino.destination({ dest: process.stdout.fd || 1, sync: false });
  const common: LoggerOptions = {
    level: options.level,
    base: { service: 'dog-app-mesh', version: options.version },
    timestamp: isoTimeCachedPerMs,
    formatters: { level: (label) => ({ level: label }) },
  };
  return {
    logger: pino({ ...common, redact: ['req.headers.cookie', 'req.headers.authorization'] }, stream),
    requestLogger: pino(common, stream),
  };
}
