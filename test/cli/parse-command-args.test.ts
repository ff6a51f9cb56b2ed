import { expect } from 'chai';
import { UsageError } from '../../cli/commands.js';
import { parseCommandArgs } from '../../cli/parse-command-args.js';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  from: { type: 'string' },
  header: { type: 'string', short: 'H', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(args: string[]): string {
  let error: unknown;
  try {
    parseCommandArgs('explain', args, OPTIONS);
  } catch (err) {
    error = err;
  }
  expect(error, args.join(' ')).to.be.instanceOf(UsageError);
  return (error as Error).message;
}

describe("a command's arguments: parsed, and bad ones made a usage error that points to the help", () => {
  it('gives the options and the positionals in order', () => {
    const { values, positionals } = parseCommandArgs('explain', ['dist', '-o', 'json', '--from', 'ingress', '-H', 'a: 1', '--header=b: 2', '-h', 'GET', '/'], OPTIONS);
    expect(values).to.deep.equal({ output: 'json', from: 'ingress', header: ['a: 1', 'b: 2'], help: true });
    expect(positionals).to.deep.equal(['dist', 'GET', '/']);
  });

  it('names an unknown option, long or short, without the hint about positionals', () => {
    expect(usageError(['--frobnicate', 'dist'])).to.equal("unknown option '--frobnicate'. Run 'dog-app-mesh explain --help' for the options.");
    expect(usageError(['dist', '-x'])).to.equal("unknown option '-x'. Run 'dog-app-mesh explain --help' for the options.");
  });

  it('keeps the first line of the other messages of parseArgs', () => {
    expect(usageError(['dist', '-o'])).to.equal("Option '-o, --output <value>' argument missing. Run 'dog-app-mesh explain --help' for the options.");
    expect(usageError(['--help=yes'])).to.equal("Option '-h, --help' does not take an argument. Run 'dog-app-mesh explain --help' for the options.");
  });

  it('ends a message that already ends with a period with one period only', () => {
    expect(usageError(['--from', '-ns/sa', 'GET', '/'])).to.equal("Option '--from' argument is ambiguous. Run 'dog-app-mesh explain --help' for the options.");
  });
});
