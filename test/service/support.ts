import { Writable } from 'node:stream';
import { expect } from 'chai';
import { ConfigError, defaultConfig, type ServiceConfig } from '../../service/config.js';
import { startServer, type RunningService } from '../../service/server.js';
import { UpstreamError } from '../../service/upstream-error.js';
import { startDogApiStub, type DogApiStub, type StubOptions } from '../support/dog-api-stub.js';

/** Small budgets and delays so fault tests finish quickly; the defaults of the contract are tested separately. */
export const FAST: Partial<ServiceConfig> = {
  upstreamTimeoutMs: 600,
  upstreamAttemptTimeoutMs: 250,
  retryBaseDelayMs: 10,
  retryMaxDelayMs: 50,
  breakerThreshold: 3,
  breakerHalfOpenMs: 300,
};

export interface LogLine {
  level: string;
  msg: string;
  reqId?: string;
  [key: string]: unknown;
}

export interface TestService {
  readonly stub: DogApiStub;
  readonly service: RunningService;
  readonly url: string;
  readonly logs: LogLine[];
  /** A fake clock for cache freshness; advance it to expire cached lists without waiting. */
  readonly clock: { now: number; advance(ms: number): void };
  get(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; ms: number }>;
  post(path: string, form: Record<string, string>): Promise<{ status: number; headers: Headers; text: string; ms: number }>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Starts a stub Dog API and the service in this process, pointed at it, on 127.0.0.1 with a free port. */
export async function startTestService(overrides: Partial<ServiceConfig> = {}, stubOptions: StubOptions = {}): Promise<TestService> {
  const stub = await startDogApiStub(stubOptions);
  const logs: LogLine[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const config = defaultConfig({
    port: 0,
    host: '127.0.0.1',
    dogApiUrl: stub.url,
    appVersion: 'test-1',
    logLevel: 'info',
    ...FAST,
    ...overrides,
  });
  const service = await startServer(config, { logStream, defaultMetrics: false, now: () => clock.now });
  const request = async (path: string, init?: RequestInit) => {
    const started = performance.now();
    const res = await fetch(service.url + path, { redirect: 'manual', ...init });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, ms: performance.now() - started };
  };
  return {
    stub,
    service,
    url: service.url,
    logs,
    clock,
    get: request,
    post: (path, form) => request(path, { method: 'POST', body: new URLSearchParams(form) }),
    async metrics() {
      return (await request('/metrics')).text;
    },
    async close() {
      await service.shutdown();
      await stub.close();
    },
  };
}

/** The sum of the samples of `name` whose labels include `labels`, from Prometheus text; 0 when none. */
export function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    const found = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** The `src` of every `<img>` in a page. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

/** The `UpstreamError` the call fails with (failing the test if it succeeds or fails otherwise). */
export async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(UpstreamError);
    return err as UpstreamError;
  }
  throw new Error('expected the call to fail');
}

/** The problems of the ConfigError `fn` throws. */
export function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}
