import { ConfigError, loadConfig, type ServiceConfig } from './config.js';
import { startServer, type RunningService } from './server.js';

let config: ServiceConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`dog-app-mesh service: ${err.message}\n`);
  process.exit(2);
}

let service: RunningService | undefined = undefined;
let stopping = false;

// Installed before listening, so a signal can never find the process without its handler.
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  if (!service) process.exit(0); // nothing accepted yet, nothing to drain
  const { logger } = service.app;
  logger.info({ signal }, 'signal received');
  service.shutdown().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.fatal({ err }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

service = await startServer(config);
const { logger } = service.app;
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  logger.fatal({ err }, 'unhandled rejection');
  process.exit(1);
});
