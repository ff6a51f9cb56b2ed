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

try {
  service = await startServer(config);
} catch (err) {
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw err;
  const reason = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'may not be used by this user' : 'is not an address of this machine';
  process.stderr.write(`dog-app-mesh service: cannot listen on ${config.host}:${config.port}: the ${code === 'EADDRNOTAVAIL' ? 'address' : 'port'} ${reason} (${code}); set PORT or HOST\n`);
  process.exit(2);
}
const { logger } = service.app;
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  logger.fatal({ err }, 'unhandled rejection');
  process.exit(1);
});
