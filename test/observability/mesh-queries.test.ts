import { expect } from 'chai';
import { errorRatio, latencyQuantile, meshMatchers, requestRate, successRatio } from '../../constructs/observability/mesh-queries.js';
import { promqlSyntaxError } from './support/dashboards.js';

const FULL = { namespace: 'shop', app: 'cart', workload: 'cart-v2', version: 'v2' };

/**
 * The golden-signal PromQL the dashboards and the progressive delivery checks share: which series each
 * counts (the destination proxies' view, narrowed by the selector) and how it aggregates them.
 */
describe('mesh golden-signal queries', () => {
  it('selects the destination reporter and the namespace always, app, workload and version only when given', () => {
    expect(meshMatchers({ namespace: 'shop' })).to.equal('reporter="destination", destination_workload_namespace="shop"');
    expect(meshMatchers(FULL)).to.equal(
      'reporter="destination", destination_workload_namespace="shop", destination_app="cart", destination_workload="cart-v2", destination_version="v2"',
    );
    expect(meshMatchers({ namespace: 'shop', workload: 'cart-v2' })).to.equal('reporter="destination", destination_workload_namespace="shop", destination_workload="cart-v2"');
    expect(meshMatchers({ namespace: 'shop', version: 'v1' })).to.equal('reporter="destination", destination_workload_namespace="shop", destination_version="v1"');
    expect(meshMatchers({ namespace: 'shop', app: 'cart' })).to.equal('reporter="destination", destination_workload_namespace="shop", destination_app="cart"');
  });

  it('counts requests per second, summed over everything or by the labels given', () => {
    expect(requestRate({ namespace: 'shop' }, '5m')).to.equal('sum (rate(istio_requests_total{reporter="destination", destination_workload_namespace="shop"}[5m]))');
    expect(requestRate({ namespace: 'shop' }, '5m', ['destination_version', 'response_code'])).to.equal(
      'sum by (destination_version, response_code) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="shop"}[5m]))',
    );
  });

  it('takes the success ratio from the non-5xx series over all, and the error ratio as one minus it', () => {
    const m = 'reporter="destination", destination_workload_namespace="shop", destination_app="cart"';
    expect(successRatio({ namespace: 'shop', app: 'cart' }, '1m')).to.equal(
      `sum (rate(istio_requests_total{${m}, response_code!~"5.."}[1m])) / sum (rate(istio_requests_total{${m}}[1m]))`,
    );
    expect(successRatio({ namespace: 'shop', app: 'cart' }, '1m', ['destination_version'])).to.equal(
      `sum by (destination_version) (rate(istio_requests_total{${m}, response_code!~"5.."}[1m])) / sum by (destination_version) (rate(istio_requests_total{${m}}[1m]))`,
    );
    expect(errorRatio({ namespace: 'shop', app: 'cart' }, '1m', ['destination_version'])).to.equal(`1 - (${successRatio({ namespace: 'shop', app: 'cart' }, '1m', ['destination_version'])})`);
  });

  it("takes a latency quantile from Istio's millisecond histogram, keeping le in the grouping", () => {
    expect(latencyQuantile(0.99, { namespace: 'shop' }, '2m')).to.equal(
      'histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="shop"}[2m])))',
    );
    expect(latencyQuantile(0.5, { namespace: 'shop' }, '2m', ['destination_version'])).to.equal(
      'histogram_quantile(0.5, sum by (destination_version, le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="shop"}[2m])))',
    );
  });

  it('writes PromQL that parses, with and without a grouping', () => {
    for (const by of [[], ['destination_version']]) {
      for (const q of [requestRate(FULL, '1m', by), successRatio(FULL, '1m', by), errorRatio(FULL, '1m', by), latencyQuantile(0.9, FULL, '1m', by)]) {
        expect(promqlSyntaxError(q), q).to.equal(undefined);
      }
    }
  });
});
