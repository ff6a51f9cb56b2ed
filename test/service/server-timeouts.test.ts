import { expect } from 'chai';
import { startTestService } from './support.js';

/**
 * Node's server timeouts as the service sets them from its configuration. A request that has not fully arrived
 * within `requestTimeoutMs` is answered 408; Node looks for such requests every `connectionsCheckingInterval`, a
 * quarter of the timeout kept between 50 ms and 1 s, so the 408 comes at most that much late.
 */
describe('server: its timeouts, from the configuration', () => {
  for (const [requestTimeoutMs, checkEveryMs] of [
    [100, 50],
    [300, 75],
    [2000, 500],
    [30_000, 1000],
  ]) {
    it(`requestTimeoutMs ${requestTimeoutMs}: requests and their headers must arrive within it, checked every ${checkEveryMs} ms; idle connections kept 65 s`, async () => {
      const t = await startTestService({ requestTimeoutMs });
      try {
        const server = t.service.server as typeof t.service.server & { connectionsCheckingInterval: number };
        expect({
          requestTimeout: server.requestTimeout,
          headersTimeout: server.headersTimeout,
          connectionsCheckingInterval: server.connectionsCheckingInterval,
          keepAliveTimeout: server.keepAliveTimeout,
        }).to.deep.equal({ requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: checkEveryMs, keepAliveTimeout: 65_000 });
      } finally {
        await t.close();
      }
    });
  }
});
