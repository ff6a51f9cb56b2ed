import { expect } from 'chai';
import { Duration } from 'cdk8s';
import { durationMillis, formatMillis } from '../../constructs/index.js';
import { durationProblem, parseGoDuration } from '../../constructs/validation/durations.js';

describe('durations', () => {
  it('reads Go durations and cdk8s Durations as milliseconds', () => {
    expect(durationMillis('250ms')).to.equal(250);
    expect(durationMillis('1m30s')).to.equal(90_000);
    expect(durationMillis('1.5s')).to.equal(1500);
    expect(durationMillis('2h')).to.equal(7_200_000);
    expect(durationMillis('1500us')).to.equal(1.5);
    expect(durationMillis(Duration.minutes(2))).to.equal(120_000);
  });

  it('refuses what Go would not parse', () => {
    for (const bad of ['', '10', '10 s', 's', '1d', 'PT1M', ' 5s', '--5s', '5s-']) expect(durationMillis(bad), bad).to.equal(undefined);
    expect(durationMillis(5000)).to.equal(undefined);
  });

  it('reads signs and a bare 0 as Go does, and props still refuse negative durations', () => {
    expect(durationMillis('-5s')).to.equal(-5000);
    expect(durationMillis('+1m')).to.equal(60_000);
    expect(durationMillis('0')).to.equal(0);
    expect(durationProblem('-5s')).to.equal('expected at least 1ms');
    expect(durationProblem('0', 0)).to.equal(undefined);
  });

  it('is the grammar the analysis reads manifests with', () => {
    for (const text of ['250ms', '1m30s', '-1.5h', '0', '1500us', '10', '1d']) expect(parseGoDuration(text), text).to.equal(durationMillis(text));
  });

  it('accepts whole milliseconds from 1ms', () => {
    expect(durationProblem('1ms')).to.equal(undefined);
    expect(durationProblem('999us')).to.equal('expected at least 1ms');
    expect(durationProblem('1500us')).to.equal('expected a whole number of milliseconds');
  });

  it('writes text that is both a Go duration and a Gateway API duration', () => {
    const gatewayApi = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
    const cases: [number, string][] = [
      [1, '1ms'], [250, '250ms'], [1000, '1s'], [2500, '2500ms'], [10_000, '10s'], [90_000, '90s'],
      [120_000, '2m'], [3_600_000, '1h'], [5_400_000, '1h30m'], [100_500, '1m40s500ms'], [99_999_000, '99999s'], [100_000_000, '27h46m40s'],
    ];
    for (const [ms, text] of cases) {
      expect(formatMillis(ms), String(ms)).to.equal(text);
      expect(text).to.match(gatewayApi);
      expect(durationMillis(text)).to.equal(ms);
    }
  });
});
