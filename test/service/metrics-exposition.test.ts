import { expect } from 'chai';
import { startTestService } from './support.js';

/** The exposition lines of one metric family, HELP and TYPE included, in order. */
function family(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`# HELP ${name} `) || line.startsWith(`# TYPE ${name} `) || line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe('metrics exposition: request counts are handed to Prometheus whole, at each scrape', () => {
  it('exposes http_requests_total in the Prometheus text format, cumulative across scrapes', async () => {
    const t = await startTestService();
    try {
      await t.get('/api/image?breed=husky');
      await t.get('/api/image?breed=husky');
      await t.get('/nope');
      expect(family(await t.metrics(), 'http_requests_total')).to.deep.equal([
        '# HELP http_requests_total HTTP requests answered, by method, route template and status code.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",route="/api/image",status_code="200"} 2',
        'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
      ]);
      await t.get('/api/image?breed=husky');
      expect(family(await t.metrics(), 'http_requests_total')).to.deep.equal([
        '# HELP http_requests_total HTTP requests answered, by method, route template and status code.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",route="/api/image",status_code="200"} 3',
        'http_requests_total{method="GET",route="unmatched",status_code="404"} 1',
        'http_requests_total{method="GET",route="/metrics",status_code="200"} 1',
      ]);
      expect(family(await t.metrics(), 'http_requests_total')).to.include('http_requests_total{method="GET",route="/metrics",status_code="200"} 2');
    } finally {
      await t.close();
    }
  });

  it('counts the same answers in http_requests_total and the duration histogram', async () => {
    const t = await startTestService();
    try {
      for (let i = 0; i < 5; i++) await t.get('/?breed=pug');
      await t.get('/?breed=1nvalid');
      const text = await t.metrics();
      expect(family(text, 'http_requests_total').slice(2)).to.deep.equal([
        'http_requests_total{method="GET",route="/",status_code="200"} 5',
        'http_requests_total{method="GET",route="/",status_code="400"} 1',
      ]);
      expect(text).to.include('http_request_duration_seconds_count{method="GET",route="/",status_code="200"} 5');
      expect(text).to.include('http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/",status_code="400"} 1');
    } finally {
      await t.close();
    }
  });

  it('exposes the cache lookups cumulative across scrapes, zero before the first', async () => {
    const t = await startTestService();
    try {
      const lookups = async () => family(await t.metrics(), 'dogapp_cache_lookups_total').filter((l) => !l.startsWith('#'));
      expect(await lookups()).to.deep.equal([
        'dogapp_cache_lookups_total{cache="breeds",result="hit"} 0',
        'dogapp_cache_lookups_total{cache="breeds",result="miss"} 0',
        'dogapp_cache_lookups_total{cache="images",result="hit"} 0',
        'dogapp_cache_lookups_total{cache="images",result="miss"} 0',
      ]);
      await t.get('/api/image?breed=husky');
      await t.get('/api/image?breed=husky');
      expect(await lookups()).to.deep.equal([
        'dogapp_cache_lookups_total{cache="breeds",result="hit"} 1',
        'dogapp_cache_lookups_total{cache="breeds",result="miss"} 1',
        'dogapp_cache_lookups_total{cache="images",result="hit"} 1',
        'dogapp_cache_lookups_total{cache="images",result="miss"} 1',
      ]);
      await t.get('/api/image?breed=husky');
      expect(await lookups()).to.include.members(['dogapp_cache_lookups_total{cache="breeds",result="hit"} 2', 'dogapp_cache_lookups_total{cache="images",result="hit"} 2']);
    } finally {
      await t.close();
    }
  });

  it('reports the requests in flight at the moment of the scrape', async () => {
    const t = await startTestService();
    try {
      t.stub.setDelay(400);
      const slow = [t.get('/?breed=boxer'), t.get('/?breed=chow')];
      while (t.service.app.inFlight < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(family(await t.metrics(), 'http_requests_in_flight')).to.deep.equal([
        '# HELP http_requests_in_flight HTTP requests being answered.',
        '# TYPE http_requests_in_flight gauge',
        'http_requests_in_flight 3',
      ]);
      await Promise.all(slow);
      expect(family(await t.metrics(), 'http_requests_in_flight').at(-1)).to.equal('http_requests_in_flight 1');
    } finally {
      await t.close();
    }
  });
});
