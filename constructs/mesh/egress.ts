import { Construct } from 'constructs';
import {
  DestinationRule,
  DestinationRuleSpecTrafficPolicyPortLevelSettingsTlsMode,
  ServiceEntry,
  ServiceEntrySpecLocation,
  ServiceEntrySpecResolution,
  Sidecar,
  SidecarSpecOutboundTrafficPolicyMode,
  VirtualService,
} from '../imports/istio-networking.istio.io.js';
import type { PropChecker } from '../prop-errors.js';
import { durationText, type DurationInput } from '../validation/durations.js';
import { resolveRetries, type ResolvedRetries, type RetryOptions } from './resilience.js';

/** An external host the app calls, registered in the mesh as a ServiceEntry (TLS on 443). */
export interface ExternalHostOptions {
  /** The host name (a DNS name, no wildcard). */
  readonly host: string;
  /**
   * The app calls `http://<host>` and its sidecar originates TLS to port 443, so that the mesh sees HTTP
   * and applies `timeout` and `retries` to the calls.
   * @default false
   */
  readonly tlsOrigination?: boolean;
  /**
   * With TLS origination: the mesh's timeout for one call.
   * @default '3s'
   */
  readonly timeout?: DurationInput;
  /**
   * With TLS origination: retries by the mesh. None by default: an app that retries itself would have its
   * retries multiplied.
   * @default { attempts: 0 }
   */
  readonly retries?: RetryOptions;
  /**
   * With TLS origination: name of the route in the host's VirtualService (in metrics and Kiali).
   * @default - the host with '.' replaced by '-'
   */
  readonly routeName?: string;
}

/** The external hosts the app calls. */
export interface MeshEgressOptions {
  /**
   * Register the hosts as ServiceEntries (needed when outbound traffic is REGISTRY_ONLY, and what makes
   * them visible in telemetry and Kiali). `false` registers none of them.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The hosts, each with its own TLS origination, timeout and retries.
   * @default []
   */
  readonly hosts?: readonly ExternalHostOptions[];
  /**
   * Add a `Sidecar` resource with `outboundTrafficPolicy: REGISTRY_ONLY`: the app's pods may only reach
   * services of the mesh and the registered hosts. Sidecar mode only.
   * @default false
   */
  readonly restrictOutbound?: boolean;
}

/** DogAppMesh's egress: the Dog API host and the image host, on top of any further `hosts`. */
export interface EgressOptions extends MeshEgressOptions {
  /**
   * Host of the Dog API the service calls (the first of the hosts registered).
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
}

/** An external host with every default filled in. */
export interface ResolvedExternalHost {
  readonly host: string;
  /** Name of the host's objects: the host with '.' replaced by '-'. */
  readonly objectName: string;
  readonly tlsOrigination: boolean;
  readonly timeout: string;
  readonly retries: ResolvedRetries;
  readonly routeName: string;
}

/** Egress with every default filled in. */
export interface ResolvedEgress {
  /** The hosts to register; empty when egress is not enabled. */
  readonly hosts: readonly ResolvedExternalHost[];
  readonly restrictOutbound: boolean;
}

const DEFAULT_EGRESS_RETRIES: Required<RetryOptions> = {
  attempts: 0,
  perTryTimeout: '1s',
  retryOn: 'connect-failure,refused-stream,reset,503',
};

/** Validates egress (unique DNS host names; options that need the ServiceEntry or a sidecar) and fills in the defaults. */
export function resolveEgress(check: PropChecker, props: MeshEgressOptions | undefined, ctx: { readonly ambient: boolean }): ResolvedEgress {
  const enabled = props?.enabled ?? true;
  const restrictOutbound = props?.restrictOutbound ?? false;
  const given = props?.hosts ?? [];
  const hosts = given.map((h, i): ResolvedExternalHost => {
    const at = `egress.hosts[${i}]`;
    check.hostname(`${at}.host`, h.host);
    const timeout = h.timeout ?? '3s';
    check.duration(`${at}.timeout`, timeout);
    const retries = resolveRetries(check, at, h.retries, DEFAULT_EGRESS_RETRIES, timeout);
    const objectName = typeof h.host === 'string' ? h.host.replace(/\./g, '-') : '';
    const routeName = h.routeName ?? objectName;
    if (h.routeName !== undefined) check.dnsLabel(`${at}.routeName`, h.routeName);
    const tlsOrigination = h.tlsOrigination ?? false;
    if (!enabled) {
      check.expect(!tlsOrigination, `${at}.tlsOrigination`, tlsOrigination, 'expected false when egress.enabled is false: TLS origination needs the ServiceEntry');
    }
    return { host: h.host, objectName, tlsOrigination, timeout: durationText(timeout), retries, routeName };
  });
  check.unique('egress.hosts', given.map((h) => h.host));
  if (!enabled) {
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false when egress.enabled is false: REGISTRY_ONLY would block the hosts the app calls');
  }
  if (ctx.ambient) {
    check.expect(!restrictOutbound, 'egress.restrictOutbound', restrictOutbound, 'expected false in ambient mode: the Sidecar resource has no effect on ambient workloads (IST0167)');
  }
  return { hosts: enabled ? hosts : [], restrictOutbound };
}

/** The public CA bundle inside Istio's proxy image. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** What {@link MeshEgress} builds from. */
export interface MeshEgressConfig {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly egress: ResolvedEgress;
}

/**
 * Egress to the app's external hosts. Every object is exported to the app's namespace only (`exportTo: ['.']`),
 * so it never changes how other namespaces reach the same hosts.
 *
 * - A ServiceEntry per host (`resolution: DNS`, `MESH_EXTERNAL`, TLS on 443).
 * - TLS origination (per host): the host's entry also maps port 80 to 443, a DestinationRule originates TLS
 *   there (`SIMPLE`, SNI = host, the certificate checked against the proxy's system CA bundle and the host
 *   name, so `istioctl analyze` has no IST0129 to report), and a VirtualService puts a timeout and retries on
 *   the calls, which the sidecar now sees as HTTP.
 * - A `Sidecar` with `REGISTRY_ONLY` (optional): pods reach only the mesh's services and these hosts.
 *
 * `hosts` and `restrictOutbound` select which of them this construct creates: objects another app of the
 * namespace already created are shared, not repeated.
 */
export class MeshEgress extends Construct {
  /** The ServiceEntries, by host. */
  public readonly serviceEntries: Readonly<Record<string, ServiceEntry>>;
  /** With TLS origination: the DestinationRule that originates TLS, by host. */
  public readonly tlsOriginationRules: Readonly<Record<string, DestinationRule>>;
  /** With TLS origination: the VirtualService with the timeout and retries of the calls, by host. */
  public readonly virtualServices: Readonly<Record<string, VirtualService>>;
  /** With `restrictOutbound`: the namespace's Sidecar. */
  public readonly sidecar?: Sidecar;

  constructor(scope: Construct, id: string, config: MeshEgressConfig, only: { readonly hosts?: readonly string[]; readonly sidecar?: boolean } = {}) {
    super(scope, id);
    const { egress, namespace, labels } = config;
    const hosts = egress.hosts.filter((h) => only.hosts === undefined || only.hosts.includes(h.host));
    const entries: Record<string, ServiceEntry> = {};
    for (const h of hosts) {
      entries[h.host] = new ServiceEntry(this, h.host, {
        metadata: { name: h.objectName, namespace, labels },
        spec: {
          hosts: [h.host],
          exportTo: ['.'],
          location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
          resolution: ServiceEntrySpecResolution.DNS,
          ports: [
            ...(h.tlsOrigination ? [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 }] : []),
            { number: 443, name: 'tls', protocol: 'TLS' },
          ],
        },
      });
    }
    this.serviceEntries = entries;

    const rules: Record<string, DestinationRule> = {};
    const routes: Record<string, VirtualService> = {};
    for (const h of hosts.filter((x) => x.tlsOrigination)) {
      const { host, retries, timeout } = h;
      rules[host] = new DestinationRule(this, `${host}-tls-origination`, {
        metadata: { name: h.objectName, namespace, labels },
        spec: {
          host,
          exportTo: ['.'],
          trafficPolicy: {
            portLevelSettings: [
              {
                port: { number: 80 },
                tls: {
                  mode: DestinationRuleSpecTrafficPolicyPortLevelSettingsTlsMode.SIMPLE,
                  sni: host,
                  caCertificates: SYSTEM_CA_BUNDLE,
                  subjectAltNames: [host],
                },
              },
            ],
          },
        },
      });
      routes[host] = new VirtualService(this, `${host}-virtual-service`, {
        metadata: { name: h.objectName, namespace, labels },
        spec: {
          hosts: [host],
          exportTo: ['.'],
          http: [
            {
              name: h.routeName,
              route: [{ destination: { host, port: { number: 80 } } }],
              timeout,
              retries: retries.attempts === 0 ? { attempts: 0 } : { ...retries },
            },
          ],
        },
      });
    }
    this.tlsOriginationRules = rules;
    this.virtualServices = routes;

    if (egress.restrictOutbound && only.sidecar !== false) {
      this.sidecar = new Sidecar(this, 'sidecar', {
        metadata: { name: 'default', namespace, labels },
        spec: {
          egress: [{ hosts: ['./*', 'istio-system/*'] }],
          outboundTrafficPolicy: { mode: SidecarSpecOutboundTrafficPolicyMode.REGISTRY_UNDERSCORE_ONLY },
        },
      });
    }
  }
}
