import { expect } from 'chai';
import { Duration } from 'cdk8s';
import { describeMillis, durationMillis, durationProblem, durationText, formatDuration, formatMillis, prometheusDurationMillis } from '../../constructs/validation/durations.js';
import { isDnsLabel, isDnsSubdomain, isLabelValue, qualifiedNameProblem } from '../../constructs/validation/names.js';
import { policyMatch } from '../../constructs/validation/paths.js';

describe('validation helpers', () => {
  describe('names', () => {
    it('DNS labels: at most 63 characters by default, or the length given; strings only', () => {
      expect(isDnsLabel('a'.repeat(63))).to.equal(true);
      expect(isDnsLabel('a'.repeat(64))).to.equal(false);
      expect(isDnsLabel('a'.repeat(40), 40)).to.equal(true);
      expect(isDnsLabel('a'.repeat(41), 40)).to.equal(false);
      for (const bad of ['', '-a', 'a-', 'A', 'a.b', 'a_b']) expect(isDnsLabel(bad), bad).to.equal(false);
      for (const good of ['a', '0', 'a-b', 'a--0']) expect(isDnsLabel(good), good).to.equal(true);
      expect(isDnsLabel(5)).to.equal(false);
    });

    it('DNS subdomains: dot-separated labels, at most 253 characters', () => {
      const long = `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61);
      expect(long).to.have.length(253);
      expect(isDnsSubdomain(long)).to.equal(true);
      expect(isDnsSubdomain(`${long}a`)).to.equal(false);
      for (const bad of ['', 'a.', '.a', 'a..b', 'A.b', 'a.-b']) expect(isDnsSubdomain(bad), bad).to.equal(false);
      expect(isDnsSubdomain('a.b-c.d')).to.equal(true);
      expect(isDnsSubdomain(undefined)).to.equal(false);
    });

    it('label values: empty, or up to 63 alphanumerics with - _ . inside', () => {
      expect(isLabelValue('')).to.equal(true);
      expect(isLabelValue('A-b_c.9')).to.equal(true);
      expect(isLabelValue('a'.repeat(63))).to.equal(true);
      expect(isLabelValue('a'.repeat(64))).to.equal(false);
      for (const bad of ['-a', 'a.', 'a b']) expect(isLabelValue(bad), bad).to.equal(false);
      expect(isLabelValue(1)).to.equal(false);
    });

    it('label keys: the prefix and the name, each with what is wrong', () => {
      expect(qualifiedNameProblem('app')).to.equal(undefined);
      expect(qualifiedNameProblem('app.kubernetes.io/name')).to.equal(undefined);
      expect(qualifiedNameProblem(`${'a'.repeat(253)}/n`)).to.equal(undefined);
      expect(qualifiedNameProblem(`${'a'.repeat(63)}`)).to.equal(undefined);
      const prefix = (p: string) => `the prefix "${p}" must be a DNS subdomain (lowercase letters, digits, '-' and '.')`;
      const name = (n: string) => `"${n}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
      expect(qualifiedNameProblem('/n')).to.equal(prefix(''));
      expect(qualifiedNameProblem(`${'a'.repeat(254)}/n`)).to.equal(prefix('a'.repeat(254)));
      expect(qualifiedNameProblem('Example.com/n')).to.equal(prefix('Example.com'));
      expect(qualifiedNameProblem('example.com/')).to.equal(name(''));
      expect(qualifiedNameProblem('a'.repeat(64))).to.equal(name('a'.repeat(64)));
      expect(qualifiedNameProblem('-app')).to.equal(name('-app'));
      expect(qualifiedNameProblem('a/b/c'), 'the last slash separates the name').to.equal(prefix('a/b'));
    });
  });

  describe('policy string matching (AuthorizationPolicy)', () => {
    it('exact, prefix, suffix and presence; nothing matches an absent or empty value', () => {
      expect(policyMatch('/a', '/a')).to.equal(true);
      expect(policyMatch('/a', '/ab')).to.equal(false);
      expect(policyMatch('/a*', '/ab')).to.equal(true);
      expect(policyMatch('/a*', '/b')).to.equal(false);
      expect(policyMatch('*.css', '/x.css')).to.equal(true);
      expect(policyMatch('*.css', '/x.js')).to.equal(false);
      expect(policyMatch('*', 'x')).to.equal(true);
      expect(policyMatch('*', '')).to.equal(false);
      expect(policyMatch('*', undefined)).to.equal(false);
      expect(policyMatch('', '')).to.equal(false);
    });

    it('folds case only when asked', () => {
      expect(policyMatch('GET', 'get')).to.equal(false);
      expect(policyMatch('GET', 'get', true)).to.equal(true);
      expect(policyMatch('/A*', '/ab', true)).to.equal(true);
      expect(policyMatch('*.CSS', '/x.css', true)).to.equal(true);
    });
  });

  describe('durations', () => {
    it('formats the canonical text, at each boundary between units', () => {
      const cases: [number, string][] = [[999, '999ms'], [1001, '1001ms'], [99_999, '99999ms'], [100_001, '1m40s1ms'], [60_000, '1m'], [61_000, '61s'], [7_200_000, '2h'], [3_660_000, '1h1m'], [3_601_000, '3601s'], [100_000_000_000, '27777h46m40s']];
      for (const [ms, text] of cases) expect(formatMillis(ms), String(ms)).to.equal(text);
      expect(formatDuration(Duration.seconds(90))).to.equal('90s');
      expect(formatDuration('0.5s')).to.equal('500ms');
    });

    it("durationText is the canonical text, or '' for what the resolver rejects", () => {
      expect(durationText('1m30s')).to.equal('90s');
      expect(durationText('fast')).to.equal('');
      expect(durationText('0.5ms')).to.equal('');
    });

    it('reads units ns, us and µs, and keeps fractions to the nanosecond', () => {
      expect(durationMillis('1000000ns')).to.equal(1);
      expect(durationMillis('1ns')).to.equal(0.000001);
      expect(durationMillis('2000µs')).to.equal(2);
      expect(durationMillis('2000μs')).to.equal(2);
      expect(durationMillis('.5s')).to.equal(500);
      expect(durationMillis('1.s')).to.equal(1000);
      expect(durationMillis('1h1m1s1ms')).to.equal(3_661_001);
      expect(durationMillis('-0')).to.equal(0);
      expect(durationMillis(null)).to.equal(undefined);
    });

    it('names what is wrong with a duration prop, with the minimum in canonical text', () => {
      expect(durationProblem('500ms', 1000)).to.equal('expected at least 1s');
      expect(durationProblem('1s', 1000)).to.equal(undefined);
      expect(durationProblem('59s', 60_000)).to.equal('expected at least 1m');
      expect(durationProblem(Duration.millis(0))).to.equal('expected at least 1ms');
      expect(durationProblem({})).to.equal('expected a Go duration such as "250ms", "5s" or "1m30s" (units h, m, s, ms) or a cdk8s Duration');
    });

    it('describes milliseconds for a reader', () => {
      expect(describeMillis(2500)).to.equal('2.5s');
      expect(describeMillis(1000)).to.equal('1s');
      expect(describeMillis(999)).to.equal('999ms');
      expect(describeMillis(0.1234)).to.equal('0.123ms');
      expect(describeMillis(1000.5)).to.equal('1000.5ms');
    });

    it("reads Prometheus durations, largest unit first; '' and other orders are none", () => {
      expect(prometheusDurationMillis('15s')).to.equal(15_000);
      expect(prometheusDurationMillis('1m30s')).to.equal(90_000);
      expect(prometheusDurationMillis('1y1w1d1h1m1s1ms')).to.equal(365 * 86_400_000 + 7 * 86_400_000 + 86_400_000 + 3_600_000 + 60_000 + 1000 + 1);
      expect(prometheusDurationMillis('100ms')).to.equal(100);
      for (const bad of ['', '1s1m', '1.5s', '5', 's', 7]) expect(prometheusDurationMillis(bad), String(bad)).to.equal(undefined);
    });
  });
});
