import { expect } from 'chai';
import { metric, startTestService } from './support.js';

describe('the Dog API latency histogram', () => {
  it('observes each call in seconds, as its name says and the dashboards read it', async () => {
    const t = await startTestService({ upstreamTimeoutMs: 5000, upstreamAttemptTimeoutMs: 4000 });
    try {
      expect((await t.get('/api/breeds')).status).to.equal(200);
      t.stub.setFault('slow', { delayMs: 300 });
      const before = performance.now();
      expect((await t.get('/?breed=husky')).status).to.equal(200);
      const pageSeconds = (performance.now() - before) / 1000;
      const text = await t.metrics();
      const labels = { endpoint: 'breed_images', outcome: 'success' };
      expect(metric(text, 'dogapp_upstream_request_duration_seconds_count', labels)).to.equal(1);
      const seconds = metric(text, 'dogapp_upstream_request_duration_seconds_sum', labels);
      expect(seconds, 'a 300 ms answer, in seconds, and no longer than the page took').to.be.within(0.25, pageSeconds);
      expect(metric(text, 'dogapp_upstream_request_duration_seconds_bucket', { ...labels, le: '0.1' }), 'not in the 100 ms bucket').to.equal(0);
    } finally {
      await t.close();
    }
  });
});
