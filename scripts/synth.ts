/**
 * `npm run synth`: runs `cdk8s synth` into a staging folder and replaces the output folder (cdk8s.yaml's
 * `output`, dist/) only when synthesis succeeds, so a failing app never leaves dist/ deleted or half
 * written. Arguments are passed on to `cdk8s synth`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { replaceOnSuccess } from './replace-on-success.js';

const cdk8sCli = resolve(import.meta.dirname, '../node_modules/cdk8s-cli/bin/cdk8s');
const config = parse(readFileSync('cdk8s.yaml', 'utf8')) as { output?: string };
const target = resolve(config.output ?? 'dist');

try {
  await replaceOnSuccess(target, (outdir) =>
    new Promise<void>((done, fail) => {
      const child = spawn(process.execPath, [cdk8sCli, 'synth', '--check-upgrade=false', '--output', outdir, ...process.argv.slice(2)], { stdio: 'inherit' });
      child.on('error', fail);
      child.on('exit', (code, signal) => (code === 0 ? done() : fail(new Error(`cdk8s synth exited with ${signal ?? code}`))));
    }),
  );
} catch (err) {
  process.stderr.write(`synth: ${(err as Error).message}; ${config.output ?? 'dist'}/ is unchanged\n`);
  process.exitCode = 1;
}
