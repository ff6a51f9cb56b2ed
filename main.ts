import { App, Chart } from 'cdk8s';
import { DogAppMesh, ObservabilityAddons } from './constructs/index.js';

const app = new App();

const mesh = new Chart(app, 'dog-app');
new DogAppMesh(mesh, 'dog-app', {
  name: 'dog-app',
  namespace: 'dog-app',
  replicas: 2,
  servicePort: 8000,
});

const observability = new Chart(app, 'observability');
new ObservabilityAddons(observability, 'addons', {
  namespace: 'istio-system',
  grafana: { anonymousViewer: true },
  kiali: { authStrategy: 'anonymous' },
  tracing: { backend: 'jaeger', samplingPercentage: 100 },
});

app.synth();
