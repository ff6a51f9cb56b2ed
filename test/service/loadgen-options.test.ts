import { expect } from 'chai';
import { parseLoadgenArgs } from '../../service/loadgen/options.js';
import { UsageError } from '../../service/loadgen/usage-error.js';

const URL_ARG = ['--url', 'http://127.0.0.1:8080/'];

/** The message of the UsageError the arguments give. */
function refusal(args: string[]): string {
  try {
    parseLoadgenArgs(args);
  } catch (err) {
    expect(err).to.be.instanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

// The child-process tests of loadgen.test.ts check the exit code and the stderr line; these check every rule of
// the arguments, whole message and value, in the test process.
describe('dog-loadgen arguments, read in-process', () => {
  it('defaults: 1 request a second until stopped, 1 % errors allowed, 10 s timeout, a report every 10 s, text', () => {
    const o = parseLoadgenArgs(URL_ARG);
    expect({ ...o, url: o.url.href }).to.deep.equal({
      url: 'http://127.0.0.1:8080/',
      rps: 1,
      durationSeconds: undefined,
      maxErrorRate: 0.01,
      timeoutSeconds: 10,
      reportEverySeconds: 10,
      json: false,
      help: false,
    });
  });

  it('reads every option, the error budget as a fraction or a percentage', () => {
    const o = parseLoadgenArgs([...URL_ARG, '--rps', '2.5', '--duration', '30', '--max-error-rate', '5%', '--timeout', '3', '--report-every', '0.5', '--json']);
    expect({ ...o, url: o.url.href }).to.deep.equal({ url: 'http://127.0.0.1:8080/', rps: 2.5, durationSeconds: 30, maxErrorRate: 0.05, timeoutSeconds: 3, reportEverySeconds: 0.5, json: true, help: false });
    expect(parseLoadgenArgs([...URL_ARG, '--max-error-rate', '0']).maxErrorRate).to.equal(0);
    expect(parseLoadgenArgs([...URL_ARG, '--max-error-rate', ' 1 ']).maxErrorRate).to.equal(1);
    expect(parseLoadgenArgs([...URL_ARG, '--max-error-rate', ' 5% ']).maxErrorRate, 'a percentage with spaces').to.equal(0.05);
    expect(parseLoadgenArgs(['--url', 'https://dog-app.example/']).url.href).to.equal('https://dog-app.example/');
    expect(parseLoadgenArgs([...URL_ARG, '--rps', '10000', '--timeout', '3600', '--report-every', '86400']), 'each bound itself').to.include({ rps: 10_000, timeoutSeconds: 3600, reportEverySeconds: 86_400 });
    expect(parseLoadgenArgs(['-h']).help, '-h, with no --url needed').to.equal(true);
  });

  it('refuses each bad value with the rule and the value given', () => {
    expect(refusal([])).to.equal("--url is required, e.g. --url http://localhost:8080/. Run 'dog-loadgen --help' for the options.");
    expect(refusal(['--url', 'not a url'])).to.equal('--url must be an absolute http(s) URL, got "not a url"');
    expect(refusal(['--url', 'ftp://example.org/'])).to.equal('--url must be an http:// or https:// URL, got "ftp://example.org/"');
    expect(refusal([...URL_ARG, '--rps', '0'])).to.equal('--rps must be a number above 0 and at most 10000, got "0"');
    expect(refusal([...URL_ARG, '--rps', '10001'])).to.equal('--rps must be a number above 0 and at most 10000, got "10001"');
    expect(refusal([...URL_ARG, '--rps', ' '])).to.equal('--rps must be a number above 0 and at most 10000, got " "');
    expect(refusal([...URL_ARG, '--rps', 'ten'])).to.equal('--rps must be a number above 0 and at most 10000, got "ten"');
    expect(refusal([...URL_ARG, '--duration', 'NaN'])).to.equal('--duration must be a number above 0, got "NaN"');
    expect(refusal([...URL_ARG, '--max-error-rate', ' '])).to.equal('--max-error-rate must be a fraction from 0 to 1 or a percentage like 5%, got " "');
    expect(refusal([...URL_ARG, '--rps', 'Infinity'])).to.equal('--rps must be a number above 0 and at most 10000, got "Infinity"');
    expect(refusal([...URL_ARG, '--duration=-1'])).to.equal('--duration must be a number above 0, got "-1"');
    expect(refusal([...URL_ARG, '--duration', '-1']), "parseArgs' own message, on one line, with one period").to.equal(
      "Option '--duration' argument is ambiguous. Did you forget to specify the option argument for '--duration'? To specify an option argument starting with a dash use '--duration=-XYZ'. Run 'dog-loadgen --help' for the options.",
    );
    expect(refusal([...URL_ARG, '--timeout', '3601'])).to.equal('--timeout must be a number above 0 and at most 3600, got "3601"');
    expect(refusal([...URL_ARG, '--report-every', '86401'])).to.equal('--report-every must be a number above 0 and at most 86400, got "86401"');
    for (const rate of ['2', '-0.1', '101%', '', 'x%']) {
      expect(refusal([...URL_ARG, `--max-error-rate=${rate}`])).to.equal(`--max-error-rate must be a fraction from 0 to 1 or a percentage like 5%, got ${JSON.stringify(rate)}`);
    }
    expect(refusal([...URL_ARG, '--frobnicate'])).to.match(/^Unknown option '--frobnicate'.*\. Run 'dog-loadgen --help' for the options\.$/);
    expect(refusal([...URL_ARG, 'extra'])).to.match(/extra.*\. Run 'dog-loadgen --help' for the options\.$/);
  });
});
