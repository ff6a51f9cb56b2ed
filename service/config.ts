import { createRequire } from 'node:module';

/** Everything the service can be told. `loadConfig` reads it from the environment; tests build it directly. */
export interface ServiceConfig {
  /** TCP port to listen on (`PORT`); 0 picks a free one. @default 8080 */
  readonly port: number;
  /** Address to bind (`HOST`). @default '0.0.0.0' */
  readonly host: string;
  /** Base URL of the Dog API (`DOG_API_URL`); the service calls `${dogApiUrl}/api/...`. @default 'https://dog.ceo' */
  readonly dogApiUrl: string;
  /** Total time budget for one upstream call, retries and backoff included (`UPSTREAM_TIMEOUT_MS`). @default 2500 */
  readonly upstreamTimeoutMs: number;
  /** Time limit of one attempt inside that budget, so a hung attempt leaves room for a retry. @default 40% of the budget, at most 1000 */
  readonly upstreamAttemptTimeoutMs: number;
  /** Retries after the first attempt, for retryable failures only and only while the budget allows. @default 2 */
  readonly upstreamRetries: number;
  /** Backoff before the first retry; doubles each retry; the actual wait is drawn uniformly from [0, backoff] (full jitter). @default 100 */
  readonly retryBaseDelayMs: number;
  /** Upper bound of one backoff. @default 1000 */
  readonly retryMaxDelayMs: number;
  /** Largest upstream body accepted, in bytes (after decompression); bigger answers are cut off and count as failures. @default 1048576 */
  readonly upstreamMaxBodyBytes: number;
  /** Upstream sockets kept per host; further calls queue inside their budget. @default 32 */
  readonly upstreamMaxSockets: number;
  /** Consecutive failed upstream calls that open the circuit breaker (`BREAKER_THRESHOLD`). @default 5 */
  readonly breakerThreshold: number;
  /** How long the breaker stays open before one probe call may test the Dog API (`BREAKER_HALF_OPEN_MS`). @default 10000 */
  readonly breakerHalfOpenMs: number;
  /** Freshness of the cached breed list (`BREED_LIST_TTL_MS`). @default 3600000 (1 h) */
  readonly breedListTtlMs: number;
  /** Freshness of a cached per-breed image list (`IMAGE_CACHE_TTL_MS`). @default 21600000 (6 h, the Dog API's own s-maxage) */
  readonly imageCacheTtlMs: number;
  /** Most per-breed image lists kept; the least recently used go first. @default 500 */
  readonly imageCacheMaxEntries: number;
  /** Memory bound of the image-list cache, counted as the characters of its URLs. @default 16777216 */
  readonly imageCacheMaxChars: number;
  /** Origins allowed for rendered images (`IMAGE_ORIGINS`, comma-separated); also the CSP `img-src`. @default ['https://images.dog.ceo', origin of dogApiUrl] */
  readonly imageOrigins: readonly string[];
  /** Largest accepted request body in bytes; bigger ones get 413, however the body is framed. @default 2048 */
  readonly bodyLimitBytes: number;
  /**
   * Time a client has to send a whole request, headers and body (`REQUEST_TIMEOUT_MS`); a slower one gets 408 and
   * its connection is closed. Kept well under `shutdownGraceMs`, so a stalled upload cannot stretch a shutdown.
   * @default half of `shutdownGraceMs`, from 1000 to 5000
   */
  readonly requestTimeoutMs: number;
  /**
   * How long after SIGTERM the service keeps accepting new requests with `/readyz` already at 503
   * (`SHUTDOWN_DELAY_MS`), for platforms without a preStop hook to let load balancers notice first. @default 0
   */
  readonly shutdownDelayMs: number;
  /** How long SIGTERM waits for in-flight requests before closing their connections (`SHUTDOWN_GRACE_MS`). @default 10000 */
  readonly shutdownGraceMs: number;
  /** pino level (`LOG_LEVEL`): fatal, error, warn, info, debug, trace or silent. @default 'info' */
  readonly logLevel: string;
  /** Version shown in the page footer and the `x-app-version` header (`APP_VERSION`). @default the package version */
  readonly appVersion: string;
}

/** Thrown by `loadConfig` for bad environment values; lists every problem at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_IMAGE_ORIGIN = 'https://images.dog.ceo';

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('dog-image-service/package.json') as { version: string }).version;
}

/** The defaults of the service contract; `dogApiUrl` decides the default image origins. */
export function defaultConfig(overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const dogApiUrl = overrides.dogApiUrl ?? 'https://dog.ceo';
  const upstreamTimeoutMs = overrides.upstreamTimeoutMs ?? 2500;
  const shutdownGraceMs = overrides.shutdownGraceMs ?? 10_000;
  const base: ServiceConfig = {
    port: 8080,
    host: '0.0.0.0',
    dogApiUrl,
    upstreamTimeoutMs,
    // 40% of the budget, at most 1 s: a hung first attempt still leaves time for a retry.
    upstreamAttemptTimeoutMs: Math.min(1000, Math.ceil(upstreamTimeoutMs * 0.4)),
    upstreamRetries: 2,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 1000,
    upstreamMaxBodyBytes: 1024 * 1024,
    upstreamMaxSockets: 32,
    breakerThreshold: 5,
    breakerHalfOpenMs: 10_000,
    breedListTtlMs: 60 * 60 * 1000,
    imageCacheTtlMs: 6 * 60 * 60 * 1000,
    imageCacheMaxEntries: 500,
    imageCacheMaxChars: 16 * 1024 * 1024,
    imageOrigins: [...new Set([DEFAULT_IMAGE_ORIGIN, new URL(dogApiUrl).origin])],
    bodyLimitBytes: 2048,
    requestTimeoutMs: Math.min(5000, Math.max(1000, Math.floor(shutdownGraceMs / 2))),
    shutdownDelayMs: 0,
    shutdownGraceMs,
    logLevel: 'info',
    appVersion: packageVersion(),
  };
  const config = { ...base, ...overrides };
  const problems = checkConfig(config);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Reads the configuration from environment variables (names in the service contract); unset means default. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];
  const overrides: Partial<Record<keyof ServiceConfig, unknown>> = {};
  const int = (name: string, key: keyof ServiceConfig, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return;
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected a whole number from ${min} to ${max}`);
      return;
    }
    overrides[key] = value;
  };
  const str = (name: string, key: keyof ServiceConfig) => {
    const raw = env[name];
    if (raw !== undefined && raw !== '') overrides[key] = raw.trim();
  };

  int('PORT', 'port', 0, 65535);
  str('HOST', 'host');
  str('DOG_API_URL', 'dogApiUrl');
  int('UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs', 1, 600_000);
  int('SHUTDOWN_GRACE_MS', 'shutdownGraceMs', 0, 3_600_000);
  int('SHUTDOWN_DELAY_MS', 'shutdownDelayMs', 0, 600_000);
  int('REQUEST_TIMEOUT_MS', 'requestTimeoutMs', 1, 600_000);
  str('LOG_LEVEL', 'logLevel');
  str('APP_VERSION', 'appVersion');
  int('BREAKER_THRESHOLD', 'breakerThreshold', 1, 1000);
  int('BREAKER_HALF_OPEN_MS', 'breakerHalfOpenMs', 1, 3_600_000);
  int('BREED_LIST_TTL_MS', 'breedListTtlMs', 1, 7 * 24 * 3_600_000);
  int('IMAGE_CACHE_TTL_MS', 'imageCacheTtlMs', 1, 7 * 24 * 3_600_000);
  if (env.IMAGE_ORIGINS) {
    overrides.imageOrigins = env.IMAGE_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (problems.length) throw new ConfigError(problems);

  const dogApiUrl = overrides.dogApiUrl as string | undefined;
  if (dogApiUrl !== undefined && !isHttpUrl(dogApiUrl)) {
    throw new ConfigError([`DOG_API_URL=${JSON.stringify(dogApiUrl)}: expected an http:// or https:// URL`]);
  }
  return defaultConfig(overrides as Partial<ServiceConfig>);
}

/**
 * A host name (letters, digits, `.`, `-`, `_`; URLs write international names in ASCII) or an IP address. URLs also
 * take `;`, `,`, `'` and other punctuation in a host, which would end, split or quote a source in the CSP's `img-src`.
 */
const HOST = /^(?:[a-z0-9_.-]+|\[[0-9a-f:.]+\])$/;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && HOST.test(url.hostname) && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function checkConfig(c: ServiceConfig): string[] {
  const problems: string[] = [];
  const positive: (keyof ServiceConfig)[] = [
    'upstreamTimeoutMs', 'upstreamAttemptTimeoutMs', 'upstreamMaxBodyBytes', 'upstreamMaxSockets', 'breakerThreshold',
    'breakerHalfOpenMs', 'breedListTtlMs', 'imageCacheTtlMs', 'imageCacheMaxEntries', 'imageCacheMaxChars', 'bodyLimitBytes',
    'requestTimeoutMs',
  ];
  for (const key of positive) {
    const v = c[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) problems.push(`${key}=${String(v)}: expected a positive number`);
  }
  for (const key of ['upstreamRetries', 'retryBaseDelayMs', 'retryMaxDelayMs', 'shutdownDelayMs', 'shutdownGraceMs'] as const) {
    if (!Number.isFinite(c[key]) || c[key] < 0) problems.push(`${key}=${c[key]}: expected zero or more`);
  }
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) problems.push(`port=${c.port}: expected 0..65535`);
  if (!isHttpUrl(c.dogApiUrl)) problems.push(`dogApiUrl=${JSON.stringify(c.dogApiUrl)}: expected an http:// or https:// URL`);
  if (c.upstreamAttemptTimeoutMs > c.upstreamTimeoutMs) {
    problems.push(`upstreamAttemptTimeoutMs=${c.upstreamAttemptTimeoutMs}: must not exceed upstreamTimeoutMs=${c.upstreamTimeoutMs}`);
  }
  if (!LOG_LEVELS.includes(c.logLevel)) problems.push(`LOG_LEVEL=${JSON.stringify(c.logLevel)}: expected one of ${LOG_LEVELS.join(', ')}`);
  if (!/^[\x21-\x7e]{1,64}$/.test(c.appVersion)) {
    problems.push(`APP_VERSION=${JSON.stringify(c.appVersion)}: expected 1 to 64 printable characters without spaces`);
  }
  if (!c.imageOrigins.length) problems.push('IMAGE_ORIGINS: expected at least one origin');
  for (const origin of c.imageOrigins) {
    if (!isHttpUrl(origin) || new URL(origin).origin !== origin.replace(/\/$/, '')) {
      problems.push(`IMAGE_ORIGINS entry ${JSON.stringify(origin)}: expected an origin such as https://images.dog.ceo`);
    }
  }
  return problems;
}
