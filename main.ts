import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { ArgoCdApplication, DogAppMesh, InvalidPropsError, ObservabilityAddons } from './constructs/index.js';

const app = new App();
// The IstioOperator is istioctl's input, not kubectl's: its own App writes it to dist/istio/, which
// `kubectl apply -f dist/` (not recursive) leaves alone.
const istio = new App({ outdir: join(app.outdir, 'istio') });

const observability = new Chart(app, 'observability');
const addons = new ObservabilityAddons(observability, 'addons', {
  namespace: 'istio-system',
  grafana: { anonymousViewer: true },
  kiali: { authStrategy: 'anonymous' },
  tracing: { backend: 'jaeger', samplingPercentage: 100 },
});

// The app's image as the cluster pulls it, e.g. a registry copy: `DOG_APP_IMAGE=<ref> npm run synth`.
// Unset, the default `dog-app-mesh:0.1.0` is what dist/ holds (loaded into kind or minikube).
const image = process.env.DOG_APP_IMAGE;

const mesh = new Chart(app, 'dog-app');
withImageHint(() => new DogAppMesh(mesh, 'dog-app', {
  name: 'dog-app',
  image,
  namespace: 'dog-app',
  replicas: 2,
  servicePort: 8000,
  versions: [
    { name: 'v1', weight: 90 },
    { name: 'v2', weight: 10 },
  ],
  headerRoute: { header: 'x-canary', value: 'always', version: 'v2' },
  loadgen: { rps: 1 },
  istioOperator: { scope: new Chart(istio, 'istio-operator'), extensionProviders: [addons.meshExtensionProvider] },
}));

// Progressive delivery examples, each in a subfolder (and a namespace) of its own: alternatives to the
// static 90/10 system above, applied with `kubectl apply -f dist/progressive/<engine>/` once the engine
// is installed. The Argo CD Application goes one folder deeper, for Argo CD users only.
const flagger = new App({ outdir: join(app.outdir, 'progressive', 'flagger') });
withImageHint(() => new DogAppMesh(new Chart(flagger, 'dog-app'), 'dog-app', {
  name: 'dog-app',
  namespace: 'dog-app-flagger',
  image,
  versions: [{ name: 'v2', image: image ?? 'dog-app-mesh:0.1.0' }],
  ingress: { hosts: ['dog-app-flagger.example.com'] },
  progressiveDelivery: { engine: 'flagger', stepWeights: [10, 25, 50], interval: '1m', threshold: 5, observability: addons },
}));

const argo = new App({ outdir: join(app.outdir, 'progressive', 'argo-rollouts') });
const argoMesh = withImageHint(() => new DogAppMesh(new Chart(argo, 'dog-app'), 'dog-app', {
  name: 'dog-app',
  namespace: 'dog-app-argo',
  image,
  versions: [{ name: 'v2', image: image ?? 'dog-app-mesh:0.1.0' }],
  headerRoute: { header: 'x-canary', value: 'always', version: 'v2' },
  // Its own host, so that beside the seed's system (host *) on the same ingress each Gateway has its own traffic.
  ingress: { hosts: ['dog-app-argo.example.com'] },
  progressiveDelivery: { engine: 'argo-rollouts', stepWeights: [10, 25, 50], interval: '1m', threshold: 5, observability: addons },
}));
const argoCd = new App({ outdir: join(argo.outdir, 'argo-cd') });
new ArgoCdApplication(new Chart(argoCd, 'dog-app-application'), 'application', {
  name: 'dog-app-argo',
  destinationNamespace: 'dog-app-argo',
  repoUrl: 'https://github.com/example/dog-app-mesh.git',
  path: 'dist/progressive/argo-rollouts',
  virtualServices: [argoMesh.virtualService!.name, argoMesh.ingressVirtualService!.name],
  destinationRule: argoMesh.destinationRule!.name,
});

app.synth();
istio.synth();
flagger.synth();
argo.synth();
argoCd.synth();

/** Says that a rejected image came from DOG_APP_IMAGE, which is where it has to be fixed. */
function withImageHint<T>(build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (image !== undefined && err instanceof InvalidPropsError && err.problems.some((p) => /(^|\.)image$/.test(p.prop))) {
      throw new Error(`DOG_APP_IMAGE=${JSON.stringify(image)} is not an image reference such as registry.example.com/team/dog-app-mesh:0.1.0\n${err.message}`, { cause: err });
    }
    throw err;
  }
}
