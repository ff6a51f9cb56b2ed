import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of a program on PATH, or undefined. */
export function whichProgram(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * The path of a system program a test drives for real. Missing: under CI=true that is a failure (`.ci/run`
 * installs it); locally the test is skipped with a loud message saying how to install it.
 */
export function requireProgram(ctx: Mocha.Context, name: string, debianPackage: string): string {
  const path = whichProgram(name);
  if (path) return path;
  const message = `${name} not found on PATH: install it with \`apt-get install -y ${debianPackage}\` (.ci/run does)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n  !!! SKIPPED: ${message}\n`);
  ctx.skip();
}
