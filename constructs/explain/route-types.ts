import type { IndexedObject } from '../analysis/object-index.js';
import type { ExplainStep } from './types.js';

/** Where a route sends the request. */
export interface RouteTarget {
  /** Host as written in the route (a Service name or FQDN). */
  readonly host: string;
  /** Namespace the host name is written in (short names resolve there). */
  readonly namespace: string;
  readonly subset?: string;
  readonly port?: number;
  /** Share in percent. */
  readonly weight: number;
}

/** What the routing step decided. */
export interface RouteDecision {
  /** `route`: destinations follow; `respond`: the proxy answers itself (redirect, direct response); `fail`: no route (404); `unknown`: not modelled. */
  readonly outcome: 'route' | 'respond' | 'fail' | 'unknown';
  readonly steps: readonly ExplainStep[];
  readonly targets: readonly RouteTarget[];
  readonly status?: number;
  readonly flag?: string;
}

/** Who is routing: the proxy's identity as route matches see it. */
export interface RouteContext {
  /** `namespace/name` of the Istio Gateway, or `mesh` for sidecar routing. */
  readonly gateway: string;
  /** The port the request arrived on (gateway server port or Service port). */
  readonly port: number;
  /** Labels of the sending proxy's pods; undefined when not known. */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  readonly sourceNamespace?: string;
}

export function display(o: IndexedObject): string {
  return o.display;
}
