import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { MeshExtensionProvider } from '../mesh-extension-provider.js';
import { PropChecker } from '../prop-errors.js';
import type { IstioProfile } from './props.js';

/** Props of {@link IstioOperator}. */
export interface IstioOperatorProps {
  /**
   * Name of the IstioOperator object.
   * @default 'istio-control-plane'
   */
  readonly name?: string;
  /**
   * Namespace of the control plane.
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * Install profile to start from.
   * @default 'demo'
   */
  readonly profile?: IstioProfile;
  /**
   * Control-plane revision (matches a namespace's `istio.io/rev` label).
   * @default - no revision
   */
  readonly revision?: string;
  /**
   * Mesh default: start application containers only once their sidecar is ready.
   * @default true
   */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Tracing backends for `meshConfig.extensionProviders` (ObservabilityAddons exposes one as
   * `addons.meshExtensionProvider`); they replace the profile's list.
   * @default []
   */
  readonly extensionProviders?: readonly MeshExtensionProvider[];
  /**
   * Provider used for tracing by default (`meshConfig.defaultProviders.tracing`).
   * @default - the first of `extensionProviders`, if any
   */
  readonly defaultTracingProvider?: string;
  /**
   * Envoy access log file; '' turns access logs off.
   * @default '/dev/stdout'
   */
  readonly accessLogFile?: string;
  /**
   * Mesh-wide outbound traffic policy.
   * @default 'ALLOW_ANY'
   */
  readonly outboundTrafficPolicy?: 'ALLOW_ANY' | 'REGISTRY_ONLY';
}

/**
 * An IstioOperator (`install.istio.io/v1alpha1`): input for `istioctl install -f`, never applied with
 * kubectl (Istio removed the in-cluster operator in 1.24). Put it in a Chart of its own whose output
 * `kubectl apply -f dist/` does not read.
 */
export class IstioOperator extends Construct {
  /** The IstioOperator object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: IstioOperatorProps = {}) {
    super(scope, id);
    const name = props.name ?? 'istio-control-plane';
    const namespace = props.namespace ?? 'istio-system';
    const profile = props.profile ?? 'demo';
    const providers = props.extensionProviders ?? [];
    const defaultTracingProvider = props.defaultTracingProvider ?? providers[0]?.name;
    const accessLogFile = props.accessLogFile ?? '/dev/stdout';
    const outboundTrafficPolicy = props.outboundTrafficPolicy ?? 'ALLOW_ANY';

    const check = new PropChecker(this)
      .dnsLabel('name', name)
      .dnsLabel('namespace', namespace)
      .oneOf('profile', profile, ['demo', 'default', 'minimal', 'ambient'] as const)
      .expect(typeof accessLogFile === 'string' && !/[\r\n]/.test(accessLogFile), 'accessLogFile', accessLogFile, 'expected a file path, or "" for no access log')
      .oneOf('outboundTrafficPolicy', outboundTrafficPolicy, ['ALLOW_ANY', 'REGISTRY_ONLY'] as const)
      .unique('extensionProviders[*].name', providers.map((p) => p.name));
    if (props.revision !== undefined) check.dnsLabel('revision', props.revision);
    providers.forEach((p, i) => {
      const at = `extensionProviders[${i}]`;
      check.expect(typeof p.name === 'string' && /^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(p.name), `${at}.name`, p.name, 'expected a provider name: letters, digits, -, _ and .');
      const backends = (['opentelemetry', 'zipkin'] as const).filter((k) => p[k] !== undefined);
      check.expect(backends.length === 1, at, backends, 'expected exactly one backend: opentelemetry or zipkin');
      for (const k of backends) check.hostname(`${at}.${k}.service`, p[k]!.service).integer(`${at}.${k}.port`, p[k]!.port, 1, 65535);
    });
    if (defaultTracingProvider !== undefined) {
      check.oneOf('defaultTracingProvider', defaultTracingProvider, providers.map((p) => p.name));
    }
    check.throwIfAny();

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      metadata: { name, namespace },
      spec: {
        profile,
        revision: props.revision,
        meshConfig: {
          accessLogFile,
          enablePrometheusMerge: true,
          defaultConfig: { holdApplicationUntilProxyStarts: props.holdApplicationUntilProxyStarts ?? true },
          outboundTrafficPolicy: { mode: outboundTrafficPolicy },
          extensionProviders: providers.length > 0 ? providers.map(providerJson) : undefined,
          defaultProviders: defaultTracingProvider !== undefined ? { tracing: [defaultTracingProvider] } : undefined,
        },
      },
    });
  }
}

function providerJson(p: MeshExtensionProvider): Record<string, unknown> {
  return {
    name: p.name,
    ...(p.opentelemetry ? { opentelemetry: { service: p.opentelemetry.service, port: p.opentelemetry.port } } : {}),
    ...(p.zipkin ? { zipkin: { service: p.zipkin.service, port: p.zipkin.port } } : {}),
  };
}
