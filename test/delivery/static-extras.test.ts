/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- these assertions walk synthesized JSON */
import { expect } from 'chai';
import { analyze } from '../../constructs/index.js';
import { errorOf, synthMesh } from '../constructs/support.js';
import { schemaErrors } from '../support/schemas.js';

const routeOf = (rule: { route: { destination: { subset: string }; weight?: number }[] }) => rule.route.map((r) => [r.destination.subset, r.weight]);

describe('static mode: mirroring and safe version retirement', () => {
  describe('mirror', () => {
    const { objects, find } = synthMesh({ versions: [{ name: 'v1', weight: 100 }, { name: 'v2', weight: 0 }], mirror: { version: 'v2', percentage: 20 } });

    it("copies the given share of the default route's requests to the version, in every VirtualService", () => {
      for (const name of ['dog-app', 'dog-app-ingress']) {
        const rule = find('VirtualService', name).spec.http.find((r: { name: string }) => r.name === 'default');
        expect(rule.mirror, name).to.deep.equal({ host: 'dog-app.dog-app.svc.cluster.local', subset: 'v2', port: { number: 8000 } });
        expect(rule.mirrorPercentage, name).to.deep.equal({ value: 20 });
        expect(routeOf(rule)).to.deep.equal([['v1', 100], ['v2', 0]]);
      }
    });

    it('is schema-valid and passes the analysis (mirrorPercentage is always set)', () => {
      expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(analyze(objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });

    it('names the prop for an unknown version, a bad share, the Gateway API, or progressive delivery', () => {
      expect(errorOf(() => synthMesh({ mirror: { version: 'v9' } }))).to.match(/- mirror\.version: got "v9"; expected one of/);
      expect(errorOf(() => synthMesh({ versions: [{ name: 'v1' }, { name: 'v2' }], mirror: { version: 'v2', percentage: 120 } }))).to.match(/- mirror\.percentage: got 120/);
      expect(errorOf(() => synthMesh({ ingress: { api: 'gateway-api' }, versions: [{ name: 'v1' }, { name: 'v2' }], mirror: { version: 'v2' } }))).to.match(/- mirror: .*ingress\.api 'gateway-api'/);
      expect(errorOf(() => synthMesh({ versions: [{ name: 'v2' }], mirror: { version: 'v2' }, progressiveDelivery: { engine: 'argo-rollouts' } }))).to.match(/- mirror: .*progressiveDelivery/);
    });
  });

  describe('retiring a version', () => {
    const { objects, find, all } = synthMesh({ versions: [{ name: 'v1', weight: 0, retiring: true }, { name: 'v2', weight: 100 }] });

    it('takes it out of every route but keeps its Deployment, PodDisruptionBudget and subset for this apply', () => {
      for (const name of ['dog-app', 'dog-app-ingress']) {
        const http = find('VirtualService', name).spec.http;
        expect(JSON.stringify(http), name).not.to.include('"subset":"v1"');
        expect(routeOf(http[http.length - 1])).to.deep.equal([['v2', undefined]]);
      }
      expect(find('DestinationRule', 'dog-app').spec.subsets.map((s: { name: string }) => s.name)).to.deep.equal(['v1', 'v2']);
      expect(all('Deployment').map((d) => d.metadata.name)).to.include.members(['dog-app-v1', 'dog-app-v2']);
      expect(all('PodDisruptionBudget').map((d) => d.metadata.name)).to.include.members(['dog-app-v1', 'dog-app-v2']);
    });

    it('with the Gateway API, keeps its Service but not its backendRef', () => {
      const s = synthMesh({ ingress: { api: 'gateway-api' }, versions: [{ name: 'v1', weight: 0, retiring: true }, { name: 'v2', weight: 100 }] });
      expect(s.find('Service', 'dog-app-v1').spec.selector).to.deep.equal({ app: 'dog-app', version: 'v1' });
      for (const route of s.all('HTTPRoute')) {
        expect(route.spec.rules.flatMap((r: { backendRefs: { name: string }[] }) => r.backendRefs.map((b) => b.name))).to.not.include('dog-app-v1');
      }
    });

    it('is schema-valid and passes the analysis', () => {
      expect(objects.flatMap(schemaErrors)).to.deep.equal([]);
      expect(analyze(objects as never).map((f) => `${f.code} ${f.message}`)).to.deep.equal([]);
    });

    it('names the prop when it still has weight or a route names it', () => {
      expect(errorOf(() => synthMesh({ versions: [{ name: 'v1', weight: 10, retiring: true }, { name: 'v2', weight: 90 }] }))).to.match(/- versions\[0\]\.weight: got 10; expected 0 for a retiring version/);
      expect(errorOf(() => synthMesh({ versions: [{ name: 'v1', weight: 0, retiring: true }, { name: 'v2', weight: 100 }], headerRoute: { version: 'v1' } }))).to.match(/- headerRoute\.version: got "v1"; expected one of "v2"/);
      expect(errorOf(() => synthMesh({ versions: [{ name: 'v1', weight: 0, retiring: true }, { name: 'v2', weight: 100 }], mirror: { version: 'v1' } }))).to.match(/- mirror\.version: got "v1"/);
    });
  });
});
