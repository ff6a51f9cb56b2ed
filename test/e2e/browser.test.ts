import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { chromium, type BrowserContext } from 'playwright-core';
import { load } from '../../cli/yaml-loader.js';
import { explain } from '../../constructs/index.js';
import { startTestService, type TestService } from '../service/support.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'test-output';

describe('in a real browser (headless Chromium)', function () {
  this.timeout(90_000);
  let t: TestService;
  let context: BrowserContext;
  let profile: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      const message = `${CHROMIUM} is missing: install the Debian package 'chromium' (apt-get install -y chromium) to run the browser tests`;
      if (process.env.CI === 'true') throw new Error(message);
      console.warn(`\n  !!! SKIPPED: ${message}\n`);
      this.skip();
    }
    t = await startTestService();
    profile = await mkdtemp(join(tmpdir(), 'dog-app-mesh-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 900, height: 900 },
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await context?.close();
    await t?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('loads the page, searches a breed by typing it, and shows that breed’s picture', async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));

    await page.goto(t.url);
    expect(await page.title()).to.equal('A random dog · Dog pictures');
    const first = page.locator('figure.picture img');
    await first.waitFor();

    await page.getByLabel('Breed').fill('Afghan Hound');
    await Promise.all([page.waitForURL(`${t.url}/`), page.getByRole('button', { name: 'Show me a dog' }).click()]);
    expect(await page.locator('h1').textContent()).to.equal('Afghan Hound');

    const img = page.locator('figure.picture img');
    const src = await img.getAttribute('src');
    expect(t.stub.imagesOf('hound/afghan')).to.include(src);
    expect(await img.getAttribute('alt')).to.equal('Afghan Hound: a random picture from the Dog API');
    // decode() settles once the picture has loaded (0 when it could not be loaded or decoded).
    const naturalWidth = await img.evaluate((el) => {
      const image = el as unknown as { naturalWidth: number; decode(): Promise<void> };
      return image.decode().then(() => image.naturalWidth, () => 0);
    });
    expect(naturalWidth, 'the picture actually loaded from the image host').to.be.above(0);
    expect(t.stub.callCount(new URL(src!).pathname)).to.be.at.least(1);

    const stylesApplied = await page.evaluate<string>("getComputedStyle(document.querySelector('header.bar')).backgroundImage");
    expect(stylesApplied, 'the stylesheet loaded under the CSP').to.include('linear-gradient');
    expect(problems, 'no CSP violations or script errors').to.deep.equal([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'afghan-hound.png'), fullPage: true });
  });

  it('a typo shows the 404 page with suggestions that lead to the picture', async () => {
    const page = await context.newPage();
    await page.goto(`${t.url}/?breed=huskie`);
    expect(await page.locator('h1').textContent()).to.equal('No breed called “huskie”');
    await page.getByRole('link', { name: 'Husky' }).click();
    await page.waitForURL(`${t.url}/?breed=husky`);
    expect(await page.locator('h1').textContent()).to.equal('Husky');
    await page.screenshot({ path: join(SCREENSHOTS, 'suggestion-followed.png'), fullPage: true });
  });

  it('offers every breed as a suggestion in the search box', async () => {
    const page = await context.newPage();
    await page.goto(t.url);
    const options = await page.locator('#breed-list option').count();
    expect(options).to.be.above(100);
    expect(await page.getByLabel('Breed').getAttribute('list')).to.equal('breed-list');
  });

  it('makes only requests that the mesh of dist/ routes and allows from the ingress (explain)', async () => {
    const page = await context.newPage();
    const origin = new URL(t.url).origin;
    const requests = new Map<string, { method: string; path: string }>();
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === origin) requests.set(`${req.method()} ${url.pathname}${url.search}`, { method: req.method(), path: `${url.pathname}${url.search}` });
    });
    await page.goto(t.url);
    await page.locator('figure.picture img').waitFor();
    await page.getByLabel('Breed').fill('Afghan Hound');
    await Promise.all([page.waitForURL(`${t.url}/`), page.getByRole('button', { name: 'Show me a dog' }).click()]);
    await page.goto(`${t.url}/?breed=huskie`);
    await page.getByRole('link', { name: 'Husky' }).click();
    await page.waitForURL(`${t.url}/?breed=husky`);
    await page.waitForLoadState('networkidle');
    expect([...requests.keys()], 'the page, its stylesheet, the search POST').to.include.members(['GET /', 'GET /static/style.css', 'POST /']);

    // What kubectl apply -f dist/ applies (dist/progressive/<engine>/ are alternatives), and the IstioOperator.
    const { objects } = await load(['dist/dog-app.k8s.yaml', 'dist/observability.k8s.yaml', 'dist/istio/istio-operator.k8s.yaml']);
    const refused = [...requests.values()]
      .map(({ method, path }) => explain(objects, { source: { kind: 'ingress' }, method, target: path }))
      .filter((r) => r.verdict !== 'allowed' || r.status !== undefined || r.versions.length === 0)
      .map((r) => `${r.request.method} ${r.request.path}: ${r.summary}`);
    expect(refused).to.deep.equal([]);
  });
});
