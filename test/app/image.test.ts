import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parseManifests, readTree } from '../support/synth.js';

const run = promisify(execFile);

interface Workload {
  kind: string;
  metadata: { name: string };
  spec?: { template: { spec: { containers: { image: string }[] } } };
}

/**
 * Runs main.ts as `cdk8s synth` does, into a temporary folder, with `env` added; returns the container images
 * of the app's Deployments and Rollouts (dog-app.k8s.yaml and the progressive examples), by `<folder>:<name>`.
 */
async function synthImages(env: Record<string, string | undefined>): Promise<Record<string, string[]>> {
  const outdir = await mkdtemp(join(tmpdir(), 'dog-app-mesh-image-'));
  try {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, CDK8S_OUTDIR: outdir };
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete childEnv[key];
      else childEnv[key] = value;
    }
    await run(process.execPath, ['--import', 'tsx', 'main.ts'], { env: childEnv });
    const images: Record<string, string[]> = {};
    for (const [file, text] of await readTree(outdir)) {
      if (!file.endsWith('dog-app.k8s.yaml')) continue;
      const folder = file.replace(/\/?dog-app\.k8s\.yaml$/, '') || '.';
      for (const o of parseManifests(text) as unknown as Workload[]) {
        if (o.kind === 'Deployment' || o.kind === 'Rollout') images[`${folder}:${o.metadata.name}`] = o.spec!.template.spec.containers.map((c) => c.image);
      }
    }
    return images;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

describe('main.ts: the image of the app', function () {
  this.timeout(120_000);

  it('runs every app and load generator pod, the progressive examples too, from DOG_APP_IMAGE when it is set', async () => {
    const image = 'registry.example.com/team/dog-app-mesh:0.1.0';
    const images = await synthImages({ DOG_APP_IMAGE: image });
    expect(images).to.include.keys('.:dog-app-v1', '.:dog-app-v2', '.:dog-app-loadgen');
    expect(Object.keys(images).some((k) => k.startsWith('progressive/'))).to.equal(true);
    for (const [workload, containers] of Object.entries(images)) expect(containers, workload).to.deep.equal([image]);
  });

  it('keeps the default image, what dist/ holds, when DOG_APP_IMAGE is unset', async () => {
    const images = await synthImages({ DOG_APP_IMAGE: undefined });
    expect(images).to.include.keys('.:dog-app-v1', '.:dog-app-v2', '.:dog-app-loadgen');
    for (const [workload, containers] of Object.entries(images)) expect(containers, workload).to.deep.equal(['dog-app-mesh:0.1.0']);
    expect(await readFile('dist/dog-app.k8s.yaml', 'utf8')).to.match(/image: dog-app-mesh:0\.1\.0\n/);
  });

  it('fails the synth naming DOG_APP_IMAGE when it is not an image reference', async () => {
    const err = await synthImages({ DOG_APP_IMAGE: 'Registry Example/dog app' }).then(
      () => expect.fail('synth accepted a bad DOG_APP_IMAGE'),
      (e: { stderr: string }) => e,
    );
    expect(err.stderr).to.match(/DOG_APP_IMAGE/);
    expect(err.stderr).to.match(/image: got "Registry Example\/dog app"/);
  });
});
