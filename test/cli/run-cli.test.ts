import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { Command } from '../../cli/commands.js';

// Imported as the CLI loads its commands (dynamically): under mocha, tsx gives statically imported modules instances of their
// own, and a command's UsageError would then be another class than the one the dispatcher checks for.
const { runCli } = await import('../../cli/run-cli.js');
const { commands, UsageError } = await import('../../cli/commands.js');
// Those instances of the commands are loaded here, with the test file, rather than in the first test that runs one: what
// a module does when it is loaded then counts as loading, not as that test (mutation testing tells the two apart).
await Promise.all(Object.values(commands).map((c) => c.load()));

const CHECKS = 'test/analysis/fixtures/checks';

/** Runs `dog-app-mesh` in this process: exit code, stdout and stderr. */
async function dogAppMesh(argv: string[], table?: Record<string, Command>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const streams = { stdout: { write: (t: string) => void (stdout += t) }, stderr: { write: (t: string) => void (stderr += t) } };
  const code = await runCli(argv, streams, table);
  return { code, stdout, stderr };
}

const HELP = [
  'Usage: dog-app-mesh <command> [options]',
  '',
  'Analyze and explain Istio service-mesh manifests, offline.',
  '',
  'Commands:',
  '  analyze        find Istio misconfiguration in YAML files or folders, without a cluster',
  '  explain        follow one request through the manifests: gateway, route, policies, pods (offline)',
  '',
  'Options:',
  "  -h, --help     show this help, or a command's help with <command> --help",
  '  -v, --version  print the version',
  '',
].join('\n');

describe('dog-app-mesh (in-process): dispatch, help, version and exit codes', function () {
  this.timeout(30_000);

  for (const flag of ['--help', '-h', 'help']) {
    it(`${flag} prints the commands and options in aligned columns on stdout and exits 0`, async () => {
      expect(await dogAppMesh([flag])).to.deep.equal({ code: 0, stdout: HELP, stderr: '' });
    });
  }

  it('no arguments prints the same help and exits 2', async () => {
    expect(await dogAppMesh([])).to.deep.equal({ code: 2, stdout: HELP, stderr: '' });
  });

  it('says so when there are no commands', async () => {
    const { stdout } = await dogAppMesh(['--help'], {});
    expect(stdout).to.include('Commands:\n  (none yet)\n\nOptions:\n  -h, --help     show this help');
  });

  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the package version and exits 0`, async () => {
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      expect(await dogAppMesh([flag])).to.deep.equal({ code: 0, stdout: `${version}\n`, stderr: '' });
    });
  }

  for (const name of ['frobnicate', 'toString', '__proto__']) {
    it(`exits 2 on the unknown command '${name}', naming it on stderr`, async () => {
      expect(await dogAppMesh([name, 'x'])).to.deep.equal({
        code: 2,
        stdout: '',
        stderr: `dog-app-mesh: unknown command '${name}'. Run 'dog-app-mesh --help' for the list.\n`,
      });
    });
  }

  it('runs analyze with the arguments after its name and returns its exit code', async () => {
    const failing = await dogAppMesh(['analyze', `${CHECKS}/IST0101-subset/trigger.yaml`]);
    expect(failing.code).to.equal(1);
    expect(failing.stdout).to.match(/^Error \[IST0101\] \(VirtualService default\/web .*trigger\.yaml:37\)/);
    expect(failing.stderr).to.equal('');
    const passing = await dogAppMesh(['analyze', '-o', 'json', 'test/analysis/fixtures/bundles/istio-ingress.yaml']);
    expect(passing.code).to.equal(0);
    expect((JSON.parse(passing.stdout) as { summary: { objects: number } }).summary.objects).to.equal(17);
  });

  it('runs explain with its arguments and returns its exit code', async () => {
    const { code, stdout } = await dogAppMesh(['explain', 'dist/dog-app.k8s.yaml', '--from', 'ingress', 'GET', '/metrics']);
    expect(code).to.equal(1);
    expect(stdout).to.match(/^denied \(403\)/);
  });

  it("prints a command's usage error on stderr, prefixed with the command, and exits 2", async () => {
    expect(await dogAppMesh(['analyze', '-o', 'xml', 'dist'])).to.deep.equal({
      code: 2,
      stdout: '',
      stderr: "dog-app-mesh analyze: --output must be text or json, got 'xml'\n",
    });
    const explain = await dogAppMesh(['explain', 'dist', 'GET', '/']);
    expect(explain.code).to.equal(2);
    expect(explain.stderr).to.match(/^dog-app-mesh explain: --from is required/);
  });

  it('lets an error that is not a usage error through (node prints it and exits 1)', async () => {
    const boom = new Error('boom');
    const table: Record<string, Command> = {
      ...commands,
      fail: { summary: 'fails', load: () => Promise.resolve(() => Promise.reject(boom)) },
      usage: { summary: 'bad usage', load: () => Promise.resolve(() => Promise.reject(new UsageError('bad'))) },
    };
    let thrown: unknown;
    await dogAppMesh(['fail'], table).catch((err: unknown) => (thrown = err));
    expect(thrown).to.equal(boom);
    expect(await dogAppMesh(['usage'], table)).to.deep.equal({ code: 2, stdout: '', stderr: 'dog-app-mesh usage: bad\n' });
  });
});
