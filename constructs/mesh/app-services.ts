import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { MeshConfig } from './resolve.js';

/**
 * The app's Service, selecting `app` only so that it spans every version, port `http`
 * (`servicePort` → `containerPort`); with the Gateway API also one Service per version, which is how
 * an HTTPRoute splits traffic.
 */
export class AppServices extends Construct {
  /** The Service in front of every version. */
  public readonly service: kplus.Service;
  /** Gateway API only: one ClusterIP Service per version, by version name. */
  public readonly versionServices: Readonly<Record<string, kplus.Service>>;

  constructor(scope: Construct, id: string, config: MeshConfig) {
    super(scope, id);
    // In ambient mode the ingress gateway would otherwise skip the waypoint, where L7 policy lives.
    const labels = config.dataplane.mode === 'ambient' ? { ...config.labels, 'istio.io/ingress-use-waypoint': 'true' } : config.labels;
    const port = { name: 'http', port: config.servicePort, targetPort: config.containerPort };

    this.service = new kplus.Service(this, 'Resource', {
      metadata: { name: config.name, namespace: config.namespace, labels },
      type: config.serviceType,
      ports: [port],
    });
    this.service.selectLabel('app', config.name);

    const versionServices: Record<string, kplus.Service> = {};
    if (config.ingress.api === 'gateway-api') {
      for (const version of config.versions) {
        const service = new kplus.Service(this, version.name, {
          metadata: { name: version.workloadName, namespace: config.namespace, labels: { ...labels, version: version.name } },
          type: kplus.ServiceType.CLUSTER_IP,
          ports: [port],
        });
        for (const [key, value] of Object.entries(version.selector)) service.selectLabel(key, value);
        versionServices[version.name] = service;
      }
    }
    this.versionServices = versionServices;
  }
}
