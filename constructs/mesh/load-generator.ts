import { ApiObject, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { PropChecker } from '../prop-errors.js';
import { containerSecurityContext, podSecurityContext } from './hardening.js';
import type { MeshConfig } from './resolve.js';

/** The traffic generator: `dog-app-mesh loadgen` in a Deployment inside the mesh. */
export interface LoadGeneratorOptions {
  /**
   * Requests per second.
   * @default 1
   */
  readonly rps?: number;
  /**
   * Image holding the `dog-app-mesh` CLI.
   * @default - the app's `image`
   */
  readonly image?: string;
}

/** The load generator with every default filled in. */
export interface ResolvedLoadGenerator {
  /** `<app>-loadgen`: its Deployment and service account. */
  readonly name: string;
  readonly rps: number;
  readonly image: string;
  /** The in-mesh URL of the app's Service. */
  readonly url: string;
}

/** Validates the load generator's rate and image and fills in the defaults. */
export function resolveLoadGenerator(
  check: PropChecker,
  props: LoadGeneratorOptions | undefined,
  app: { readonly name: string; readonly image: string; readonly serviceHost: string; readonly servicePort: number },
): ResolvedLoadGenerator | undefined {
  if (!props) return undefined;
  const loadgen = { name: `${app.name}-loadgen`, rps: props.rps ?? 1, image: props.image ?? app.image, url: `http://${app.serviceHost}:${app.servicePort}/` };
  check.number('loadgen.rps', loadgen.rps, 0.01, 1000);
  if (props.image !== undefined) check.image('loadgen.image', props.image);
  return loadgen;
}

/**
 * The traffic generator: one pod running `dog-loadgen` from the app's image against the
 * in-mesh Service, so that its requests take the mesh routes (canary split, header route, retries)
 * and it reports the share of answers per version. It has its own service account, the identity the
 * app's AuthorizationPolicy allows.
 */
export class LoadGenerator extends Construct {
  /** The load generator's service account. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The load generator's Deployment, `<name>-loadgen`. */
  public readonly deployment: kplus.Deployment;

  constructor(scope: Construct, id: string, config: MeshConfig) {
    super(scope, id);
    const loadgen = config.loadgen!;
    const labels = { app: loadgen.name, 'app.kubernetes.io/name': loadgen.name, 'app.kubernetes.io/part-of': config.name };
    const annotations: Record<string, string> = config.dataplane.holdApplicationUntilProxyStarts
      ? { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true}' }
      : {};

    this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name: loadgen.name, namespace: config.namespace, labels },
      automountToken: false,
    });

    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: loadgen.name, namespace: config.namespace, labels },
      replicas: 1,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      podMetadata: { labels, annotations },
      securityContext: podSecurityContext(config),
      containers: [
        {
          name: 'loadgen',
          image: loadgen.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          args: ['node', 'lib/loadgen/main.js', '--url', loadgen.url, '--rps', String(loadgen.rps)],
          resources: {
            cpu: { request: kplus.Cpu.millis(20), limit: kplus.Cpu.millis(200) },
            memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
          },
          securityContext: containerSecurityContext(config),
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { app: loadgen.name } }));
    // Same gaps in cdk8s-plus-27 as the app's Deployments (see AppVersionWorkload).
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
    );
  }
}
