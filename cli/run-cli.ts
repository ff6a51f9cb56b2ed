import { createRequire } from 'node:module';
import { commands as COMMANDS, UsageError, type Command, type Output } from './commands.js';

const EXIT_USAGE = 2;

/** Where the CLI writes; `main.ts` passes the process streams. */
export interface CliStreams {
  readonly stdout: Output;
  readonly stderr: Output;
}

function version(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('dog-app-mesh/package.json') as { version: string };
  return pkg.version;
}

function help(commands: Record<string, Command>): string {
  const names = Object.keys(commands);
  const options = [
    ['-h, --help', "show this help, or a command's help with <command> --help"],
    ['-v, --version', 'print the version'],
  ];
  const width = Math.max(...names.map((n) => n.length), ...options.map(([o]) => o.length));
  const lines = [
    'Usage: dog-app-mesh <command> [options]',
    '',
    'Analyze and explain Istio service-mesh manifests, offline.',
    '',
    'Commands:',
    ...(names.length ? names.map((n) => `  ${n.padEnd(width)}  ${commands[n].summary}`) : ['  (none yet)']),
    '',
    'Options:',
    ...options.map(([o, text]) => `  ${o.padEnd(width)}  ${text}`),
  ];
  return lines.join('\n');
}

/** Runs `dog-app-mesh` with its arguments (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[], { stdout, stderr }: CliStreams, commands: Record<string, Command> = COMMANDS): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    stdout.write(`${help(commands)}\n`);
    return first === undefined ? EXIT_USAGE : 0;
  }
  if (first === '-v' || first === '--version') {
    stdout.write(`${version()}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!command) {
    stderr.write(`dog-app-mesh: unknown command '${first}'. Run 'dog-app-mesh --help' for the list.\n`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, stdout);
  } catch (err) {
    if (err instanceof UsageError) {
      stderr.write(`dog-app-mesh ${first}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
