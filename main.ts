import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { DogAppMesh, InvalidPropsError, ObservabilityAddons } from './constructs/index.js';

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

app.synth();
istio.synth();

/** Says that a rejected image came from DOG_APP_IMAGE, which is where it has to be fixed. */
function withImageHint(build: () => unknown): void {
  try {
    build();
  } catch (err) {
    if (image !== undefined && err instanceof InvalidPropsError && err.problems.some((p) => p.prop === 'image')) {
      throw new Error(`DOG_APP_IMAGE=${JSON.stringify(image)} is not an image reference such as registry.example.com/team/dog-app-mesh:0.1.0\n${err.message}`, { cause: err });
    }
    throw err;
  }
}
