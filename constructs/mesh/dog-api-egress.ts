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
import type { MeshConfig } from './resolve.js';

/** The public CA bundle inside Istio's proxy image. */
const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Egress to the Dog API. Every object is exported to the app's namespace only (`exportTo: ['.']`), so
 * it never changes how other namespaces reach the same hosts.
 *
 * - A ServiceEntry per host (`resolution: DNS`, `MESH_EXTERNAL`, TLS on 443).
 * - TLS origination (optional): the API host's entry also maps port 80 to 443, a DestinationRule
 *   originates TLS there (`SIMPLE`, SNI = host, the certificate checked against the proxy's system CA
 *   bundle and the host name, so `istioctl analyze` has no IST0129 to report), and a VirtualService puts a timeout and retries on Dog
 *   API calls, which the sidecar now sees as HTTP. The app's `DOG_API_URL` is `http://<host>`.
 * - A `Sidecar` with `REGISTRY_ONLY` (optional): pods reach only the mesh's services and these hosts.
 */
export class DogApiEgress extends Construct {
  /** The ServiceEntries, by host. */
  public readonly serviceEntries: Readonly<Record<string, ServiceEntry>>;
  /** With TLS origination: the DestinationRule that originates TLS to the API host. */
  public readonly tlsOriginationRule?: DestinationRule;
  /** With TLS origination: the VirtualService with the timeout and retries of Dog API calls. */
  public readonly virtualService?: VirtualService;
  /** With `restrictOutbound`: the namespace's Sidecar. */
  public readonly sidecar?: Sidecar;

  constructor(scope: Construct, id: string, config: MeshConfig) {
    super(scope, id);
    const { egress, namespace, labels } = config;
    const entries: Record<string, ServiceEntry> = {};
    const objectName = (host: string) => host.replace(/\./g, '-');

    for (const host of [egress.apiHost, ...egress.extraHosts]) {
      const originate = egress.tlsOrigination && host === egress.apiHost;
      entries[host] = new ServiceEntry(this, host, {
        metadata: { name: objectName(host), namespace, labels },
        spec: {
          hosts: [host],
          exportTo: ['.'],
          location: ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
          resolution: ServiceEntrySpecResolution.DNS,
          ports: [
            ...(originate ? [{ number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 }] : []),
            { number: 443, name: 'tls', protocol: 'TLS' },
          ],
        },
      });
    }
    this.serviceEntries = entries;

    if (egress.tlsOrigination) {
      const host = egress.apiHost;
      this.tlsOriginationRule = new DestinationRule(this, 'tls-origination', {
        metadata: { name: objectName(host), namespace, labels },
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
      const { retries, timeout } = egress;
      this.virtualService = new VirtualService(this, 'virtual-service', {
        metadata: { name: objectName(host), namespace, labels },
        spec: {
          hosts: [host],
          exportTo: ['.'],
          http: [
            {
              name: 'dog-api',
              route: [{ destination: { host, port: { number: 80 } } }],
              timeout,
              retries: retries.attempts === 0 ? { attempts: 0 } : { ...retries },
            },
          ],
        },
      });
    }

    if (egress.restrictOutbound) {
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
