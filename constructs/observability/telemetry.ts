import { Construct } from 'constructs';
import { Telemetry } from '../imports/istio-telemetry.istio.io.js';
import { type MeshExtensionProvider } from '../mesh-extension-provider.js';
import { PropChecker } from '../prop-errors.js';
import { percentage } from './prop-rules.js';

/** Props of {@link MeshTracing}. */
export interface MeshTracingProps {
  /** The tracing provider spans go to; it must also be listed in the mesh config's `extensionProviders`. */
  readonly provider: MeshExtensionProvider;
  /**
   * Share of requests traced, 0 to 100. Istio's default is 1; 100 traces every request (demos, low traffic).
   * @default 1
   */
  readonly samplingPercentage?: number;
  /**
   * Istio's root namespace: a Telemetry there without a selector is the mesh-wide default.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Name of the Telemetry resource. A root namespace should hold only one selector-less Telemetry (IST0160).
   * @default 'mesh-default'
   */
  readonly name?: string;
}

/** A mesh-wide `telemetry.istio.io/v1` Telemetry that turns tracing on for every proxy, at a sampling percentage. */
export class MeshTracing extends Construct {
  public readonly telemetry: Telemetry;

  constructor(scope: Construct, id: string, props: MeshTracingProps) {
    super(scope, id);
    const samplingPercentage = props.samplingPercentage ?? 1;
    const rootNamespace = props.rootNamespace ?? 'istio-system';
    const name = props.name ?? 'mesh-default';
    const check = new PropChecker(this).dnsLabel('rootNamespace', rootNamespace).objectName('name', name);
    percentage(check, 'samplingPercentage', samplingPercentage).throwIfAny();

    this.telemetry = new Telemetry(this, 'Resource', {
      metadata: { name, namespace: rootNamespace, labels: { 'app.kubernetes.io/part-of': 'dog-app-mesh' } },
      spec: {
        tracing: [{ providers: [{ name: props.provider.name }], randomSamplingPercentage: samplingPercentage }],
      },
    });
  }
}
