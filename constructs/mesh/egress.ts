import type { PropChecker } from '../prop-errors.js';
import { durationText, type DurationInput } from '../validation/durations.js';
import { resolveRetries, type ResolvedRetries, type RetryOptions } from './resilience.js';

/** Egress to the Dog API. */
export interface EgressOptions {
  /**
   * Register the Dog API hosts as ServiceEntries (needed when outbound traffic is REGISTRY_ONLY, and
   * what makes them visible in telemetry and Kiali).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Host of the Dog API the service calls.
   * @default 'dog.ceo'
   */
  readonly apiHost?: string;
  /**
   * Further hosts to register, reached over TLS on 443 (the image host the pages link to).
   * @default ['images.dog.ceo']
   */
  readonly extraHosts?: readonly string[];
  /**
   * The app calls `http://<apiHost>` and its sidecar originates TLS to port 443, so that the mesh sees
   * HTTP and applies `timeout` and `retries` to Dog API calls. `DOG_API_URL` follows.
   * @default false
   */
  readonly tlsOrigination?: boolean;
  /**
   * With TLS origination: the mesh's timeout for one Dog API call. The service already gives each call a
   * 2.5 s budget (`UPSTREAM_TIMEOUT_MS`) with its own retries, so this stays above that budget.
   * @default '3s'
   */
  readonly timeout?: DurationInput;
  /**
   * With TLS origination: retries of Dog API calls by the mesh. None by default: the service retries
   * inside its own budget, and retries in two layers multiply (3 × 2 tries per call).
   * @default { attempts: 0 }
   */
  readonly retries?: RetryOptions;
  /**
   * Add a `Sidecar` resource with `outboundTrafficPolicy: REGISTRY_ONLY`: the app's pods may only reach
   * services of the mesh and the registered hosts. Sidecar mode only.
   * @default false
   */
  readonly restrictOutbound?: boolean;
}

/** Egress with every default filled in. */
export interface ResolvedEgress {
  readonly enabled: boolean;
  readonly apiHost: string;
  readonly extraHosts: readonly string[];
  readonly tlsOrigination: boolean;
  readonly timeout: string;
  readonly retries: ResolvedRetries;
  readonly restrictOutbound: boolean;
  /** `DOG_API_URL` of the app. */
  readonly dogApiUrl: string;
}

const DEFAULT_EGRESS_RETRIES: Required<RetryOptions> = {
  attempts: 0,
  perTryTimeout: '1s',
  retryOn: 'connect-failure,refused-stream,reset,503',
};

/** Validates egress (DNS host names, unique, options that need the ServiceEntry or a sidecar) and fills in the defaults. */
export function resolveEgress(check: PropChecker, props: EgressOptions | undefined, ctx: { readonly ambient: boolean }): ResolvedEgress {
  const egressProps = props ?? {};
  const apiHost = egressProps.apiHost ?? 'dog.ceo';
  const extraHosts = egressProps.extraHosts ?? ['images.dog.ceo'];
  const enabled = egressProps.enabled ?? true;
  const tlsOrigination = egressProps.tlsOrigination ?? false;
  const restrictOutbound = egressProps.restrictOutbound ?? false;
  check.hostname('egress.apiHost', apiHost);
  extraHosts.forEach((h, i) => check.hostname(`egress.extraHosts[${i}]`, h));
  check.unique('egress.extraHosts', [apiHost, ...extraHosts]);
  const timeout = egressProps.timeout ?? '3s';
  check.duration('egress.timeout', timeout);
  const retries = resolveRetries(check, 'egress', egressProps.retries, DEFAULT_EGRESS_RETRIES, timeout);
  if (!enabled) {
    check.expect(!tlsOrigination, 'egress.tlsOrigination', tlsOrigination, 'expected false when egress.enabled is false: TLS origination needs the ServiceEntry');
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false when egress.enabled is false: REGISTRY_ONLY would block the Dog API');
  }
  if (ctx.ambient) {
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false in ambient mode: the Sidecar resource has no effect on ambient workloads (IST0167)');
  }
  return {
    enabled,
    apiHost,
    extraHosts,
    tlsOrigination,
    timeout: durationText(timeout),
    retries,
    restrictOutbound,
    dogApiUrl: `${tlsOrigination ? 'http' : 'https'}://${apiHost}`,
  };
}
