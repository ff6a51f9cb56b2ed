import { expect } from 'chai';
import { METRICS } from '../../constructs/observability/dashboards/metric-names.js';
import { startTestService, type TestService } from '../service/support.js';

/** The dashboards' own-service metrics: every one must be a family the service really exports. */
const SERVICE_METRICS = [
  METRICS.serviceRequests,
  METRICS.serviceRequestDuration,
  METRICS.serviceInFlight,
  METRICS.dogApiRequests,
  METRICS.dogApiRequestDuration,
  METRICS.dogApiRetries,
  METRICS.circuitBreakerState,
  METRICS.circuitBreakerRejections,
  METRICS.cacheLookups,
  METRICS.cacheStaleServed,
  METRICS.cacheEntries,
];

describe('the dashboards and the service agree on metric names', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
    await service.get('/?breed=husky');
    await service.get('/?breed=husky');
  });
  after(() => service.close());

  it('lists every service metric the dashboards query', () => {
    const own = Object.values(METRICS).filter((name) => !/^(istio_|pilot_)/.test(name));
    expect([...own].sort()).to.deep.equal([...SERVICE_METRICS].sort());
  });

  for (const name of SERVICE_METRICS) {
    it(`the service exports ${name}`, async () => {
      const families = [...(await service.metrics()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
      expect(families).to.include(name);
    });
  }
});
