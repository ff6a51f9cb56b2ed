import { rmSync } from 'node:fs';
import { Chart, Testing } from 'cdk8s';
import { ObservabilityAddons, type ObservabilityAddonsProps } from '../../../constructs/index.js';

/** A synthesized Kubernetes object, loosely typed for assertions. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/** Synthesizes ObservabilityAddons alone in a test chart (removing the app's temporary outdir); returns the construct and its objects. */
export function synthAddons(props: ObservabilityAddonsProps = {}): { addons: ObservabilityAddons; objects: K8sObject[] } {
  const app = Testing.app();
  try {
    const chart = new Chart(app, 'test');
    const addons = new ObservabilityAddons(chart, 'addons', props);
    return { addons, objects: Testing.synth(chart) as K8sObject[] };
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/** Synthesizes what `build` adds to a test chart (removing the app's temporary outdir). */
export function synthChart(build: (chart: Chart) => void): K8sObject[] {
  const app = Testing.app();
  try {
    const chart = new Chart(app, 'test');
    build(chart);
    return Testing.synth(chart) as K8sObject[];
  } finally {
    rmSync(app.outdir, { recursive: true, force: true });
  }
}

/** The one object of a kind and name; throws listing what there is otherwise. */
export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) {
    const have = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`expected one ${kind}/${name}, found ${found.length} among: ${have}`);
  }
  return found[0];
}

/** The message `build` throws, or `'accepted'` when it throws nothing. */
export function errorOf(build: () => void): string {
  try {
    build();
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
}
