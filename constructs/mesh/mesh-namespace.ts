import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Gateway } from '../imports/gateway-gateway.networking.k8s.io.js';
import type { MeshConfig } from './resolve.js';

/**
 * The app's namespace with exactly one mesh enrolment: `istio-injection=enabled`, `istio.io/rev=<rev>`,
 * or ambient (`istio.io/dataplane-mode=ambient` plus `istio.io/use-waypoint`, with the waypoint itself).
 */
export class MeshNamespace extends Construct {
  /** The Namespace. */
  public readonly namespace: kplus.Namespace;
  /** Ambient mode: the waypoint proxy, a Gateway of class `istio-waypoint` that does L7 for the namespace. */
  public readonly waypoint?: Gateway;

  constructor(scope: Construct, id: string, config: MeshConfig) {
    super(scope, id);
    const { dataplane } = config;
    const enrolment: Record<string, string> =
      dataplane.mode === 'ambient'
        ? { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': dataplane.waypointName }
        : dataplane.revision !== undefined
          ? { 'istio.io/rev': dataplane.revision }
          : { 'istio-injection': 'enabled' };

    this.namespace = new kplus.Namespace(this, 'Resource', {
      metadata: { name: config.namespace, labels: { ...config.namespaceLabels, ...enrolment } },
    });

    if (dataplane.mode === 'ambient') {
      this.waypoint = new Gateway(this, 'waypoint', {
        metadata: {
          name: dataplane.waypointName,
          namespace: config.namespace,
          labels: { 'istio.io/waypoint-for': 'service' },
        },
        spec: {
          gatewayClassName: 'istio-waypoint',
          listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
        },
      });
      this.waypoint.addDependency(ApiObject.of(this.namespace));
    }
  }
}
