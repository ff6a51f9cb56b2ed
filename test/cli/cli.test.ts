import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'chai';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'cli/main.ts'];

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dog-app-mesh CLI', () => {
  it('--help prints usage and exits 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).to.equal(0);
    expect(stdout).to.match(/^Usage: dog-app-mesh <command>/);
    expect(stdout).to.include('--version');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const { code, stdout } = await cli('--version');
    expect(code).to.equal(0);
    expect(stdout.trim()).to.equal(version);
  });

  it('no arguments prints usage and exits 2', async () => {
    const { code, stdout } = await cli();
    expect(code).to.equal(2);
    expect(stdout).to.include('Usage:');
  });

  it('an unknown command exits 2 with a message and no stack trace', async () => {
    const { code, stderr } = await cli('frobnicate');
    expect(code).to.equal(2);
    expect(stderr).to.include("unknown command 'frobnicate'");
    expect(stderr).not.to.match(/\n\s+at /);
  });
});
