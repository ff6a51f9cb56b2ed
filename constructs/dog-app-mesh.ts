import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { PropChecker } from './prop-errors.js';

/** Props of {@link DogAppMesh}. */
export interface DogAppMeshProps {
  /**
   * Name of the app: the `app` label, and the name of its Service and Deployments.
   * @default 'dog-app'
   */
  readonly name?: string;

  /**
   * Namespace created for the app and labelled for sidecar injection.
   * @default 'dog-app'
   */
  readonly namespace?: string;

  /**
   * Container image of the dog-image service (built from this project's Dockerfile).
   * @default 'dog-app-mesh:0.1.0'
   */
  readonly image?: string;

  /**
   * Pods of the Deployment.
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Port the Service listens on; it forwards to the container's port 8080.
   * @default 8000
   */
  readonly servicePort?: number;

  /**
   * How the Service is exposed.
   * @default kplus.ServiceType.LOAD_BALANCER
   */
  readonly serviceType?: kplus.ServiceType;
}

/** The port the dog-image service listens on inside its container. */
export const CONTAINER_PORT = 8080;

/** The dog-image service deployed into an Istio-injected namespace behind one Service. */
export class DogAppMesh extends Construct {
  /** The app's namespace, labelled `istio-injection=enabled`. */
  public readonly namespace: kplus.Namespace;
  /** The app's Deployment. */
  public readonly deployment: kplus.Deployment;
  /** The Service in front of the app's pods. */
  public readonly service: kplus.Service;

  constructor(scope: Construct, id: string, props: DogAppMeshProps = {}) {
    super(scope, id);
    const name = props.name ?? 'dog-app';
    const namespace = props.namespace ?? 'dog-app';
    const image = props.image ?? 'dog-app-mesh:0.1.0';
    const replicas = props.replicas ?? 2;
    const servicePort = props.servicePort ?? 8000;

    new PropChecker(this)
      .dnsLabel('name', name)
      .dnsLabel('namespace', namespace)
      .token('image', image)
      .integer('replicas', replicas, 0, 1000)
      .integer('servicePort', servicePort, 1, 65535)
      .throwIfAny();

    const labels = { app: name, 'app.kubernetes.io/name': name };

    this.namespace = new kplus.Namespace(this, 'namespace', {
      metadata: { name: namespace, labels: { 'istio-injection': 'enabled' } },
    });

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name, namespace, labels },
      replicas,
      select: false,
      podMetadata: { labels },
      containers: [
        {
          name,
          image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ number: CONTAINER_PORT, name: 'http' }],
          envVariables: { PORT: kplus.EnvValue.fromValue(String(CONTAINER_PORT)) },
          readiness: kplus.Probe.fromHttpGet('/readyz', { port: CONTAINER_PORT }),
          liveness: kplus.Probe.fromHttpGet('/healthz', { port: CONTAINER_PORT }),
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          },
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { app: name } }));

    this.service = new kplus.Service(this, 'service', {
      metadata: { name, namespace, labels },
      type: props.serviceType ?? kplus.ServiceType.LOAD_BALANCER,
      ports: [{ name: 'http', port: servicePort, targetPort: CONTAINER_PORT }],
    });
    this.service.selectLabel('app', name);

    ApiObject.of(this.deployment).addDependency(this.namespace);
    ApiObject.of(this.service).addDependency(this.namespace);
  }
}
