import { expect } from 'chai';
import { type ConfigError, defaultConfig, loadConfig, type ServiceConfig } from '../../service/config.js';
import { problemsOf } from './support.js';

/** Each whole-number variable, the key it sets, and its bounds. */
const INTEGERS: [name: string, key: keyof ServiceConfig, min: number, max: number][] = [
  ['PORT', 'port', 0, 65535],
  ['UPSTREAM_TIMEOUT_MS', 'upstreamTimeoutMs', 1, 600_000],
  ['SHUTDOWN_GRACE_MS', 'shutdownGraceMs', 0, 3_600_000],
  ['SHUTDOWN_DELAY_MS', 'shutdownDelayMs', 0, 600_000],
  ['REQUEST_TIMEOUT_MS', 'requestTimeoutMs', 1, 600_000],
  ['BREAKER_THRESHOLD', 'breakerThreshold', 1, 1000],
  ['BREAKER_HALF_OPEN_MS', 'breakerHalfOpenMs', 1, 3_600_000],
  ['BREED_LIST_TTL_MS', 'breedListTtlMs', 1, 7 * 24 * 3_600_000],
  ['IMAGE_CACHE_TTL_MS', 'imageCacheTtlMs', 1, 7 * 24 * 3_600_000],
];

describe('service configuration: every default, every bound, every message', () => {
  it('defaults to the values of the service contract, each of them', () => {
    const { appVersion, ...rest } = defaultConfig();
    expect(rest).to.deep.equal({
      port: 8080,
      host: '0.0.0.0',
      dogApiUrl: 'https://dog.ceo',
      upstreamTimeoutMs: 2500,
      upstreamAttemptTimeoutMs: 1000,
      upstreamRetries: 2,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 1000,
      upstreamMaxBodyBytes: 1_048_576,
      upstreamMaxSockets: 32,
      breakerThreshold: 5,
      breakerHalfOpenMs: 10_000,
      breedListTtlMs: 3_600_000,
      imageCacheTtlMs: 21_600_000,
      imageCacheMaxEntries: 500,
      imageCacheMaxChars: 16_777_216,
      imageOrigins: ['https://images.dog.ceo', 'https://dog.ceo'],
      bodyLimitBytes: 2048,
      requestTimeoutMs: 5000,
      shutdownDelayMs: 0,
      shutdownGraceMs: 10_000,
      logLevel: 'info',
    });
    expect(appVersion).to.equal('0.1.0');
  });

  it('gives each attempt 40 % of a short budget, rounded up, and at most 1 s', () => {
    expect(defaultConfig({ upstreamTimeoutMs: 1001 }).upstreamAttemptTimeoutMs).to.equal(401);
    expect(defaultConfig({ upstreamTimeoutMs: 1 }).upstreamAttemptTimeoutMs).to.equal(1);
    expect(defaultConfig({ upstreamTimeoutMs: 2499 }).upstreamAttemptTimeoutMs).to.equal(1000);
  });

  it('gives a request half the grace period, rounded down, from 1 s to 5 s', () => {
    expect(defaultConfig({ shutdownGraceMs: 3001 }).requestTimeoutMs).to.equal(1500);
    expect(defaultConfig({ shutdownGraceMs: 1999 }).requestTimeoutMs).to.equal(1000);
    expect(defaultConfig({ shutdownGraceMs: 2002 }).requestTimeoutMs).to.equal(1001);
    expect(defaultConfig({ shutdownGraceMs: 10_002 }).requestTimeoutMs).to.equal(5000);
  });

  it('allows images from the Dog API’s own origin too, listed once', () => {
    expect(defaultConfig({ dogApiUrl: 'http://127.0.0.1:9/x' }).imageOrigins).to.deep.equal(['https://images.dog.ceo', 'http://127.0.0.1:9']);
    expect(defaultConfig({ dogApiUrl: 'https://images.dog.ceo' }).imageOrigins).to.deep.equal(['https://images.dog.ceo']);
  });

  for (const [name, key, min, max] of INTEGERS) {
    it(`${name}: a whole number from ${min} to ${max}, read into ${key}`, () => {
      // The smallest and largest allowed; a budget-dependent value is given a budget it fits.
      expect(loadConfig({ [name]: String(min) })[key], 'min').to.equal(min);
      expect(loadConfig({ [name]: ` ${max} ` })[key], 'max, padded').to.equal(max);
      for (const bad of [String(min - 1), String(max + 1), '1e3', '0x10', '12a', '1.0', '-0', 'NaN']) {
        expect(problemsOf(() => loadConfig({ [name]: bad })), bad).to.deep.equal([`${name}=${JSON.stringify(bad)}: expected a whole number from ${min} to ${max}`]);
      }
      expect(loadConfig({ [name]: '' })[key], 'empty is unset').to.equal(defaultConfig()[key]);
    });
  }

  it('reads the text variables trimmed, and an empty one as unset', () => {
    const c = loadConfig({ HOST: ' 127.0.0.1 ', DOG_API_URL: ' http://127.0.0.1:9 ', LOG_LEVEL: ' warn ', APP_VERSION: ' v3 ' });
    expect([c.host, c.dogApiUrl, c.logLevel, c.appVersion]).to.deep.equal(['127.0.0.1', 'http://127.0.0.1:9', 'warn', 'v3']);
    const d = loadConfig({ HOST: '', DOG_API_URL: '', LOG_LEVEL: '', APP_VERSION: '', IMAGE_ORIGINS: '' });
    expect([d.host, d.dogApiUrl, d.logLevel, d.imageOrigins]).to.deep.equal(['0.0.0.0', 'https://dog.ceo', 'info', ['https://images.dog.ceo', 'https://dog.ceo']]);
  });

  it('reads IMAGE_ORIGINS as a comma-separated list, blanks skipped', () => {
    expect(loadConfig({ IMAGE_ORIGINS: ' https://a.example , ,https://b.example:8443,' }).imageOrigins).to.deep.equal(['https://a.example', 'https://b.example:8443']);
    expect(problemsOf(() => loadConfig({ IMAGE_ORIGINS: ' , ' }))).to.deep.equal(['IMAGE_ORIGINS: expected at least one origin']);
  });

  it('states every problem in its message, one per line', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'x', BREAKER_THRESHOLD: '0' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error?.name).to.equal('ConfigError');
    expect(error?.message).to.equal(
      'invalid configuration:\n  - PORT="x": expected a whole number from 0 to 65535\n  - BREAKER_THRESHOLD="0": expected a whole number from 1 to 1000',
    );
  });

  it('takes only a plain http(s) URL for the Dog API: no credentials, query or fragment', () => {
    const message = (url: string) => [`DOG_API_URL=${JSON.stringify(url)}: expected an http:// or https:// URL`];
    for (const bad of ['ftp://dog.ceo', 'dog.ceo', 'https://u@dog.ceo', 'https://:p@dog.ceo', 'https://dog.ceo/?a=1', 'https://dog.ceo/#x']) {
      expect(problemsOf(() => loadConfig({ DOG_API_URL: bad })), bad).to.deep.equal(message(bad));
    }
    expect(loadConfig({ DOG_API_URL: 'https://dog.ceo/base' }).dogApiUrl).to.equal('https://dog.ceo/base');
    expect(problemsOf(() => defaultConfig({ dogApiUrl: 'https://dog.ceo/#x', imageOrigins: ['https://a.example'] }))).to.deep.equal([
      'dogApiUrl="https://dog.ceo/#x": expected an http:// or https:// URL',
    ]);
  });

  it('refuses a number that is not positive where one is needed, naming the setting', () => {
    const positive: (keyof ServiceConfig)[] = [
      'upstreamMaxBodyBytes', 'upstreamMaxSockets', 'breakerThreshold', 'breakerHalfOpenMs', 'breedListTtlMs',
      'imageCacheTtlMs', 'imageCacheMaxEntries', 'imageCacheMaxChars', 'bodyLimitBytes', 'requestTimeoutMs',
    ];
    for (const key of positive) {
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(problemsOf(() => defaultConfig({ [key]: bad })), `${key}=${bad}`).to.deep.equal([`${key}=${bad}: expected a positive number`]);
      }
      expect(problemsOf(() => defaultConfig({ [key]: '5' as unknown as number })), key).to.deep.equal([`${key}=5: expected a positive number`]);
      expect(defaultConfig({ [key]: 0.5 })[key]).to.equal(0.5);
    }
    expect(problemsOf(() => defaultConfig({ upstreamAttemptTimeoutMs: 0 }))).to.deep.equal(['upstreamAttemptTimeoutMs=0: expected a positive number']);
    expect(problemsOf(() => defaultConfig({ upstreamTimeoutMs: 0, upstreamAttemptTimeoutMs: 0 }))).to.deep.equal([
      'upstreamTimeoutMs=0: expected a positive number',
      'upstreamAttemptTimeoutMs=0: expected a positive number',
    ]);
  });

  it('refuses a negative count or delay, and allows zero', () => {
    for (const key of ['upstreamRetries', 'retryBaseDelayMs', 'retryMaxDelayMs', 'shutdownDelayMs', 'shutdownGraceMs'] as const) {
      expect(defaultConfig({ [key]: 0 })[key], key).to.equal(0);
      for (const bad of [-1, Number.NaN, Number.NEGATIVE_INFINITY]) {
        // A grace period that is not a number also leaves the request timeout derived from it without one.
        expect(problemsOf(() => defaultConfig({ [key]: bad })), `${key}=${bad}`).to.include(`${key}=${bad}: expected zero or more`);
      }
    }
  });

  it('takes a port from 0 to 65535, whole', () => {
    for (const port of [0, 65535]) expect(defaultConfig({ port }).port).to.equal(port);
    for (const port of [-1, 65536, 80.5]) expect(problemsOf(() => defaultConfig({ port }))).to.deep.equal([`port=${port}: expected 0..65535`]);
  });

  it('keeps one attempt within the whole budget', () => {
    expect(defaultConfig({ upstreamTimeoutMs: 300, upstreamAttemptTimeoutMs: 300 }).upstreamAttemptTimeoutMs).to.equal(300);
    expect(problemsOf(() => defaultConfig({ upstreamTimeoutMs: 300, upstreamAttemptTimeoutMs: 301 }))).to.deep.equal([
      'upstreamAttemptTimeoutMs=301: must not exceed upstreamTimeoutMs=300',
    ]);
  });

  it('takes pino’s levels, and a version of 1 to 64 printable characters', () => {
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) expect(defaultConfig({ logLevel: level }).logLevel).to.equal(level);
    expect(problemsOf(() => defaultConfig({ logLevel: 'verbose' }))).to.deep.equal([
      'LOG_LEVEL="verbose": expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
    for (const version of ['!', '~', 'v'.repeat(64), 'a-b_c.1+sha']) expect(defaultConfig({ appVersion: version }).appVersion).to.equal(version);
    for (const version of ['', 'v'.repeat(65), 'v 1', 'v\u007f', 'v\u00e9', 'x\nv1', 'v1\n']) {
      expect(problemsOf(() => defaultConfig({ appVersion: version })), JSON.stringify(version)).to.deep.equal([
        `APP_VERSION=${JSON.stringify(version)}: expected 1 to 64 printable characters without spaces`,
      ]);
    }
  });

  it('takes image origins only as origins, a trailing slash allowed', () => {
    expect(defaultConfig({ imageOrigins: ['https://cdn.example.org/'] }).imageOrigins).to.deep.equal(['https://cdn.example.org/']);
    for (const bad of ['https://cdn.example.org/x', 'cdn.example.org', 'ftp://cdn.example.org', 'https://cdn.example.org?x']) {
      expect(problemsOf(() => defaultConfig({ imageOrigins: [bad] })), bad).to.deep.equal([
        `IMAGE_ORIGINS entry ${JSON.stringify(bad)}: expected an origin such as https://images.dog.ceo`,
      ]);
    }
    expect(problemsOf(() => defaultConfig({ imageOrigins: [] }))).to.deep.equal(['IMAGE_ORIGINS: expected at least one origin']);
  });
});
