import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { DogAppMesh, ObservabilityAddons } from './constructs/index.js';

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

const mesh = new Chart(app, 'dog-app');
new DogAppMesh(mesh, 'dog-app', {
  name: 'dog-app',
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
});

app.synth();
istio.synth();
