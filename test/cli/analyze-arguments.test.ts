import { expect } from 'chai';
import { analyzeCommand } from '../../cli/analyze.js';
import { UsageError } from '../../cli/commands.js';
import { ALL_CHECKS } from '../../constructs/analysis/index.js';

const CHECKS = 'test/analysis/fixtures/checks';

async function analyzeIn(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await analyzeCommand(args, { write: (text) => void (out += text) });
  return { code, out };
}

async function usageError(...args: string[]): Promise<string> {
  const outcome = await analyzeIn(...args).then(
    (result) => result,
    (err: unknown) => err,
  );
  expect(outcome, args.join(' ')).to.be.instanceOf(UsageError);
  return (outcome as Error).message;
}

describe('dog-app-mesh analyze (in-process): options, help and usage errors', function () {
  this.timeout(30_000);

  for (const flag of ['--help', '-h']) {
    it(`${flag} prints the usage, options and exit statuses, and analyzes nothing`, async () => {
      const { code, out } = await analyzeIn(flag, `${CHECKS}/IST0101-subset/trigger.yaml`);
      expect(code).to.equal(0);
      expect(out).to.match(/^Usage: dog-app-mesh analyze <file\|dir\|-> \.\.\. \[options\]\n/);
      expect(out).to.include('  -o, --output <text|json>          output format (default: text)\n');
      expect(out).to.match(/Exit status: 0 when nothing reaches the threshold, 1 when something does,\n2 for bad arguments or unreadable or malformed input\.\nSee docs\/analysis\.md for each code, an example and the fix\.\n$/);
    });
  }

  it('--list-codes prints one aligned row per code, joining the descriptions of checks that share a code', async () => {
    const { code, out } = await analyzeIn('--list-codes', `${CHECKS}/IST0101-subset/trigger.yaml`);
    expect(code).to.equal(0);
    expect(out.endsWith('\n')).to.equal(true);
    const rows = out.slice(0, -1).split('\n');
    const codes = [...new Set(ALL_CHECKS.map((c) => c.code))];
    expect(rows.map((r) => r.split(' ')[0])).to.deep.equal(codes);
    // every column starts at the same place in every row: two spaces after the widest cell of the column before
    const widest = (f: (c: (typeof ALL_CHECKS)[number]) => string): number => Math.max(...ALL_CHECKS.map((c) => f(c).length));
    const severityAt = widest((c) => c.code) + 2;
    const titleAt = severityAt + widest((c) => c.severity) + 2;
    const descriptionAt = titleAt + widest((c) => c.title) + 2;
    for (const [i, row] of rows.entries()) {
      const first = ALL_CHECKS.find((c) => c.code === codes[i])!;
      expect(row.slice(severityAt, severityAt + first.severity.length + 1), row).to.equal(`${first.severity} `);
      expect(row.slice(titleAt, titleAt + first.title.length + 1), row).to.equal(`${first.title} `);
      const descriptions = ALL_CHECKS.filter((c) => c.code === codes[i]).map((c) => c.description);
      expect(row.slice(descriptionAt), row).to.equal(descriptions.join(' '));
    }
    expect(ALL_CHECKS.filter((c) => c.code === 'IST0101').length, 'a code shared by several checks').to.be.greaterThan(1);
  });

  it('reads --failure-threshold in any case and rejects other levels, naming them', async () => {
    const warning = `${CHECKS}/IST0127/trigger.yaml`;
    expect((await analyzeIn(warning, '--failure-threshold', 'WARNING')).code).to.equal(1);
    expect((await analyzeIn(warning, '--failure-threshold', 'error')).code).to.equal(0);
    const json = JSON.parse((await analyzeIn(warning, '-o', 'json', '--failure-threshold', 'info')).out) as { summary: { failureThreshold: string; failed: boolean } };
    expect(json.summary).to.include({ failureThreshold: 'Info', failed: true });
    expect(await usageError(warning, '--failure-threshold', 'Fatal')).to.equal("--failure-threshold must be one of Error, Warning, Info, got 'Fatal'");
    expect(await usageError(warning, '--failure-threshold', '')).to.equal("--failure-threshold must be one of Error, Warning, Info, got ''");
  });

  it('writes text unless told json, and rejects other outputs', async () => {
    const file = `${CHECKS}/IST0101-subset/trigger.yaml`;
    expect((await analyzeIn(file, '-o', 'text')).out).to.match(/^Error \[IST0101\]/);
    expect((await analyzeIn(file, '--output', 'json')).out).to.match(/^\{\n {2}"summary": \{\n/);
    expect(await usageError(file, '-o', 'xml')).to.equal("--output must be text or json, got 'xml'");
    expect(await usageError(file, '-o', 'JSON')).to.equal("--output must be text or json, got 'JSON'");
  });

  it('turns a bad --suppress into a usage error with the reason', async () => {
    expect(await usageError(`${CHECKS}/IST0101-subset/trigger.yaml`, '-S', 'oops')).to.match(/^invalid suppression 'oops': /);
  });

  it('needs a file or folder', async () => {
    expect(await usageError()).to.equal('no files or folders to analyze. Usage: dog-app-mesh analyze <file|dir|-> ... (see --help)');
    expect(await usageError('-o', 'json')).to.match(/^no files or folders to analyze/);
  });

  it('names an unknown option and points to the help', async () => {
    expect(await usageError('--frobnicate', CHECKS)).to.equal("unknown option '--frobnicate'. Run 'dog-app-mesh analyze --help' for the options.");
  });

  it('counts objects, files and suppressed findings in the text summary', async () => {
    const { code, out } = await analyzeIn(`${CHECKS}/IST0101-subset/trigger.yaml`, `${CHECKS}/IST0118/trigger.yaml`, '-S', 'IST0118');
    expect(code).to.equal(1);
    expect(out).to.match(/\n\n1 error, 0 warnings, 0 info in 5 objects from 2 files \(1 suppressed\)\.\n$/);
  });
});
