import * as kplus from 'cdk8s-plus-27';
import { expect } from 'chai';
import { configChecksum } from '../../constructs/observability/addon-workload.js';
import { Grafana } from '../../constructs/observability/grafana.js';
import { dataKey, httpUrl } from '../../constructs/observability/prop-rules.js';
import { PropChecker } from '../../constructs/prop-errors.js';
import { errorOf, synthChart } from './support/addons-synth.js';

/** Grafana pointed at a Prometheus Service as a user might build it. */
const grafanaFor = (service: kplus.ServiceProps) =>
  errorOf(() => synthChart((chart) => new Grafana(chart, 'grafana', { prometheusService: new kplus.Service(chart, 'prom', service) })));
const problems = (rule: (check: PropChecker) => void) => {
  const check = new PropChecker(undefined as never);
  rule(check);
  return check.problems.map((p) => p.prop);
};

describe('addon helpers', () => {
  it('derive a URL only from a Service with a namespace and the named port, saying which is missing', () => {
    expect(grafanaFor({ metadata: { name: 'prom' }, ports: [{ name: 'http', port: 9090 }] })).to.equal('Service prom has no namespace; its host cannot be derived');
    expect(grafanaFor({ metadata: { name: 'prom', namespace: 'm' }, ports: [{ name: 'web', port: 9090 }] })).to.equal('Service prom has no port named http');
    expect(grafanaFor({ metadata: { name: 'prom', namespace: 'm' }, ports: [{ name: 'web', port: 9091 }, { name: 'http', port: 9092 }] })).to.equal('accepted');
  });

  it('checksum configuration texts to 16 hex digits that change with any text, and with where one ends', () => {
    expect(configChecksum('a')).to.match(/^[0-9a-f]{16}$/);
    expect(configChecksum('a', 'b')).to.equal(configChecksum('a', 'b'));
    expect(configChecksum('ab', 'c')).to.not.equal(configChecksum('a', 'bc'));
    expect(configChecksum('a', 'b')).to.not.equal(configChecksum('a', 'c'));
    expect(configChecksum('a')).to.not.equal(configChecksum('b'));
  });

  it('accept Secret keys of 1 to 253 letters, digits, -, _ and ., nothing else', () => {
    const key = (value: unknown) => problems((c) => dataKey(c, 'key', value as string));
    for (const ok of ['k', 'A-b_c.9', 'k'.repeat(253)]) expect(key(ok), ok).to.deep.equal([]);
    for (const bad of ['', 'k'.repeat(254), '/ab', 'ab/', 'a b', 42]) expect(key(bad), String(bad)).to.deep.equal(['key']);
  });

  it('accept absolute http and https URLs without whitespace', () => {
    const url = (value: string) => problems((c) => httpUrl(c, 'url', value));
    for (const ok of ['http://localhost:3000', 'https://grafana.example/g?x=1']) expect(url(ok), ok).to.deep.equal([]);
    for (const bad of ['ftp://host', 'localhost:3000', 'http://a b', 'http://a/b c', 'http://a\tb', '/grafana', 'mailto:a@b']) expect(url(bad), bad).to.deep.equal(['url']);
  });
});
