import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

let built: Promise<unknown> | undefined;

/** The version of a package installed in this repository. */
export async function installedVersion(pkg: string): Promise<string> {
  return (JSON.parse(await readFile(join('node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A consumer project: a temporary folder that holds the packed library as `dog-app-mesh-<version>.tgz`. */
export interface ConsumerProject {
  readonly dir: string;
  /** `file:./<tarball>`, for the project's package.json. */
  readonly tarballSpec: string;
  /** Installs the project's package.json from the npm cache where it can. */
  install(): Promise<void>;
  /** Runs the project's own `cdk8s synth`; resolves to its output, rejects with it on a non-zero exit. */
  synth(): Promise<{ stdout: string; stderr: string }>;
  /** The YAML documents of every file cdk8s wrote to the project's dist/. */
  manifests(): Promise<string>;
  remove(): Promise<void>;
}

/** Builds the library once per run, packs it as a user would get it, and makes a project folder for it. */
export async function consumerProject(prefix: string): Promise<ConsumerProject> {
  built ??= run('npm', ['run', 'build']);
  await built;
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir]);
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  return {
    dir,
    tarballSpec: `file:./${filename}`,
    async install() {
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
    },
    synth: () => run(join(dir, 'node_modules/.bin/cdk8s'), ['synth'], { cwd: dir, env }),
    async manifests() {
      const files = (await readdir(join(dir, 'dist'))).filter((f) => f.endsWith('.yaml')).sort();
      return (await Promise.all(files.map((f) => readFile(join(dir, 'dist', f), 'utf8')))).join('---\n');
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes a JSON file. */
export function writeJson(path: string, value: unknown): Promise<void> {
  return writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The service's runtime packages: none of them may reach a user who installs the construct library. */
export const SERVICE_ONLY_PACKAGES = ['koa', 'got', 'pino', 'prom-client', 'helmet', 'cockatiel', '@koa/bodyparser'];

/** The folder of `name` as Node resolves it from a package in `from`: the nearest node_modules above it. */
async function packageDir(from: string, name: string, root: string): Promise<string | undefined> {
  for (let dir = from; dir.startsWith(root); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (await stat(join(candidate, 'package.json')).then(() => true, () => false)) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/**
 * Every package in dog-app-mesh's installed dependency closure (its dependencies, optional ones that are
 * installed, and theirs), by name, walked through the project's node_modules. Peer dependencies are the
 * project's own and not counted.
 */
export async function dependencyClosure(project: string): Promise<Set<string>> {
  const names = new Set<string>();
  const visit = async (dir: string) => {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = await packageDir(dir, name, project);
      if (!found || names.has(name)) continue;
      names.add(name);
      await visit(found);
    }
  };
  await visit(join(project, 'node_modules', 'dog-app-mesh'));
  return names;
}
