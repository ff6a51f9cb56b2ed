import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { PropChecker } from '../prop-errors.js';

/** Props of {@link ArgoCdApplication}. */
export interface ArgoCdApplicationProps {
  /** Name of the Application (and of the app it deploys). */
  readonly name: string;
  /** Namespace the app is deployed to. */
  readonly destinationNamespace: string;
  /** Git repository holding the synthesized manifests. */
  readonly repoUrl: string;
  /** Folder of the manifests in the repository, e.g. `dist/progressive/argo-rollouts`. */
  readonly path: string;
  /**
   * Git revision to follow.
   * @default 'HEAD'
   */
  readonly targetRevision?: string;
  /**
   * Namespace Argo CD runs in (where Applications live).
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * The VirtualServices whose route weights Argo Rollouts writes.
   */
  readonly virtualServices: readonly string[];
  /**
   * The DestinationRule whose subset labels Argo Rollouts writes.
   */
  readonly destinationRule: string;
}

/**
 * An Argo CD `Application` that syncs an app rolled out by Argo Rollouts without fighting the controller:
 * it ignores the weights Argo Rollouts writes into the VirtualServices' routes and the
 * `rollouts-pod-template-hash` labels it adds to the DestinationRule's subsets, and respects those
 * ignores when syncing (`RespectIgnoreDifferences=true`), as Argo Rollouts documents for GitOps.
 */
export class ArgoCdApplication extends Construct {
  /** The Application (`argoproj.io/v1alpha1`). */
  public readonly application: ApiObject;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationProps) {
    super(scope, id);
    const check = new PropChecker(this);
    check.dnsLabel('name', props.name).dnsLabel('destinationNamespace', props.destinationNamespace).dnsLabel('namespace', props.namespace ?? 'argocd');
    check.expect(/^(https?|ssh):\/\/\S+$|^git@\S+$/.test(props.repoUrl), 'repoUrl', props.repoUrl, 'expected a Git URL (https://, ssh:// or git@)');
    check.expect(props.path.length > 0 && !props.path.startsWith('/'), 'path', props.path, 'expected a relative folder in the repository');
    check.expect(props.virtualServices.length > 0, 'virtualServices', props.virtualServices, 'expected at least one VirtualService');
    check.throwIfAny();
    this.application = new ApiObject(this, 'Resource', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: props.name, namespace: props.namespace ?? 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: props.repoUrl, path: props.path, targetRevision: props.targetRevision ?? 'HEAD' },
        destination: { server: 'https://kubernetes.default.svc', namespace: props.destinationNamespace },
        syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['RespectIgnoreDifferences=true'] },
        ignoreDifferences: [
          ...props.virtualServices.map((name) => ({
            group: 'networking.istio.io',
            kind: 'VirtualService',
            name,
            namespace: props.destinationNamespace,
            jqPathExpressions: ['.spec.http[].route[].weight'],
          })),
          {
            group: 'networking.istio.io',
            kind: 'DestinationRule',
            name: props.destinationRule,
            namespace: props.destinationNamespace,
            jqPathExpressions: ['.spec.subsets[].labels["rollouts-pod-template-hash"]'],
          },
        ],
      },
    });
  }
}
