import { expect } from 'chai';
import { formatMs, formatPercent, LoadStats, statusLine, summaryData, summaryText } from '../../service/loadgen/stats.js';

const RUN = { url: 'http://127.0.0.1:8000/', rps: 10, elapsedSeconds: 2.0004, maxErrorRate: 0.25 };

/** A run with known answers: 3 × 200 from v1 (10, 20, 30 ms), 1 × 503 from v2 (40 ms), 1 timeout. */
function knownRun(): LoadStats {
  const stats = new LoadStats();
  stats.sent = 7;
  stats.missed = 2;
  stats.abandoned = 1;
  stats.record({ status: 200, version: 'v1' }, 10);
  stats.record({ status: 503, version: 'v2' }, 40);
  stats.record({ status: 200, version: 'v1' }, 20);
  stats.record({ failure: 'timeout' }, 10_000);
  stats.record({ status: 200, version: 'v1' }, 30);
  return stats;
}

describe('dog-loadgen report', () => {
  it('summarises a run: counts, error rate, latency of answered requests, outcomes and versions', () => {
    const s = summaryData(knownRun(), RUN);
    expect(s).to.deep.include({ url: RUN.url, rps: 10, durationSeconds: 2, sent: 7, completed: 5, ok: 3, errors: 2, errorRate: 0.4, missed: 2, abandoned: 1, maxErrorRate: 0.25, passed: false });
    expect(s.outcomes).to.deep.equal({ 200: 3, 503: 1, timeout: 1 });
    expect(Object.keys(s.outcomes)).to.deep.equal(['200', '503', 'timeout']);
    expect(s.versions).to.deep.equal([
      { version: 'v1', count: 3, share: 0.75 },
      { version: 'v2', count: 1, share: 0.25 },
    ]);
    expect(s.latencyMs.p50).to.be.closeTo(20, 0.05);
    expect(s.latencyMs.max).to.be.closeTo(40, 0.05);
    expect(s.latencyMs.p99).to.be.closeTo(40, 0.05);
  });

  it('prints the summary as text', () => {
    expect(summaryText(summaryData(knownRun(), RUN)).split('\n')).to.deep.equal([
      'loadgen summary: http://127.0.0.1:8000/ at 10 req/s for 2.0s',
      '  requests  7 sent, 5 completed, 3 ok, 2 errors (40.0%), 2 missed, 1 abandoned at stop',
      '  latency   p50 20ms  p90 40ms  p99 40ms  max 40ms',
      '  outcomes  200: 3, 503: 1, timeout: 1',
      '  versions  v1: 3 (75.0%), v2: 1 (25.0%)',
      '  result    FAILED: error rate 40.0% is above 25.0%',
    ]);
  });

  it('passes at exactly the allowed error rate, and says so', () => {
    const stats = new LoadStats();
    for (const status of [200, 200, 200, 500]) stats.record({ status }, 1);
    const s = summaryData(stats, { ...RUN, maxErrorRate: 0.25 });
    expect(s.passed).to.equal(true);
    expect(summaryText(s).split('\n').at(-1)).to.equal('  result    ok: error rate 25.0% within 25.0%');
    expect(summaryText(s).split('\n')[1]).to.equal('  requests  0 sent, 4 completed, 3 ok, 1 errors (25.0%)');
  });

  it('fails a run where nothing completed, however high the allowed rate', () => {
    const stats = new LoadStats();
    stats.sent = 3;
    stats.abandoned = 3;
    const s = summaryData(stats, { ...RUN, maxErrorRate: 1 });
    expect(s).to.deep.include({ completed: 0, errorRate: 0, passed: false });
    expect(s.latencyMs).to.deep.equal({ p50: undefined, p90: undefined, p99: undefined, max: undefined });
    const text = summaryText(s).split('\n');
    expect(text).to.include('  latency   p50 -  p90 -  p99 -  max -');
    expect(text).to.include('  outcomes  -');
    expect(text).to.include('  versions  -');
    expect(text.at(-1)).to.equal('  result    FAILED: no request completed');
  });

  it('lists outcomes in a stable order: statuses, then failures by name', () => {
    const stats = new LoadStats();
    for (const outcome of [{ failure: 'timeout' }, { status: 503 }, { failure: 'network' }, { status: 200 }] as const) stats.record(outcome, 1);
    expect(summaryText(summaryData(stats, RUN)).split('\n')[3]).to.equal('  outcomes  200: 1, 503: 1, network: 1, timeout: 1');
  });

  it('rounds the duration to the millisecond', () => {
    expect(summaryData(new LoadStats(), { ...RUN, elapsedSeconds: 1.23456 }).durationSeconds).to.equal(1.235);
  });

  it('orders versions by answers, then by name, and names answers without a version "unknown"', () => {
    const stats = new LoadStats();
    for (const version of ['b', 'c', 'c', 'a', undefined, 'c', 'b']) stats.record({ status: 200, version }, 1);
    expect(stats.versionShares().map((v) => `${v.version} ${v.count}`)).to.deep.equal(['c 3', 'b 2', 'a 1', 'unknown 1']);
  });

  it('formats latencies to 0.1 ms below 10 ms, whole ms from 10 ms, and "-" for none', () => {
    expect([formatMs(undefined), formatMs(0.04), formatMs(4.25), formatMs(9.94), formatMs(10), formatMs(87.4), formatMs(1234.5)]).to.deep.equal([
      '-',
      '0.0ms',
      '4.3ms',
      '9.9ms',
      '10ms',
      '87ms',
      '1235ms',
    ]);
  });

  it('formats error rates to 0.1 %, and small non-zero ones to 0.001 % so they do not read as 0', () => {
    expect([0, 0.0004, 0.00099, 0.001, 0.0123, 1].map(formatPercent)).to.deep.equal(['0.0%', '0.040%', '0.099%', '0.1%', '1.2%', '100.0%']);
  });

  it('shows the live status line with the share of answers per version, largest first', () => {
    expect(statusLine(knownRun(), 12.04)).to.equal('12.0s  sent 7  ok 3  errors 2 (40.0%)  p50 20ms  p99 40ms  v1 75.0%  v2 25.0%');
  });

  it('shows a status line without versions before any answer', () => {
    const stats = new LoadStats();
    stats.sent = 2;
    expect(statusLine(stats, 0.5)).to.equal('0.5s  sent 2  ok 0  errors 0 (0.0%)  p50 -  p99 -');
  });

  it('keeps sub-millisecond latencies (microsecond resolution)', () => {
    const stats = new LoadStats();
    stats.record({ status: 200 }, 0.25);
    expect(stats.percentile(50)).to.be.closeTo(0.25, 0.001);
    expect(stats.maxLatencyMs).to.be.closeTo(0.25, 0.001);
  });
});
