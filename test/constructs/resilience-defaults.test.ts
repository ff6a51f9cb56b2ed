/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { synthMesh } from './support.js';

const CANARY = { versions: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }], headerRoute: { version: 'v2' } };

// Envoy router retry_on conditions: https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
// A status code in Istio's retryOn becomes `retriable-status-codes` (istio pilot/pkg/networking/core/route/retry).
const RESPONSE_CONDITIONS = /^(5xx|gateway-error|retriable-4xx|retriable-status-codes|retriable-headers|[1-5][0-9][0-9])$/;

describe('DogAppMesh resilience defaults', () => {
  it("retries only connection-level failures, never the app's deliberate 503s", () => {
    const { all } = synthMesh(CANARY);
    const rules = all('VirtualService').filter((vs) => vs.metadata.name.startsWith('dog-app')).flatMap((vs) => vs.spec.http);
    expect(rules).to.not.be.empty;
    for (const rule of rules) {
      const conditions = (rule.retries.retryOn as string).split(',');
      expect(conditions.filter((c) => RESPONSE_CONDITIONS.test(c)), `${rule.name} retryOn`).to.deep.equal([]);
      expect(conditions).to.include.members(['connect-failure', 'refused-stream']);
    }
  });

  // https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection
  it('ejects pods for their own (local-origin) failures only, not for 5xx every pod shares', () => {
    for (const props of [CANARY, { ...CANARY, ingress: { api: 'gateway-api' as const } }]) {
      const rules = synthMesh(props).all('DestinationRule').filter((dr) => dr.spec.host.startsWith('dog-app'));
      expect(rules).to.not.be.empty;
      for (const dr of rules) {
        expect(dr.spec.trafficPolicy.outlierDetection, dr.metadata.name).to.deep.equal({
          consecutive5xxErrors: 0,
          splitExternalLocalOriginErrors: true,
          consecutiveLocalOriginFailures: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
        });
      }
    }
  });

  it('keeps counting 5xx when asked to', () => {
    const dr = synthMesh({ resilience: { outlierDetection: { consecutive5xxErrors: 7, consecutiveLocalOriginFailures: 3 } } }).find('DestinationRule', 'dog-app');
    expect(dr.spec.trafficPolicy.outlierDetection).to.include({ consecutive5xxErrors: 7, splitExternalLocalOriginErrors: true, consecutiveLocalOriginFailures: 3 });
  });
});
