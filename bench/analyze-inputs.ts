import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** dist/dog-app.k8s.yaml as the i-th app of a bundle: its namespace renamed in every object, host and principal. */
function renamedApp(documents: readonly string[], i: number): string {
  const ns = `dog-app-${i}`;
  return documents
    .map((doc, n) => {
      const renamed = doc
        .replace(/^( {2}namespace: )dog-app$/gm, `$1${ns}`)
        .replace(/\.dog-app\.svc/g, `.${ns}.svc`)
        .replace(/\/ns\/dog-app\//g, `/ns/${ns}/`);
      return n === 0 ? renamed.replace(/^ {2}name: dog-app$/m, `  name: ${ns}`) : renamed;
    })
    .join('---\n');
}

/** Where one size's inputs were written. */
export interface AnalyzeInputs {
  readonly objects: number;
  /** One file holding every app. */
  readonly file: string;
  /** A folder with one file per app. */
  readonly folder: string;
  readonly bytes: number;
}

/** Writes `apps` copies of dist/dog-app.k8s.yaml, each in its own namespace, as one file and as one file per app. */
export function writeAnalyzeInputs(dir: string, apps: number): AnalyzeInputs {
  const base = readFileSync('dist/dog-app.k8s.yaml', 'utf8');
  if (!base.includes('\n---\n') || !/^kind: Namespace$/m.test(base.split('\n---\n')[0])) {
    throw new Error('dist/dog-app.k8s.yaml no longer starts with its Namespace: update bench/analyze-inputs.ts');
  }
  const documents = base.split(/^---\n/m);
  const folder = join(dir, `apps-${apps}`);
  mkdirSync(folder, { recursive: true });
  const texts = Array.from({ length: apps }, (_, i) => renamedApp(documents, i));
  texts.forEach((text, i) => writeFileSync(join(folder, `dog-app-${String(i).padStart(5, '0')}.yaml`), text));
  const file = join(dir, `bundle-${apps}.yaml`);
  const bundle = texts.join('---\n');
  writeFileSync(file, bundle);
  return { objects: apps * documents.length, file, folder, bytes: Buffer.byteLength(bundle) };
}
