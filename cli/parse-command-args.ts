import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commands.js';

/** The options a command takes, as `parseArgs` describes them. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** What `parseArgs` makes of a command's arguments. */
export type ParsedCommandArgs<O extends CommandOptions> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>>;

/**
 * `parseArgs` for a `dog-app-mesh` command, with positionals allowed: a bad argument becomes a UsageError (exit 2)
 * that names it and points to the command's help.
 */
export function parseCommandArgs<O extends CommandOptions>(command: string, args: string[], options: O): ParsedCommandArgs<O> {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'([^']+)'/.exec(e.message)?.[1];
    const message = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option ? `unknown option '${option}'` : e.message.split('\n')[0].replace(/\.$/, '');
    throw new UsageError(`${message}. Run 'dog-app-mesh ${command} --help' for the options.`);
  }
}
