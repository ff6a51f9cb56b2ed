import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { MeshExtensionProvider } from '../mesh-extension-provider.js';
import { PropChecker } from '../prop-errors.js';
import type { ResolvedDataplane } from './dataplane.js';
import type { IngressApi } from './ingress.js';

/** Istio install profiles the IstioOperator can start from. */
export type IstioProfile = 'demo' | 'default' | 'minimal' | 'ambient';

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

/**
 * An IstioOperator (`install.istio.io/v1alpha1`) for `istioctl install -f`, emitted by a mesh construct. It is
 * not applied with kubectl, so it goes to its own construct scope: give it a Chart whose App writes to a
 * folder that `kubectl apply -f dist/` does not read (the example app uses `dist/istio/`).
 */
export interface IstioOperatorOptions
  extends Pick<IstioOperatorProps, 'name' | 'extensionProviders' | 'defaultTracingProvider' | 'accessLogFile' | 'outboundTrafficPolicy'> {
  /** Where to add the IstioOperator: normally a Chart of its own in an App writing to a subfolder. */
  readonly scope: Construct;
  /**
   * Construct id within `scope`.
   * @default 'istio-operator'
   */
  readonly id?: string;
  /**
   * Install profile.
   * @default - 'demo' in sidecar mode, 'ambient' in ambient mode
   */
  readonly profile?: IstioProfile;
}

/** Where and how to add the IstioOperator, checked against the app's dataplane and ingress. */
export interface ResolvedIstioOperator {
  readonly scope: Construct;
  readonly id: string;
  readonly props: IstioOperatorProps;
}

/** Validates the IstioOperator options (a scope, a profile that installs what the dataplane and ingress need). */
export function resolveIstioOperator(
  check: PropChecker,
  o: IstioOperatorOptions | undefined,
  ctx: { readonly dataplane: ResolvedDataplane; readonly holdApplicationUntilProxyStarts: boolean; readonly ingressApi: IngressApi },
): ResolvedIstioOperator | undefined {
  if (!o) return undefined;
  const ambient = ctx.dataplane.mode === 'ambient';
  const profile = o.profile ?? (ambient ? 'ambient' : 'demo');
  const id = o.id ?? 'istio-operator';
  check
    .expect(typeof o.scope === 'object' && o.scope !== null && 'node' in o.scope, 'istioOperator.scope', typeof o.scope, 'expected a construct (a Chart of its own)')
    .expect(id.length > 0 && !id.includes('/'), 'istioOperator.id', id, "expected a construct id without '/'");
  if (ambient) {
    check.expect(profile === 'ambient', 'istioOperator.profile', profile, "expected 'ambient' in ambient mode: only that profile installs ztunnel and the CNI node agent");
  }
  if (ctx.ingressApi === 'istio') {
    check.expect(
      profile === 'demo' || profile === 'default',
      'istioOperator.profile',
      profile,
      "expected 'demo' or 'default' with ingress.api 'istio': the other profiles install no istio-ingressgateway for the Gateway to select",
    );
  }
  return {
    scope: o.scope,
    id,
    props: {
      name: o.name,
      profile,
      revision: ctx.dataplane.revision,
      holdApplicationUntilProxyStarts: ctx.holdApplicationUntilProxyStarts,
      extensionProviders: o.extensionProviders,
      defaultTracingProvider: o.defaultTracingProvider,
      accessLogFile: o.accessLogFile,
      outboundTrafficPolicy: o.outboundTrafficPolicy,
    },
  };
}
