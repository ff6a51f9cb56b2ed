import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './commands.js';

/**
 * `parseArgs` for a `dog-app-mesh` command, with positionals allowed: a bad argument becomes a UsageError (exit 2)
 * that names it and points to the command's help.
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (err) {
    const e = err as Error & { code?: string };
    const option = /'([^']+)'/.exec(e.message)?.[1];
    const message = e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option ? `unknown option '${option}'` : e.message.split('\n')[0];
    throw new UsageError(`${message}. Run 'dog-app-mesh ${command} --help' for the options.`);
  }
}
