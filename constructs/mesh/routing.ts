import type { PropChecker } from '../prop-errors.js';
import { durationText, type DurationInput } from '../validation/durations.js';

/** A route ahead of the weighted split that sends requests carrying a header to one version. */
export interface HeaderRouteOptions {
  /**
   * The version that receives the matching requests.
   */
  readonly version: string;
  /**
   * Header name (lowercase).
   * @default 'x-canary'
   */
  readonly header?: string;
  /**
   * Exact header value.
   * @default 'always'
   */
  readonly value?: string;
  /**
   * Whether callers from outside the cluster may pick the version through the ingress. `false`: the
   * ingress route has no header rule and removes the header before forwarding, so only callers inside
   * the mesh that the authorization policy allows (the load generator, `allowedPrincipals`) reach the
   * version by header, and visitors always get the weighted split. `true`: anyone who can reach the
   * ingress can send the header (a staging cluster, say).
   * @default false
   */
  readonly fromIngress?: boolean;
}

/** A header match limiting a rule to requests that carry it. */
export interface HeaderMatch {
  /** Header name (lowercase). */
  readonly header: string;
  /** Exact header value. */
  readonly value: string;
}

/** A fixed delay injected into a share of the requests. */
export interface FaultDelay {
  /** How long to delay. */
  readonly fixedDelay: DurationInput;
  /** Share of the matched requests delayed, percent (0..100). */
  readonly percentage: number;
}

/** An HTTP error returned instead of calling the app for a share of the requests. */
export interface FaultAbort {
  /** HTTP status returned, 200..599. */
  readonly httpStatus: number;
  /** Share of the matched requests aborted, percent (0..100). */
  readonly percentage: number;
}

/**
 * Fault injection for resilience testing, in a rule of its own since Istio turns off a rule's retries
 * and timeout while it injects faults. Istio API only (the Gateway API has no fault injection).
 */
export interface FaultInjectionOptions {
  /**
   * Delay to inject. At least one of `delay` and `abort` is required.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort to inject.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
  /**
   * Inject only into requests with this header (a rule ahead of the others). Without it the faults
   * apply to the catch-all default route, which then has no retries or timeout.
   * @default - every request reaching the default route
   */
  readonly match?: HeaderMatch;
}

/**
 * Traffic mirroring: a share of the requests taking the weighted default route is also sent to a
 * version, whose answers are discarded (Istio appends `-shadow` to the mirrored request's Host). For
 * trying a version with real traffic before it gets any weight. Istio API only.
 */
export interface MirrorOptions {
  /** The version that receives the copies. */
  readonly version: string;
  /**
   * Share of the default route's requests copied, percent (0..100).
   * @default 100
   */
  readonly percentage?: number;
}

/** Mirroring, checked. */
export interface ResolvedMirror {
  readonly version: string;
  readonly percentage: number;
}

/** Validates mirroring: Istio API only, to a version that is not retiring. */
export function resolveMirror(
  check: PropChecker,
  m: MirrorOptions | undefined,
  ctx: { readonly gatewayApi: boolean; readonly versionNames: readonly string[] },
): ResolvedMirror | undefined {
  if (!m) return undefined;
  const percentage = m.percentage ?? 100;
  check.expect(!ctx.gatewayApi, 'mirror', m, "expected no mirroring with ingress.api 'gateway-api': DogAppMesh mirrors with the VirtualService's mirrorPercentage; use ingress.api 'istio' or 'none'");
  check.oneOf('mirror.version', m.version, ctx.versionNames).number('mirror.percentage', percentage, 0, 100);
  return { version: m.version, percentage };
}

/** The header route with every default filled in. */
export interface ResolvedHeaderRoute {
  readonly version: string;
  readonly header: string;
  readonly value: string;
  /** Whether the ingress route keeps the header rule (otherwise it strips the header). */
  readonly fromIngress: boolean;
}

/** Fault injection, checked, with canonical durations. */
export interface ResolvedFault {
  readonly delay?: { readonly fixedDelay: string; readonly percentage: number };
  readonly abort?: { readonly httpStatus: number; readonly percentage: number };
  readonly match?: { readonly header: string; readonly value: string };
}

/** Validates the header route (a known version, a lowercase header) and fills in the defaults. */
export function resolveHeaderRoute(check: PropChecker, props: HeaderRouteOptions | undefined, versionNames: readonly string[]): ResolvedHeaderRoute | undefined {
  if (!props) return undefined;
  const headerRoute = { version: props.version, header: props.header ?? 'x-canary', value: props.value ?? 'always', fromIngress: props.fromIngress ?? false };
  check
    .expect(typeof headerRoute.fromIngress === 'boolean', 'headerRoute.fromIngress', headerRoute.fromIngress, 'expected true or false')
    .oneOf('headerRoute.version', headerRoute.version, versionNames)
    .headerName('headerRoute.header', headerRoute.header)
    .headerValue('headerRoute.value', headerRoute.value);
  return headerRoute;
}

/** Validates fault injection: Istio API only, a delay or an abort, a match that does not shadow the header route. */
export function resolveFault(
  check: PropChecker,
  f: FaultInjectionOptions | undefined,
  ctx: { readonly gatewayApi: boolean; readonly headerRoute?: ResolvedHeaderRoute },
): ResolvedFault | undefined {
  if (!f) return undefined;
  check.expect(!ctx.gatewayApi, 'faultInjection', 'set', "expected no fault injection with ingress.api 'gateway-api': HTTPRoute has no fault injection; use ingress.api 'istio'");
  check.expect(f.delay !== undefined || f.abort !== undefined, 'faultInjection', f, 'expected a delay, an abort or both');
  if (f.delay) {
    check.duration('faultInjection.delay.fixedDelay', f.delay.fixedDelay).number('faultInjection.delay.percentage', f.delay.percentage, 0, 100);
  }
  if (f.abort) {
    check.integer('faultInjection.abort.httpStatus', f.abort.httpStatus, 200, 599).number('faultInjection.abort.percentage', f.abort.percentage, 0, 100);
  }
  if (f.match) {
    check.headerName('faultInjection.match.header', f.match.header).headerValue('faultInjection.match.value', f.match.value);
    const { headerRoute } = ctx;
    if (headerRoute) {
      check.expect(
        !(f.match.header === headerRoute.header && f.match.value === headerRoute.value),
        'faultInjection.match',
        f.match,
        'expected a match other than the header route: the fault rule comes first and would make the header route unreachable',
      );
    }
  }
  return {
    delay: f.delay ? { fixedDelay: durationText(f.delay.fixedDelay), percentage: f.delay.percentage } : undefined,
    abort: f.abort ? { httpStatus: f.abort.httpStatus, percentage: f.abort.percentage } : undefined,
    match: f.match ? { header: f.match.header, value: f.match.value } : undefined,
  };
}
