import { explain, type ExplainRequest, type ExplainResult, type ExplainSource } from '../../constructs/index.js';

type Obj = Record<string, unknown>;

/** A namespace `shop` with Deployments web-v1/web-v2 (service account web), Service web 80 → 8080 and a DestinationRule with subsets. */
export function baseMesh(namespaceLabels: Record<string, string> = { 'istio-injection': 'enabled' }): Obj[] {
  const deployment = (version: string): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${version}`, namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web', version } },
      template: {
        metadata: { labels: { app: 'web', version } },
        spec: { serviceAccountName: 'web', containers: [{ name: 'web', image: 'web', ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  });
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: namespaceLabels } },
    deployment('v1'),
    deployment('v2'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { host: 'web.shop.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
  ];
}

export function virtualService(http: unknown[], extra: Obj = {}): Obj {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'shop' }, spec: { hosts: ['web'], http, ...extra } };
}

export function policy(name: string, spec: Obj, namespace = 'shop'): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec };
}

export function peerAuth(spec: Obj, name = 'default'): Obj {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace: 'shop' }, spec };
}

export const FRONTEND: ExplainSource = { kind: 'workload', namespace: 'front', serviceAccount: 'frontend' };

/** Explains a request from `source` (default: an in-mesh frontend) to http://web.shop/<path>. */
export function call(objects: Obj[], method: string, path: string, options: { source?: ExplainSource; headers?: Record<string, string>; host?: string } = {}): ExplainResult {
  const request: ExplainRequest = { source: options.source ?? FRONTEND, method, target: path.startsWith('http') ? path : `http://${options.host ?? 'web.shop'}${path}`, headers: options.headers };
  return explain(objects, request);
}

export function route(subset: string, weight?: number): Obj {
  return { destination: { host: 'web', subset }, ...(weight === undefined ? {} : { weight }) };
}
