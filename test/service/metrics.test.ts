import { expect } from 'chai';
import { metric, startTestService } from './support.js';

describe('metrics: each resilience mechanism is observable', () => {
  it('counts HTTP requests by route template, upstream calls, cache hits and misses, single-flight joins and stale serves', async () => {
    const t = await startTestService();
    try {
      await t.get('/?breed=husky');
      await t.get('/?breed=husky');
      await t.get('/api/image?breed=husky');
      await t.get('/nope');
      t.stub.setDelay(100);
      await Promise.all([t.get('/?breed=pug'), t.get('/?breed=pug')]);
      t.stub.setDelay(0);
      t.clock.advance(7 * 3600 * 1000);
      t.stub.setFault('503');
      await t.get('/?breed=husky');

      const text = await t.metrics();
      expect(metric(text, 'http_requests_total', { method: 'GET', route: '/', status_code: '200' })).to.equal(5);
      expect(metric(text, 'http_requests_total', { route: '/api/image', status_code: '200' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { route: 'unmatched', status_code: '404' })).to.equal(1);
      expect(metric(text, 'http_request_duration_seconds_count', { route: '/' })).to.equal(5);
      expect(metric(text, 'dogapp_upstream_requests_total', { endpoint: 'breeds_list', outcome: 'success' })).to.equal(1);
      expect(metric(text, 'dogapp_upstream_requests_total', { endpoint: 'breed_images', outcome: 'success' })).to.equal(2);
      expect(metric(text, 'dogapp_upstream_request_duration_seconds_count', { endpoint: 'breed_images' })).to.be.at.least(3);
      expect(metric(text, 'dogapp_upstream_retries_total', { endpoint: 'breed_images', reason: 'status_503' })).to.equal(2);
      expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'images', result: 'hit' })).to.equal(2);
      expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'images', result: 'miss' })).to.equal(4);
      expect(metric(text, 'dogapp_cache_lookups_total', { cache: 'breeds', result: 'stale' })).to.equal(1);
      expect(metric(text, 'dogapp_singleflight_joins_total', { cache: 'images' })).to.equal(1);
      expect(metric(text, 'dogapp_cache_stale_served_total', { cache: 'images' })).to.equal(1);
      expect(metric(text, 'dogapp_cache_entries', { cache: 'images' })).to.equal(2);
      expect(metric(text, 'dogapp_circuit_breaker_state', { state: 'closed' })).to.equal(1);
      expect(metric(text, 'http_requests_in_flight')).to.equal(1); // the scrape itself
    } finally {
      await t.close();
    }
  });

  it('labels each answer with the route of the table that answered it, errors included; the rest is unmatched', async () => {
    const t = await startTestService();
    try {
      await t.get('/?breed=1nvalid');
      await t.get('/', { method: 'HEAD' });
      await t.post('/', { name: 'husky' });
      await t.get('/api/image', { method: 'DELETE' });
      await t.get('/api/image/');
      await t.get('/static/style.css');
      t.stub.setFault('500');
      await t.get('/api/image?breed=pug');
      const text = await t.metrics();
      expect(metric(text, 'http_requests_total', { method: 'GET', route: '/', status_code: '400' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'HEAD', route: '/', status_code: '200' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'POST', route: '/', status_code: '200' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'DELETE', route: 'unmatched', status_code: '405' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'GET', route: '/static/style.css', status_code: '200' })).to.equal(1);
      expect(metric(text, 'http_requests_total', { method: 'GET', route: '/api/image', status_code: '502' })).to.equal(1);
      expect(metric(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/image', status_code: '502' })).to.equal(1);
    } finally {
      await t.close();
    }
  });

  it('includes Node process metrics by default', async () => {
    const { createApp } = await import('../../service/app.js');
    const { defaultConfig } = await import('../../service/config.js');
    const app = createApp(defaultConfig({ logLevel: 'silent' }));
    const text = await app.metrics.registry.metrics();
    expect(text).to.match(/^process_resident_memory_bytes /m);
    expect(text).to.match(/^nodejs_eventloop_lag_seconds /m);
    app.close();
  });
});
