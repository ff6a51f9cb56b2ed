import { pino, type DestinationStream, type Logger } from 'pino';

/** JSON-lines logger: string levels, ISO timestamps, the service and its version on every line. */
export function createLogger(options: { level: string; version: string; stream?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'dog-app-mesh', version: options.version },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: ['req.headers.cookie', 'req.headers.authorization'],
    },
    options.stream,
  );
}
