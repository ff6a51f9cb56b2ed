import { expect } from 'chai';
import { parseManifests, readTree } from '../support/synth.js';
import { schemaErrors } from '../support/schemas.js';
import { synthMesh } from '../constructs/support.js';
import * as kplus from 'cdk8s-plus-27';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

const kubectlFiles = (files: Map<string, string>) => [...files.keys()].filter((f) => !f.includes('/') && f.endsWith('.yaml'));

describe('schemas', () => {
  describe('the committed dist/', () => {
    let files: Map<string, string>;
    before(async () => {
      files = await readTree('dist');
    });

    it('is valid against the pinned CRD schemas (unknown fields rejected) and the Kubernetes schema', () => {
      const manifests = kubectlFiles(files).flatMap((f) => parseManifests(files.get(f)!) as unknown as Manifest[]);
      expect(manifests.length).to.be.greaterThan(20);
      expect(manifests.flatMap(schemaErrors)).to.deep.equal([]);
    });

    it('holds an IstioOperator with only fields istioctl knows', () => {
      const [operator] = parseManifests(files.get('istio/istio-operator.k8s.yaml')!) as unknown as { spec: Record<string, unknown>; metadata: Record<string, unknown> }[];
      expect(Object.keys(operator.spec)).to.satisfy((keys: string[]) =>
        keys.every((k) => ['profile', 'revision', 'hub', 'tag', 'namespace', 'meshConfig', 'components', 'values'].includes(k)),
      );
      const meshConfig = operator.spec.meshConfig as Record<string, unknown>;
      expect(Object.keys(meshConfig)).to.satisfy((keys: string[]) =>
        keys.every((k) => ['accessLogFile', 'enablePrometheusMerge', 'defaultConfig', 'outboundTrafficPolicy', 'extensionProviders', 'defaultProviders'].includes(k)),
      );
    });
  });

  describe('every variant', () => {
    const variants = {
      'Gateway API': { ingress: { api: 'gateway-api' as const }, versions: [{ name: 'v1', weight: 50 }, { name: 'v2', weight: 50 }], headerRoute: { version: 'v2' } },
      ambient: { dataplane: { mode: 'ambient' as const }, loadgen: {}, versions: [{ name: 'v1', weight: 80 }, { name: 'v2', weight: 20 }] },
      'TLS origination and REGISTRY_ONLY': { egress: { tlsOrigination: true, restrictOutbound: true } },
      'fault injection': { faultInjection: { delay: { fixedDelay: '3s', percentage: 10 }, match: { header: 'x-chaos', value: '1' } } },
      'autoscaling and revision': { dataplane: { revision: 'stable' }, versions: [{ name: 'v1', autoscaling: { maxReplicas: 4 } }] },
      'exposed directly': { ingress: { api: 'none' as const }, serviceType: kplus.ServiceType.NODE_PORT },
    };
    for (const [title, props] of Object.entries(variants)) {
      it(`${title} is schema-valid`, () => {
        const { objects } = synthMesh(props);
        expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      });
    }

    it('rejects an unknown field, a duration under 1ms and a wrong type, so the check can fail', () => {
      const { find } = synthMesh();
      const dr = structuredClone(find('DestinationRule', 'dog-app')) as unknown as Manifest & { spec: { trafficPolicy: { outlierDetection: Record<string, unknown> } } };
      dr.spec.trafficPolicy.outlierDetection.consecutiveErrorz = 5;
      expect(schemaErrors(dr).join('\n')).to.include('must NOT have additional properties');
      const vs = structuredClone(find('VirtualService', 'dog-app')) as unknown as Manifest & { spec: { http: { timeout: string }[] } };
      vs.spec.http[0].timeout = '500us';
      expect(schemaErrors(vs).join('\n')).to.include('x-kubernetes-validations');
      const deployment = structuredClone(find('Deployment', 'dog-app-v1')) as unknown as Manifest & { spec: Record<string, unknown> };
      deployment.spec.replicas = 'two';
      expect(schemaErrors(deployment).join('\n')).to.include('replicas must be integer');
    });
  });
});
