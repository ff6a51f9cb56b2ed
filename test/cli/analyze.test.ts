import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { analyzeCommand } from '../../cli/analyze.js';
import { ALL_CHECKS } from '../../constructs/analysis/index.js';

const run = promisify(execFile);
const CHECKS = 'test/analysis/fixtures/checks';
const BUNDLES = 'test/analysis/fixtures/bundles';

/** Runs the real CLI in a child process: exit code, stdout and stderr. */
async function cli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (stdin !== undefined) {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs `analyze` in this process: exit code and output. */
async function analyzeIn(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await analyzeCommand(args, { write: (text) => void (out += text) });
  return { code, out };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'analyze-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  ports: [{ name: http, port: 80 }]\n';

interface JsonReport {
  summary: { objects: number; files: number; errors: number; warnings: number; info: number; suppressed: number; failureThreshold: string; failed: boolean };
  findings: { code: string; severity: string; object: { apiVersion: string; kind: string; name: string; namespace?: string }; message: string; field?: (string | number)[]; file?: string; line?: number }[];
}

describe('dog-app-mesh analyze', function () {
  this.timeout(30_000);

  it('exits 0 and says so when nothing is found', async () => {
    const { code, out } = await analyzeIn(`${BUNDLES}/istio-ingress.yaml`);
    expect(code).to.equal(0);
    expect(out).to.equal('✔ No validation issues found when analyzing 17 objects from 1 file.\n');
  });

  it('reports the objects two bundles of one app both define (DAM0116): applied together, one would replace the other', async () => {
    const { code, out } = await analyzeIn(BUNDLES);
    expect(code).to.equal(1);
    expect(out).to.match(/Error \[DAM0116\] \(Namespace dog-app test\/analysis\/fixtures\/bundles\/istio-ingress\.yaml:\d+\) Namespace dog-app is defined twice/);
  });

  it('exits 1 on an error and prints it like istioctl, with file and line', async () => {
    const { code, out } = await analyzeIn(`${CHECKS}/IST0101-subset/trigger.yaml`);
    expect(code).to.equal(1);
    expect(out).to.match(
      /^Error \[IST0101\] \(VirtualService default\/web test\/analysis\/fixtures\/checks\/IST0101-subset\/trigger\.yaml:37\) Referenced host\+subset in destinationrule not found: "web\+v2"\./,
    );
    expect(out).to.match(/\n\n1 error, 0 warnings, 0 info in 4 objects from 1 file\.\n$/);
  });

  it('groups findings by severity, errors first', async () => {
    const { out } = await analyzeIn(`${CHECKS}/IST0118/trigger.yaml`, `${CHECKS}/IST0127/trigger.yaml`, `${CHECKS}/DAM0107/trigger.yaml`);
    expect(out.split('\n').filter((l) => /^\w+ \[/.test(l)).map((l) => l.split(' (')[0])).to.deep.equal(['Error [DAM0107]', 'Warning [IST0127]', 'Info [IST0118]']);
  });

  it('exits 0 on warnings unless --failure-threshold is Warning', async () => {
    const fixture = `${CHECKS}/IST0127/trigger.yaml`;
    expect((await analyzeIn(fixture)).code).to.equal(0);
    expect((await analyzeIn(fixture, '--failure-threshold', 'Warning')).code).to.equal(1);
    expect((await analyzeIn(`${CHECKS}/IST0118/trigger.yaml`, '--failure-threshold', 'warning')).code).to.equal(0);
    expect((await analyzeIn(`${CHECKS}/IST0118/trigger.yaml`, '--failure-threshold', 'Info')).code).to.equal(1);
  });

  it('writes JSON with a summary and every finding', async () => {
    const { code, out } = await analyzeIn('-o', 'json', `${CHECKS}/IST0101-subset/trigger.yaml`, `${CHECKS}/IST0118/trigger.yaml`);
    expect(code).to.equal(1);
    const report = JSON.parse(out) as JsonReport;
    expect(report.summary).to.deep.equal({ objects: 5, files: 2, errors: 1, warnings: 0, info: 1, suppressed: 0, failureThreshold: 'Error', failed: true });
    expect(report.findings[0]).to.deep.include({
      code: 'IST0101',
      severity: 'Error',
      object: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'web', namespace: 'default' },
      field: ['spec', 'http', 0, 'route', 0, 'destination', 'subset'],
      file: `${CHECKS}/IST0101-subset/trigger.yaml`,
      line: 37,
    });
    expect(report.findings[1]).to.include({ code: 'IST0118', severity: 'Info' });
  });

  it('drops suppressed findings (--suppress CODE=Kind/name, repeatable) and counts them', async () => {
    const fixture = `${CHECKS}/IST0101-subset/trigger.yaml`;
    const { code, out } = await analyzeIn(fixture, '--suppress', 'IST0101=VirtualService/web', '-S', 'IST0118=Service/*', '-o', 'json');
    expect(code).to.equal(0);
    expect((JSON.parse(out) as JsonReport).summary).to.include({ errors: 0, suppressed: 1, failed: false });
    expect((await analyzeIn(fixture, '-S', 'IST0101=VirtualService/other')).code).to.equal(1);
    expect((await analyzeIn(fixture, '-S', 'IST0101=VirtualService/default/web')).out).to.include('(1 suppressed)');
  });

  it('walks folders for .yaml and .yml files, reads multi-document files, List kinds and empty documents', async () => {
    const dir = tempDir({
      'a/one.yml': `---\n${SERVICE}---\n---\n`,
      'a/b/list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata: { name: Bad_Name }\n`,
      'notes.txt': 'not yaml: [',
      '.hidden/x.yaml': 'not: [yaml',
    });
    const { code, out } = await analyzeIn(dir, '-o', 'json');
    const report = JSON.parse(out) as JsonReport;
    expect(code).to.equal(1);
    expect(report.summary).to.include({ objects: 2, files: 2 });
    expect(report.findings.map((f) => `${f.code} ${f.object.name} ${f.file?.slice(dir.length)}:${f.line}`)).to.deep.equal(['IST0106 Bad_Name /a/b/list.yaml:6']);
  });

  it('reports unknown kinds as Info and still exits 0', async () => {
    const dir = tempDir({ 'w.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n' });
    const { code, out } = await analyzeIn(dir);
    expect(code).to.equal(0);
    expect(out).to.match(/^Info \[DAM0001\] \(Widget default\/w .*w\.yaml:2\) Kind Widget of apiVersion example\.com\/v1 is not known/);
  });

  it('puts objects without a namespace in --namespace', async () => {
    const { out } = await analyzeIn(`${CHECKS}/IST0101-host/trigger.yaml`, '-n', 'shop');
    expect(out).to.include('(VirtualService shop/api');
  });

  it('lists every code with --list-codes', async () => {
    const { code, out } = await analyzeIn('--list-codes');
    expect(code).to.equal(0);
    for (const check of ALL_CHECKS) expect(out).to.match(new RegExp(`^${check.code} +${check.severity} +${check.title} `, 'm'));
  });

  describe('as a process', () => {
    it('is listed in dog-app-mesh --help', async () => {
      const { code, stdout } = await cli(['--help']);
      expect(code).to.equal(0);
      expect(stdout).to.match(/^ {2}analyze +find Istio misconfiguration/m);
    });

    it('exits with the analysis result and reads standard input with -', async () => {
      expect((await cli(['analyze', `${CHECKS}/IST0101-subset/trigger.yaml`])).code).to.equal(1);
      const piped = await cli(['analyze', '-'], SERVICE);
      expect(piped.code).to.equal(0);
      expect(piped.stdout).to.include('1 object from 1 file');
    });

    const usage: [string, string[], RegExp][] = [
      ['no paths', [], /no files or folders to analyze/],
      ['an unknown option', ['--frobnicate', BUNDLES], /unknown option '--frobnicate'/],
      ['a bad --output', ['-o', 'xml', BUNDLES], /--output must be text or json, got 'xml'/],
      ['a bad --failure-threshold', ['--failure-threshold', 'Fatal', BUNDLES], /--failure-threshold must be one of Error, Warning, Info, got 'Fatal'/],
      ['a bad --suppress', ['-S', 'oops', BUNDLES], /invalid suppression 'oops'/],
      ['a missing path', ['no/such/dir'], /cannot read 'no\/such\/dir': no such file or directory/],
    ];
    for (const [what, args, message] of usage) {
      it(`exits 2 on ${what}, with a message and no stack trace`, async () => {
        const { code, stderr } = await cli(['analyze', ...args]);
        expect(code).to.equal(2);
        expect(stderr).to.match(message);
        expect(stderr).not.to.match(/\n\s+at /);
      });
    }

    it('exits 2 on malformed YAML, naming file, line and column', async () => {
      const dir = tempDir({ 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: { a: [ }\n' });
      const { code, stderr } = await cli(['analyze', dir]);
      expect(code).to.equal(2);
      expect(stderr).to.match(/^dog-app-mesh analyze: malformed input:\n {2}.*bad\.yaml:5:\d+: /);
      expect(stderr).not.to.match(/\n\s+at /);
    });

    it('exits 2 on documents that are not Kubernetes objects, listing each', async () => {
      const dir = tempDir({ 'x.yaml': `just text\n---\nname: value\n---\n${SERVICE}` });
      const { code, stderr } = await cli(['analyze', dir]);
      expect(code).to.equal(2);
      expect(stderr).to.match(/x\.yaml:1: document 1 is a string, not a Kubernetes object/);
      expect(stderr).to.match(/x\.yaml:3: document 2 has no apiVersion or kind: not a Kubernetes object/);
    });
  });
});
