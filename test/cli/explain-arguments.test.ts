import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { explainCommand } from '../../cli/explain.js';
import { UsageError } from '../../cli/commands.js';
import type { ExplainResult } from '../../constructs/index.js';

const APP = 'dist/dog-app.k8s.yaml';
const IN_MESH = 'http://dog-app.dog-app.svc.cluster.local:8000/';

async function explainIn(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await explainCommand(args, { write: (text) => void (out += text) });
  return { code, out };
}

async function json(...args: string[]): Promise<ExplainResult> {
  return JSON.parse((await explainIn('-o', 'json', ...args)).out) as ExplainResult;
}

async function usageError(...args: string[]): Promise<string> {
  const outcome = await explainIn(...args).then(
    (result) => result,
    (err: unknown) => err,
  );
  expect(outcome, args.join(' ')).to.be.instanceOf(UsageError);
  return (outcome as Error).message;
}

describe('dog-app-mesh explain (in-process): sources, headers, targets, exit codes', function () {
  this.timeout(30_000);

  for (const flag of ['--help', '-h']) {
    it(`${flag} prints the usage, sources and exit statuses, and explains nothing`, async () => {
      const { code, out } = await explainIn(flag, APP, '--from', 'ingress', 'GET', '/');
      expect(code).to.equal(0);
      expect(out).to.match(/^Usage: dog-app-mesh explain <file\|dir\|->\.\.\. --from <ingress\|outside\|NAMESPACE\/SERVICEACCOUNT>/);
      expect(out).to.include('  --from NAMESPACE/SA         a pod running as service account SA in NAMESPACE');
      expect(out).to.match(/2 for bad arguments or unreadable input\. See docs\/explain\.md for what is modelled\.\n$/);
    });
  }

  it('exits 1 for a failed request and 3 for an unknown one, with the verdict first', async () => {
    const failed = await explainIn(APP, '--from', 'outside', 'GET', '/');
    expect(failed.code).to.equal(1);
    expect(failed.out).to.match(/^failed: no LoadBalancer or NodePort Service among the objects/);
    const unknown = await explainIn(APP, '--from', 'dog-app/dog-app-loadgen', 'GET', 'http://nothere.dog-app.svc.cluster.local:8000/');
    expect(unknown.code).to.equal(3);
    expect(unknown.out).to.match(/^unknown: no Service or ServiceEntry for nothere\.dog-app\.svc\.cluster\.local/);
  });

  it('takes the caller as NAMESPACE/SERVICEACCOUNT, service accounts with dots included', async () => {
    expect((await json(APP, '--from', 'dog-app/dog-app-loadgen', 'GET', IN_MESH)).request.source).to.equal('dog-app/dog-app-loadgen');
    expect((await json(APP, '--from', 'a/b', 'GET', IN_MESH)).request.source).to.equal('a/b');
    expect((await json(APP, '--from', 'n1/system.sa-2', 'GET', IN_MESH)).request.source).to.equal('n1/system.sa-2');
    expect((await json(APP, '--from', 'outside', 'GET', '/')).request.source).to.equal('outside');
  });

  for (const from of ['Dog-app/sa', 'dog-app/SA', 'ns-/sa', 'ns/-sa', 'ns/sa-', 'ns/.sa', 'ns/sa.', 'ns.x/sa', 'ns/', '/sa', 'ns/sa/x', ' ns/sa', 'ns/sa ', 'ingress/', 'x']) {
    it(`rejects --from '${from}'`, async () => {
      expect(await usageError(APP, '--from', from, 'GET', '/')).to.equal(`--from must be ingress, outside or NAMESPACE/SERVICEACCOUNT, got '${from}'`);
    });
  }

  it("rejects a --from value that starts with a dash when given as --from=VALUE", async () => {
    expect(await usageError(APP, '--from=-ns/sa', 'GET', '/')).to.equal("--from must be ingress, outside or NAMESPACE/SERVICEACCOUNT, got '-ns/sa'");
  });

  it('needs --from', async () => {
    expect(await usageError(APP, 'GET', '/')).to.equal('--from is required: ingress, outside or NAMESPACE/SERVICEACCOUNT (see --help)');
  });

  it('reads -H name: value with the name lower-cased and both trimmed, the last of a name winning', async () => {
    const result = await json(APP, '--from', 'dog-app/dog-app-loadgen', '-H', ' X-Canary :  always ', '-H', 'x-extra:a:b', '-H', 'x-empty:', '--header', 'x-extra: c:d', 'GET', IN_MESH);
    expect(result.request.headers).to.deep.include({ 'x-canary': 'always', 'x-extra': 'c:d', 'x-empty': '' });
    expect(result.summary).to.equal('allowed: reaches version v2');
  });

  for (const header of ['novalue', ':value', '']) {
    it(`rejects -H '${header}'`, async () => {
      expect(await usageError(APP, '--from', 'ingress', '-H', header, 'GET', '/')).to.equal(`-H takes 'name: value', got '${header}'`);
    });
  }

  it('needs files, a METHOD and a PATH-OR-URL', async () => {
    const message = 'expected files or folders, then METHOD and PATH-OR-URL, e.g. dog-app-mesh explain dist --from ingress GET /';
    expect(await usageError('--from', 'ingress', 'GET', '/')).to.equal(message);
    expect(await usageError(APP, '--from', 'ingress', '/')).to.equal(message);
  });

  it('takes any letters as METHOD and rejects anything else', async () => {
    expect((await json(APP, '--from', 'ingress', 'PATCH', '/')).request.method).to.equal('PATCH');
    expect((await json(APP, '--from', 'ingress', 'get', '/')).request.method).to.equal('get');
    for (const method of ['GET1', '1GET', 'G-T', '', 'GET ']) {
      expect(await usageError(APP, '--from', 'ingress', method, '/')).to.equal(`METHOD must be an HTTP method such as GET, got '${method}'`);
    }
  });

  it('takes a path or an http(s) URL in any case, and rejects anything else', async () => {
    expect((await json(APP, '--from', 'ingress', 'GET', '/api/breeds?x=1')).request).to.include({ path: '/api/breeds', query: 'x=1' });
    expect((await json(APP, '--from', 'ingress', 'GET', 'HTTP://dogs.example.com/')).request).to.include({ host: 'dogs.example.com', scheme: 'http' });
    expect((await json(APP, '--from', 'ingress', 'GET', 'https://dogs.example.com/')).request).to.include({ scheme: 'https' });
    for (const target of ['static/style.css', 'ftp://dogs.example.com/', 'http:/x', 'xhttp://dogs.example.com/', '']) {
      expect(await usageError(APP, '--from', 'ingress', 'GET', target)).to.equal(`PATH-OR-URL must start with '/' or http(s)://, got '${target}'`);
    }
  });

  it('writes text unless told json, and rejects other outputs', async () => {
    expect((await explainIn(APP, '-o', 'text', '--from', 'ingress', 'GET', '/')).out).to.match(/^allowed: reaches versions v1 \(90%\), v2 \(10%\)\n {2}✓ request: /);
    expect(await usageError(APP, '-o', 'xml', '--from', 'ingress', 'GET', '/')).to.equal("--output must be text or json, got 'xml'");
  });

  it('puts objects without a namespace in --namespace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-ns-'));
    try {
      writeFileSync(join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: { name: api }\nspec:\n  selector: { app: api }\n  ports: [{ name: http, port: 80, targetPort: 8080 }]\n');
      const request = ['--from', 'shop/caller', 'GET', 'http://api.shop.svc.cluster.local/'];
      const inShop = await explainIn(dir, '-n', 'shop', ...request);
      expect(inShop.code).to.equal(1);
      expect(inShop.out).to.match(/^failed \(503 UH\): no pods behind Service shop\/api/);
      const inDefault = await explainIn(dir, ...request);
      expect(inDefault.code).to.equal(3);
      expect(inDefault.out).to.match(/^unknown: no Service or ServiceEntry for api\.shop\.svc\.cluster\.local/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
