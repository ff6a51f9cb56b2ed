import { isRecord, num, record, str, stringMap, type JsonRecord } from './json.js';
import type { IndexedObject } from './object-index.js';

/** The selector labels Flagger looks for on a target Deployment, in its order (`-selector-labels`). */
export const FLAGGER_SELECTOR_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

/** What a Flagger Canary (provider istio) creates from its target Deployment. */
export interface FlaggerCanaryModel {
  readonly canary: IndexedObject;
  readonly namespace: string;
  /** The target Deployment's name. */
  readonly target: string;
  /** The apex Service `<service.name>` (default: the target's name); also `-primary` and `-canary`. */
  readonly service: string;
  readonly port: number | undefined;
  readonly portName: string;
  readonly targetPort: number | string | undefined;
  /** The selector label Flagger uses (the first of FLAGGER_SELECTOR_LABELS on the target's selector). */
  readonly selectorLabel: string | undefined;
}

/** Reads a Canary whose target is a Deployment; undefined for other targets. */
export function flaggerCanaryModel(canary: IndexedObject, target: IndexedObject | undefined): FlaggerCanaryModel | undefined {
  const ref = record(canary.spec.targetRef);
  const name = str(ref.name);
  if (str(ref.kind) !== 'Deployment' || name === undefined || canary.namespace === undefined) return undefined;
  const service = record(canary.spec.service);
  const selector = target && isRecord(target.spec.selector) ? stringMap(record(target.spec.selector).matchLabels) : {};
  const targetPort = typeof service.targetPort === 'number' || typeof service.targetPort === 'string' ? service.targetPort : undefined;
  return {
    canary,
    namespace: canary.namespace,
    target: name,
    service: str(service.name) ?? name,
    port: num(service.port),
    portName: str(service.portName) ?? 'http',
    targetPort,
    selectorLabel: FLAGGER_SELECTOR_LABELS.find((l) => l in selector),
  };
}

/** The hosts (FQDNs) whose routing a Canary owns: its three Services. */
export function canaryHosts(model: FlaggerCanaryModel, clusterDomain: string): string[] {
  return ['', '-primary', '-canary'].map((suffix) => `${model.service}${suffix}.${model.namespace}.svc.${clusterDomain}`);
}

/** The pod template of Flagger's `<target>-primary` Deployment: the target's, with the selector label's value suffixed. */
export function primaryTemplateLabels(model: FlaggerCanaryModel, template: JsonRecord): Record<string, string> {
  const labels = stringMap(record(template.metadata).labels);
  if (model.selectorLabel === undefined) return labels;
  return { ...labels, [model.selectorLabel]: `${labels[model.selectorLabel] ?? model.target}-primary` };
}
