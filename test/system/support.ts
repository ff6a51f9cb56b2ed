/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- walks synthesized manifests */
import { parse as parseHtml, type DefaultTreeAdapterMap } from 'parse5';
import { parse as parseYaml } from 'yaml';
import { load } from '../../cli/yaml-loader.js';
import { explain, type DogAppMeshProps, type ExplainResult, type ExplainSource } from '../../constructs/index.js';
import { synthMesh } from '../constructs/support.js';
import { startTestService } from '../service/support.js';

type Obj = Record<string, any>;

/** A deployment of the mesh as `kubectl apply` would get it, with the props that made it. */
export interface Variant {
  readonly name: string;
  readonly objects: readonly Obj[];
  readonly props: DogAppMeshProps;
}

/**
 * What `kubectl apply -f dist/` applies (not recursive: dist/progressive/<engine>/ are alternatives
 * applied on their own), and the IstioOperator istioctl installs from dist/istio/.
 */
export const DIST_APPLIED = ['dist/dog-app.k8s.yaml', 'dist/observability.k8s.yaml', 'dist/istio/istio-operator.k8s.yaml'];

/** The props of the example app (main.ts), which dist/ holds. */
export const DIST_PROPS: DogAppMeshProps = {
  versions: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10 }],
  headerRoute: { header: 'x-canary', value: 'always', version: 'v2' },
  loadgen: { rps: 1 },
};

const CANARY: DogAppMeshProps = {
  versions: [{ name: 'v1', weight: 90 }, { name: 'v2', weight: 10, image: 'dog-app-mesh:0.2.0' }],
  headerRoute: { version: 'v2' },
  loadgen: {},
};

/** The construct-test variants of DogAppMesh, each with the addons and IstioOperator of dist/ beside it. */
export async function variants(): Promise<Variant[]> {
  const dist = (await load(DIST_APPLIED)).objects as Obj[];
  const platform = dist.filter((o) => o.metadata?.namespace === 'istio-system' || o.kind === 'IstioOperator' || o.kind.startsWith('Cluster'));
  const synth = (name: string, props: DogAppMeshProps, addons: readonly Obj[] = platform): Variant => ({ name, props, objects: [...synthMesh(props).objects, ...addons] });
  // The README's ambient step: Prometheus joins the ambient mesh (pod label istio.io/dataplane-mode=ambient)
  // so that it scrapes the app port with its own identity under STRICT mTLS.
  const ambientAddons = platform.map((o) => (o.kind === 'Deployment' && o.metadata.name === 'prometheus' ? enrolAmbient(o) : o));
  return [
    { name: 'dist/', props: DIST_PROPS, objects: dist },
    synth('canary', CANARY),
    synth('Gateway API', { ...CANARY, ingress: { api: 'gateway-api', hosts: ['dogs.example.com'] } }),
    synth('ambient', { ...CANARY, dataplane: { mode: 'ambient' } }, ambientAddons),
    synth('direct LoadBalancer', { ...CANARY, ingress: { api: 'none' } }),
    synth('TLS origination', { ...CANARY, egress: { tlsOrigination: true } }),
    synth('HTTPS ingress', { ...CANARY, ingress: { hosts: ['dogs.example.com'], tls: { secretName: 'dogs-example-com-tls' } } }),
    synth('header route open to the ingress', { ...CANARY, headerRoute: { version: 'v2', fromIngress: true } }),
    synth('Helm-installed gateway', { ...CANARY, ingress: { istioInstall: 'helm' } }),
  ];
}

function enrolAmbient(d: Obj): Obj {
  const copy = structuredClone(d);
  copy.spec.template.metadata.labels = { ...copy.spec.template.metadata.labels, 'istio.io/dataplane-mode': 'ambient' };
  return copy;
}

/** The URL a visitor uses: the Gateway API variant serves its own host only. */
export function visitorUrl(v: Variant, path: string): string {
  const host = v.props.ingress?.hosts?.[0];
  const scheme = v.props.ingress?.tls ? 'https' : 'http';
  return host ? `${scheme}://${host}${path}` : path;
}

/** Where visitors enter: the ingress gateway, or the LoadBalancer Service with no ingress. */
export function visitorSource(v: Variant): ExplainSource {
  return v.props.ingress?.api === 'none' ? { kind: 'outside' } : { kind: 'ingress' };
}

export function explainIn(v: Variant, source: ExplainSource, method: string, target: string, headers: Record<string, string> = {}): ExplainResult {
  return explain(v.objects, { source, method, target, headers });
}

type Node = DefaultTreeAdapterMap['node'];

/** Every same-origin URL the page references (href, src, form action) with the method the browser uses for it. */
function pageUrls(html: string, origin: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const visit = (node: Node): void => {
    if ('attrs' in node) {
      const attr = (n: string) => node.attrs.find((a) => a.name === n)?.value;
      const found = node.tagName === 'form' ? [attr('action') ?? ''] : [attr('href'), attr('src')].filter((x): x is string => x !== undefined);
      for (const raw of found) {
        const url = new URL(raw, `${origin}/`);
        if (url.origin !== origin) continue;
        out.push({ method: node.tagName === 'form' ? (attr('method') ?? 'get').toUpperCase() : 'GET', path: `${url.pathname}${url.search}` });
      }
    }
    if ('childNodes' in node) for (const child of node.childNodes) visit(child);
    if ('content' in node) visit(node.content);
  };
  visit(parseHtml(html));
  return out;
}

/** Renders the service's real pages (home, a breed, a typo) against the Dog API stub and collects what they reference. */
export async function renderedPageRequests(): Promise<{ method: string; path: string }[]> {
  const t = await startTestService();
  try {
    const found = new Map<string, { method: string; path: string }>();
    const add = (r: { method: string; path: string }) => found.set(`${r.method} ${r.path}`, r);
    for (const path of ['/', '/?breed=hound', '/?breed=huskie']) {
      add({ method: 'GET', path });
      for (const r of pageUrls((await t.get(path)).text, t.url)) add(r);
    }
    for (const r of pageUrls((await t.post('/', { breed: 'Afghan Hound' })).text, t.url)) add(r);
    for (const path of ['/api/breeds', '/api/image?breed=hound']) add({ method: 'GET', path });
    return [...found.values()];
  } finally {
    await t.close();
  }
}

/** The load generator's target URL, read from its Deployment's arguments. */
export function loadgenUrl(v: Variant): { namespace: string; serviceAccount: string; url: string } {
  const d = v.objects.find((o) => o.kind === 'Deployment' && String(o.metadata.name).endsWith('-loadgen'));
  if (!d) throw new Error(`${v.name}: no load generator Deployment`);
  const args: string[] = d.spec.template.spec.containers[0].args;
  return { namespace: d.metadata.namespace, serviceAccount: d.spec.template.spec.serviceAccountName, url: args[args.indexOf('--url') + 1] };
}

interface Relabel {
  action?: string;
  source_labels?: string[];
  regex?: string;
  replacement?: string;
  target_label?: string;
  separator?: string;
}

/** Prometheus relabeling (keep, drop, replace; https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config); labelmap and others do not change the target. */
function relabel(labels: Map<string, string>, rules: readonly Relabel[]): Map<string, string> | undefined {
  for (const r of rules) {
    const value = (r.source_labels ?? []).map((l) => labels.get(l) ?? '').join(r.separator ?? ';');
    const re = new RegExp(`^(?:${r.regex ?? '(.*)'})$`);
    const action = r.action ?? 'replace';
    if (action === 'keep' && !re.test(value)) return undefined;
    if (action === 'drop' && re.test(value)) return undefined;
    if (action === 'replace' && r.target_label) {
      const m = re.exec(value);
      if (m) labels.set(r.target_label, (r.replacement ?? '$1').replace(/\$(\d+)/g, (_, i: string) => m[Number(i)] ?? ''));
    }
  }
  return labels;
}

/** A scrape target: the workload and the port and path Prometheus uses. */
export interface ScrapeTarget {
  readonly job: string;
  readonly namespace: string;
  readonly workload: string;
  readonly port: number;
  readonly path: string;
}

/**
 * The pod targets of each `role: pod` job of the Prometheus config in the objects, as Prometheus would
 * discover them after sidecar injection: with metrics merging on (IstioOperator `enablePrometheusMerge`,
 * Istio's default) the injector points `prometheus.io/port|path` at the agent's 15020 `/stats/prometheus`,
 * and every sidecar adds the container port `http-envoy-prom` 15090 (pkg/kube/inject/webhook.go).
 */
export function scrapeTargets(v: Variant): ScrapeTarget[] {
  const config = v.objects.find((o) => o.kind === 'ConfigMap' && o.data?.['prometheus.yml'] !== undefined);
  if (!config) throw new Error(`${v.name}: no Prometheus config`);
  const jobs = (parseYaml(config.data['prometheus.yml'] as string) as { scrape_configs: Obj[] }).scrape_configs;
  const merge = v.objects.find((o) => o.kind === 'IstioOperator')?.spec?.meshConfig?.enablePrometheusMerge !== false;
  const namespaces = new Map(v.objects.filter((o) => o.kind === 'Namespace').map((o) => [o.metadata.name, o.metadata.labels ?? {}]));
  const out: ScrapeTarget[] = [];
  for (const d of v.objects.filter((o) => o.kind === 'Deployment')) {
    const template = d.spec.template;
    const labels = template.metadata?.labels ?? {};
    const annotations: Record<string, string> = { ...(template.metadata?.annotations ?? {}) };
    const injected = labels['sidecar.istio.io/inject'] !== 'false' && namespaces.get(d.metadata.namespace)?.['istio-injection'] === 'enabled';
    const ports: { name: string; port: number }[] = template.spec.containers.flatMap((c: Obj) => (c.ports ?? []).map((p: Obj) => ({ name: p.name ?? '', port: p.containerPort })));
    if (injected) {
      ports.push({ name: 'http-envoy-prom', port: 15090 });
      if (merge && annotations['prometheus.io/scrape'] === 'true' && annotations['prometheus.istio.io/merge-metrics'] !== 'false') Object.assign(annotations, { 'prometheus.io/port': '15020', 'prometheus.io/path': '/stats/prometheus' });
    }
    for (const job of jobs.filter((j) => j.kubernetes_sd_configs?.some((s: Obj) => s.role === 'pod'))) {
      for (const p of ports) {
        const meta = new Map<string, string>([
          ['__address__', `10.0.0.1:${p.port}`],
          ['__metrics_path__', job.metrics_path ?? '/metrics'],
          ['__meta_kubernetes_namespace', d.metadata.namespace],
          ['__meta_kubernetes_pod_ip', '10.0.0.1'],
          ['__meta_kubernetes_pod_phase', 'Running'],
          ['__meta_kubernetes_pod_container_port_name', p.name],
        ]);
        for (const [k, val] of Object.entries(annotations)) meta.set(`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`, val);
        const kept = relabel(meta, job.relabel_configs ?? []);
        if (!kept) continue;
        const port = Number(kept.get('__address__')!.split(':').at(-1));
        const target = { job: job.job_name as string, namespace: d.metadata.namespace as string, workload: d.metadata.name as string, port, path: kept.get('__metrics_path__')! };
        if (!out.some((t) => JSON.stringify(t) === JSON.stringify(target))) out.push(target);
      }
    }
  }
  return out;
}
