import { expect } from 'chai';
import { ConfigError, defaultConfig, loadConfig } from '../../service/config.js';

describe('service configuration', () => {
  it('with no variable set, is the contract defaults (listed in config-bounds.test.ts)', () => {
    expect(loadConfig({})).to.deep.equal(defaultConfig());
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '9000',
      HOST: '127.0.0.1',
      DOG_API_URL: 'http://dog.ceo',
      UPSTREAM_TIMEOUT_MS: '500',
      SHUTDOWN_GRACE_MS: '2000',
      SHUTDOWN_DELAY_MS: '3000',
      LOG_LEVEL: 'debug',
      APP_VERSION: 'v2',
      BREAKER_THRESHOLD: '3',
      BREAKER_HALF_OPEN_MS: '5000',
      BREED_LIST_TTL_MS: '60000',
      IMAGE_CACHE_TTL_MS: '120000',
      IMAGE_ORIGINS: 'https://images.dog.ceo, https://cdn.example.org',
      REQUEST_TIMEOUT_MS: '1500',
    });
    expect(c).to.deep.include({
      port: 9000,
      host: '127.0.0.1',
      dogApiUrl: 'http://dog.ceo',
      upstreamTimeoutMs: 500,
      upstreamAttemptTimeoutMs: 200,
      shutdownGraceMs: 2000,
      shutdownDelayMs: 3000,
      logLevel: 'debug',
      appVersion: 'v2',
      breakerThreshold: 3,
      breakerHalfOpenMs: 5000,
      breedListTtlMs: 60_000,
      imageCacheTtlMs: 120_000,
      requestTimeoutMs: 1500,
    });
    expect(c.imageOrigins).to.deep.equal(['https://images.dog.ceo', 'https://cdn.example.org']);
  });

  it('keeps the request timeout well under a short grace period', () => {
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '3000' }).requestTimeoutMs).to.equal(1500);
    expect(loadConfig({ SHUTDOWN_GRACE_MS: '0' }).requestTimeoutMs).to.equal(1000);
  });

  it('reports every bad value at once, naming the variable and what is allowed', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', UPSTREAM_TIMEOUT_MS: '1.5', BREAKER_THRESHOLD: 'many' });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).to.have.length(3);
    expect(problems[0]).to.equal('PORT="70000": expected a whole number from 0 to 65535');
    expect(problems.join('\n')).to.include('UPSTREAM_TIMEOUT_MS="1.5"').and.include('BREAKER_THRESHOLD="many"');
  });

  it('rejects a Dog API URL that is not http(s), a bad log level and a bad version', () => {
    expect(() => loadConfig({ DOG_API_URL: 'file:///etc/passwd' })).to.throw(ConfigError, 'DOG_API_URL');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).to.throw(ConfigError, 'LOG_LEVEL="loud"');
    expect(() => loadConfig({ APP_VERSION: 'v 2' })).to.throw(ConfigError, 'APP_VERSION');
    expect(() => loadConfig({ IMAGE_ORIGINS: 'https://cdn.example.org/path' })).to.throw(ConfigError, 'IMAGE_ORIGINS');
  });
});
