import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { startTestService, type TestService } from './support.js';

/** Asks `/readyz` (as the kubelet does, every few seconds) until it answers `status`, for at most `budgetMs`. */
async function probeUntil(t: TestService, status: number, budgetMs: number): Promise<number> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const answered = (await t.get('/readyz')).status;
    if (answered === status || Date.now() >= deadline) return answered;
    await sleep(20);
  }
}

/**
 * The readiness warm-up: while no breed list was ever loaded, each probe starts loading one in the background. An
 * operator who fixes the Dog API behind a wrong DOG_API_URL sees the pods turn ready on their own: no visitor
 * reaches a pod the Service does not route to, so the probes are all that can load the list.
 */
describe('readiness: the warm-up load started by /readyz', () => {
  it('is started again by the next probe once one has failed, so the probes alone turn the service ready', async () => {
    let missing = true;
    let listCalls = 0;
    const server = http.createServer((req, res) => {
      if (req.url === '/api/breeds/list/all') listCalls++;
      if (missing || req.url !== '/api/breeds/list/all') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ status: 'error', code: 404 }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', message: { husky: [] } }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const t = await startTestService({ dogApiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    try {
      expect(await probeUntil(t, 503, 10_000), 'the first warm-up found no breed list').to.equal(503);
      const failedLoads = listCalls;
      missing = false;
      expect(await probeUntil(t, 200, 10_000), 'ready again with no visitor request').to.equal(200);
      expect(listCalls, 'a probe loaded the list again').to.be.greaterThan(failedLoads);
      expect(t.service.app.catalog.knownBreeds()).to.deep.equal(new Map([['husky', []]]));
    } finally {
      await t.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
