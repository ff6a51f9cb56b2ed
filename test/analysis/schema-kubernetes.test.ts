import { expect } from 'chai';
import { analyze, formatField } from '../../constructs/analysis/index.js';

type Json = Record<string, unknown>;

/** The IST0106 findings of the objects as `field: message`, without the "Schema validation error" frame. */
function schemaErrors(...objects: unknown[]): string[] {
  return analyze(objects)
    .filter((f) => f.code === 'IST0106')
    .map((f) => {
      const message = f.message.replace(/^Schema validation error: /, '').replace(/\. Fix the object to satisfy the Kubernetes 1\.33 schema\.$/, '');
      return f.field ? message : `(object) ${message}`;
    });
}

const meta = (name: unknown, extra: Json = {}) => ({ name, ...extra });
const configMap = (metadata: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });
const pod = (spec: Json, metadata: Json = { name: 'p' }) => ({ apiVersion: 'v1', kind: 'Pod', metadata, spec });
const container = (extra: Json = {}) => ({ name: 'app', image: 'app:1', ...extra });
const service = (spec: Json, name = 'api') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const workload = (kind: string, selector: unknown, labels: Json = { app: 'web' }, extra: Json = {}) => ({
  apiVersion: 'apps/v1',
  kind,
  metadata: { name: 'web' },
  spec: { selector, template: { metadata: { labels }, spec: { containers: [container()] } }, ...extra },
});

describe('schema validation of Kubernetes built-in kinds', () => {
  describe('the Kubernetes OpenAPI schema (kubernetes-models)', () => {
    it('lists the allowed values of an enum', () => {
      const p = pod({ containers: [container()], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Never' }] });
      expect(schemaErrors(p)).to.deep.equal(['spec.topologySpreadConstraints[0].whenUnsatisfiable: must be one of DoNotSchedule, ScheduleAnyway']);
    });

    it('names map keys holding "/" and "~" as written, and list items by index', () => {
      expect(schemaErrors({ ...configMap(meta('c')), data: { 'a/b': 1, 'c~d': 2, plain: 'ok' } })).to.deep.equal(['data["a/b"]: must be string', 'data["c~d"]: must be string']);
      const p = pod({ containers: [container({ args: ['a', 2] }), { image: 'b' }] });
      expect(schemaErrors(p)).to.deep.equal(['spec.containers[0].args[1]: must be string', 'spec.containers[1].name: required field "name" is missing']);
    });

    it('takes only whole numbers in a field path for list indexes, however many digits', () => {
      expect(schemaErrors({ ...configMap(meta('c')), data: { key1: 5, '1a': 6 } })).to.deep.equal(['data.key1: must be string', 'data["1a"]: must be string']);
      const args: unknown[] = [...Array<string>(10).fill('a'), 7];
      expect(schemaErrors(pod({ containers: [container({ args })] }))).to.deep.equal(['spec.containers[0].args[10]: must be string']);
    });

    it('keeps the schema’s findings about fields named like metadata’s outside metadata', () => {
      const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role' } };
      expect(schemaErrors(binding)).to.deep.equal(['roleRef.name: required field "name" is missing']);
    });

    it('reads nulls inside lists as absent too', () => {
      const p = pod({ containers: [container({ args: [null, 'a'], env: [{ name: 'A', value: null }] })], volumes: null });
      expect(schemaErrors(p)).to.deep.equal(['spec.containers[0].args[0]: must be string']);
    });

    it('reads a null field of a list item as absent when nothing else in the object is null', () => {
      expect(schemaErrors(pod({ containers: [container({ env: [{ name: null, value: 'x' }] })] }))).to.deep.equal(['spec.containers[0].env[0].name: required field "name" is missing']);
    });

    it('knows the kinds Kubernetes serves at each apiVersion, including older versions kubernetes-models keeps', () => {
      const named = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'x' } });
      expect(schemaErrors(named('apps/v9', 'Deployment'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Deployment" at apiVersion "apps/v9"']);
      expect(schemaErrors(named('apps/v1', 'deployment'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "deployment" at apiVersion "apps/v1"']);
      expect(schemaErrors(named('v1', 'Deployment'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Deployment" at apiVersion "v1"']);
      expect(schemaErrors(named('apps/v1', 'Deployment/../Pod'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Deployment/../Pod" at apiVersion "apps/v1"']);
      expect(schemaErrors(named('apps/v1x', 'Deployment'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Deployment" at apiVersion "apps/v1x"']);
      expect(schemaErrors(named('apps/xv1', 'Deployment'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Deployment" at apiVersion "apps/xv1"']);
      expect(schemaErrors(named('v1', 'ConfigMap'), named('v1', 'Namespace'))).to.deep.equal([]);
      expect(schemaErrors(named('policy/v1', 'PodDisruptionBudget'))).to.deep.equal([]);
      expect(schemaErrors(named('autoscaling/v2', 'HorizontalPodAutoscaler'), named('autoscaling/v2beta2', 'HorizontalPodAutoscaler'))).to.deep.equal([]);
      expect(schemaErrors(named('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'))).to.deep.equal([]);
      expect(schemaErrors(named('autoscaling/v2gamma2', 'HorizontalPodAutoscaler'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "HorizontalPodAutoscaler" at apiVersion "autoscaling/v2gamma2"']);
    });

    it('reports a kind the module it is read from does not define as unknown', () => {
      // kubernetes-models/v1/List exists, but it is a helper, not a kind served at v1
      const named = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: 'x' } });
      expect(schemaErrors(named('v1', 'Lists'))).to.deep.equal(['apiVersion: Kubernetes serves no kind "Lists" at apiVersion "v1"']);
    });

    it('leaves metadata names, labels and annotations to the clearer checks of their own', () => {
      const c = configMap({ name: 5, labels: { a: 1 }, annotations: { b: 2 } });
      expect(schemaErrors(c)).to.deep.equal([
        'metadata.name: must be a string, got 5',
        'metadata.labels.a: value must be a string, got 1: quote it in YAML',
        'metadata.annotations.b: value must be a string, got 2: quote it in YAML',
      ]);
    });

    it('reports each problem the schema finds in an int-or-string field, and the API rule’s own', () => {
      const s = service({ ports: [{ name: 'http', port: 80, targetPort: true }] });
      expect(schemaErrors(s)).to.deep.equal([
        'spec.ports[0].targetPort: must be string',
        'spec.ports[0].targetPort: must be integer',
        'spec.ports[0].targetPort: must match exactly one schema in "oneOf"',
        'spec.ports[0].targetPort: port true must be from 1 to 65535',
      ]);
    });
  });

  describe('metadata', () => {
    it('requires metadata with a name, or a generateName', () => {
      expect(schemaErrors({ apiVersion: 'v1', kind: 'ConfigMap' })).to.deep.equal(['metadata: metadata with a name is required']);
      expect(schemaErrors(configMap([]))).to.deep.include('metadata: metadata with a name is required');
      expect(schemaErrors(configMap({}), configMap({ name: '' }), configMap({ name: null }))).to.deep.equal([
        'metadata.name: a name is required',
        'metadata.name: a name is required',
        'metadata.name: a name is required',
      ]);
      expect(schemaErrors(configMap({ generateName: 'job-' }))).to.deep.equal([]);
      expect(schemaErrors(configMap({ generateName: 7 }))).to.deep.include('metadata.name: a name is required');
    });

    it('holds Namespace names to DNS labels, Service names to DNS-1035 labels, other names to DNS subdomains', () => {
      const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      expect(schemaErrors(ns('shop'), ns('a'.repeat(63)))).to.deep.equal([]);
      const label = "must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
      expect(schemaErrors(ns('a.b'), ns('a'.repeat(64)))).to.deep.equal([`metadata.name: name "a.b" ${label}`, `metadata.name: name "${'a'.repeat(64)}" ${label}`]);
      const dns1035 = "must be a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
      expect(schemaErrors(service({}, 'api'), service({}, 'a'.repeat(63)))).to.deep.equal([]);
      expect(schemaErrors(service({}, '1api'), service({}, 'a'.repeat(64)), service({}, 'a.b'))).to.deep.equal([
        `metadata.name: name "1api" ${dns1035}`,
        `metadata.name: name "${'a'.repeat(64)}" ${dns1035}`,
        `metadata.name: name "a.b" ${dns1035}`,
      ]);
      const subdomain = "must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
      expect(schemaErrors(configMap(meta('1api.v2')), configMap(meta('a'.repeat(253))))).to.deep.equal([]);
      expect(schemaErrors(configMap(meta('a'.repeat(254))), configMap(meta('A')))).to.deep.equal([`metadata.name: name "${'a'.repeat(254)}" ${subdomain}`, `metadata.name: name "A" ${subdomain}`]);
    });

    it('lets RBAC objects take any name that is a path segment', () => {
      for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']) {
        const rbac = (name: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name }, ...(kind.endsWith('Binding') ? { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' } } : {}) });
        expect(schemaErrors(rbac('system:aggregate-to-view'), rbac('Mixed_Case')), kind).to.deep.equal([]);
        expect(schemaErrors(rbac('.'), rbac('..'), rbac('a/b'), rbac('50%')), kind).to.deep.equal(
          ['.', '..', 'a/b', '50%'].map((n) => `metadata.name: name "${n}" may not be "." or ".." or contain "/" or "%"`),
        );
      }
    });

    it('holds the namespace to a DNS label', () => {
      expect(schemaErrors(configMap(meta('c', { namespace: 'shop' })), configMap(meta('c', { namespace: null })))).to.deep.equal([]);
      expect(schemaErrors(configMap(meta('c', { namespace: 'Shop' })), configMap(meta('d', { namespace: 5 })))).to.deep.equal([
        'metadata.namespace: namespace "Shop" must be a DNS-1123 label',
        'metadata.namespace: namespace 5 must be a DNS-1123 label',
      ]);
    });

    it('checks label and annotation keys, label values, and that both are maps of strings', () => {
      expect(schemaErrors(configMap(meta('c', { labels: null, annotations: null })))).to.deep.equal([]);
      expect(schemaErrors(configMap(meta('c', { labels: ['a'], annotations: 'x' })))).to.deep.equal(['metadata.labels: must be a map of strings', 'metadata.annotations: must be a map of strings']);
      const keyProblem = "\"-a\" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
      expect(schemaErrors(configMap(meta('c', { labels: { '-a': 'x' }, annotations: { '-a': 'has spaces, and more' } })))).to.deep.equal([
        `metadata.labels["-a"]: key "-a" is invalid: ${keyProblem}`,
        `metadata.annotations["-a"]: key "-a" is invalid: ${keyProblem}`,
      ]);
      const valueProblem = "must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)";
      expect(schemaErrors(configMap(meta('c', { labels: { a: '', b: 'v1.2_x', c: '-x' }, annotations: { d: '-x' } })))).to.deep.equal([`metadata.labels.c: value "-x" ${valueProblem}`]);
      expect(schemaErrors(configMap(meta('c', { labels: { a: true }, annotations: { b: 1 } })))).to.deep.equal([
        'metadata.labels.a: value must be a string, got true: quote it in YAML',
        'metadata.annotations.b: value must be a string, got 1: quote it in YAML',
      ]);
      expect(schemaErrors(configMap(meta('c', { labels: { 'example.com/a': 'x', 'Example.com/b': 'x' } })))).to.deep.equal([
        'metadata.labels["Example.com/b"]: key "Example.com/b" is invalid: the prefix "Example.com" must be a DNS subdomain (lowercase letters, digits, \'-\' and \'.\')',
      ]);
    });
  });

  describe('Service rules', () => {
    it('bounds ports and target ports to 1-65535, and checks named target ports as port names', () => {
      const ports = [
        { name: 'a', port: 1, targetPort: 65535 },
        { name: 'b', port: 65535, targetPort: 'http' },
        { name: 'c', port: 0, targetPort: 0 },
        { name: 'd', port: 65536, targetPort: 65536 },
        { name: 'e', port: 8.5, targetPort: 'Http' },
        { name: 'f', port: 80, targetPort: null },
      ];
      expect(schemaErrors(service({ ports }))).to.deep.include.members([
        'spec.ports[2].port: port 0 must be from 1 to 65535',
        'spec.ports[2].targetPort: port 0 must be from 1 to 65535',
        'spec.ports[3].port: port 65536 must be from 1 to 65535',
        'spec.ports[3].targetPort: port 65536 must be from 1 to 65535',
        'spec.ports[4].port: port 8.5 must be from 1 to 65535',
        'spec.ports[4].targetPort: port name "Http" must be at most 15 lowercase letters, digits and \'-\', with at least one letter, no \'--\', not starting or ending with \'-\'',
      ]);
      expect(schemaErrors(service({ ports })).filter((e) => /ports\[[015]\]/.test(e))).to.deep.equal([]);
    });

    it('holds port names to IANA service names', () => {
      const rule = "must be at most 15 lowercase letters, digits and '-', with at least one letter, no '--', not starting or ending with '-'";
      const names = ['http', 'a1', 'h-2', 'x'.repeat(15), 'x'.repeat(16), 'a--b', '-a', 'a-', '80', 'HTTP'];
      const ports = names.map((name, i) => ({ name, port: 1000 + i }));
      expect(schemaErrors(service({ ports }))).to.deep.equal(names.slice(4).map((n, i) => `spec.ports[${i + 4}].name: port name "${n}" ${rule}`));
    });

    it('requires every port of a multi-port Service to have a unique name', () => {
      expect(schemaErrors(service({ ports: [{ port: 80 }] }), service({ ports: [{ port: 80, name: '' }] }))).to.deep.equal([]);
      expect(schemaErrors(service({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }, { port: 82 }, { name: '', port: 83 }] }))).to.deep.equal([
        'spec.ports[1].name: duplicate port name "http"',
        'spec.ports[2].name: every port needs a name when a Service has more than one',
        'spec.ports[3].name: every port needs a name when a Service has more than one',
      ]);
    });

    it('requires spec.externalName of an ExternalName Service', () => {
      expect(schemaErrors(service({ type: 'ExternalName', externalName: 'db.example.com' }), service({ type: 'ClusterIP' }))).to.deep.equal([]);
      expect(schemaErrors(service({ type: 'ExternalName' }))).to.deep.equal(['spec.externalName: a Service of type ExternalName needs spec.externalName']);
    });

    it('checks the selector’s keys and values as labels', () => {
      expect(schemaErrors(service({ selector: { app: 'web', 'example.com/tier': '' } }))).to.deep.equal([]);
      const errors = schemaErrors(service({ selector: { '-app': 'web', tier: '-x' } }));
      expect(errors).to.deep.equal([
        "spec.selector[\"-app\"]: selector key \"-app\" is invalid: \"-app\" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
        "spec.selector.tier: selector value \"-x\" must be at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit (or empty)",
      ]);
      expect(schemaErrors(service({ selector: { app: 1 } }))).to.include('spec.selector.app: selector value 1 must be a string');
    });
  });

  describe('pod template rules', () => {
    it('checks container names: DNS labels, unique across init and app containers', () => {
      const p = pod({ initContainers: [container({ name: 'setup' }), container({ name: 'app' })], containers: [container(), container({ name: 'Side_Car' })] });
      expect(schemaErrors(p)).to.deep.equal([
        'spec.containers[0].name: duplicate container name "app"',
        'spec.containers[1].name: container name "Side_Car" must be a DNS-1123 label',
      ]);
    });

    it('requires an image of app containers, and a non-blank one wherever it is given', () => {
      const p = pod({ initContainers: [{ name: 'a' }, { name: 'b', image: ' ' }], containers: [{ name: 'c' }, { name: 'd', image: '' }, { name: 'e', image: 'web:1 --debug' }, { name: 'f', image: 5 }] });
      expect(schemaErrors(p)).to.deep.equal([
        'spec.containers[3].image: must be string',
        'spec.initContainers[1].image: an image is required',
        'spec.containers[0].image: an image is required',
        'spec.containers[1].image: an image is required',
        'spec.containers[2].image: image "web:1 --debug" is not an image reference: it contains whitespace',
        'spec.containers[3].image: an image is required',
      ]);
    });

    it('checks container ports: the range, the names, and names unique across the pod', () => {
      const p = pod({
        initContainers: [container({ name: 'init', ports: [{ containerPort: 9000, name: 'metrics' }] })],
        containers: [container({ ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 0, name: 'Admin' }, { containerPort: 9090, name: 'metrics' }, { containerPort: 65535 }] })],
      });
      expect(schemaErrors(p)).to.deep.equal([
        'spec.containers[0].ports[1].containerPort: port 0 must be from 1 to 65535',
        "spec.containers[0].ports[1].name: port name \"Admin\" must be at most 15 lowercase letters, digits and '-', with at least one letter, no '--', not starting or ending with '-'",
        'spec.containers[0].ports[2].name: duplicate port name "metrics" in the pod',
      ]);
    });

    it('reports a port number that is missing or null once, as missing, not also as out of range', () => {
      expect(schemaErrors(service({ ports: [{ name: 'http' }] }), service({ ports: [{ name: 'http', port: null }] }, 'web'))).to.deep.equal([
        'spec.ports[0].port: required field "port" is missing',
        'spec.ports[0].port: required field "port" is missing',
      ]);
      expect(schemaErrors(pod({ containers: [container({ ports: [{ name: 'http' }, { containerPort: null }] })] }))).to.deep.equal([
        'spec.containers[0].ports[0].containerPort: required field "containerPort" is missing',
        'spec.containers[0].ports[1].containerPort: required field "containerPort" is missing',
      ]);
    });

    it('requires at least one app container', () => {
      expect(schemaErrors(pod({ containers: [] }))).to.deep.equal(['spec.containers: a pod needs at least one container']);
      expect(schemaErrors(pod({ initContainers: [container()] }))).to.deep.equal(['spec.containers: required field "containers" is missing', 'spec.containers: a pod needs at least one container']);
    });

    it('finds the pod template of every workload kind', () => {
      const broken = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'App', image: 'a:1' }] } };
      const objects = [
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { ...broken, spec: { ...broken.spec, restartPolicy: 'Never' } } } },
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { ...broken, spec: { ...broken.spec, restartPolicy: 'Never' } } } } } },
        { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { selector: { app: 'x' }, template: broken } },
      ];
      const rule = 'container name "App" must be a DNS-1123 label';
      expect(schemaErrors(...objects)).to.deep.equal([
        `spec.template.spec.containers[0].name: ${rule}`,
        `spec.jobTemplate.spec.template.spec.containers[0].name: ${rule}`,
        `spec.template.spec.containers[0].name: ${rule}`,
      ]);
    });

    it('requires replicas of 0 or more', () => {
      expect(schemaErrors(workload('Deployment', { matchLabels: { app: 'web' } }, { app: 'web' }, { replicas: 0 }))).to.deep.equal([]);
      expect(schemaErrors(workload('Deployment', { matchLabels: { app: 'web' } }, { app: 'web' }, { replicas: -1 }))).to.deep.equal(['spec.replicas: replicas must be 0 or more, got -1']);
    });

    it('requires the selector of Deployments, StatefulSets, DaemonSets and ReplicaSets to select their own pod template', () => {
      const mismatch = 'spec.selector: does not match the pod template labels, so the workload would never own its pods: make the selector a subset of spec.template.metadata.labels';
      for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
        expect(schemaErrors(workload(kind, { matchLabels: { app: 'web' } })), kind).to.deep.equal([]);
        expect(schemaErrors(workload(kind, { matchLabels: { app: 'api' } })), kind).to.deep.equal([mismatch]);
        expect(schemaErrors(workload(kind, undefined)), kind).to.deep.equal(['spec.selector: required field "selector" is missing']);
        expect(schemaErrors(workload(kind, { matchLabels: { app: 'web', tier: 'back' } }, { app: 'web', tier: 'front' })), kind).to.deep.equal([mismatch]);
        expect(schemaErrors(workload(kind, 'app=web')), kind).to.deep.equal(['spec.selector: must be object']);
      }
    });

    it('requires the selector of a Job with manualSelector to select its pod template; otherwise the API server makes it', () => {
      const mismatch = 'spec.selector: does not match the pod template labels, so the workload would never own its pods: make the selector a subset of spec.template.metadata.labels';
      const job = (spec: Json) => ({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'migrate' },
        spec: { ...spec, template: { metadata: { labels: { app: 'migrate' } }, spec: { containers: [container()], restartPolicy: 'Never' } } },
      });
      expect(schemaErrors(job({ manualSelector: true, selector: { matchLabels: { app: 'migrate' } } }))).to.deep.equal([]);
      expect(schemaErrors(job({ manualSelector: true, selector: { matchLabels: { app: 'other' } } }))).to.deep.equal([mismatch]);
      expect(schemaErrors(job({}))).to.deep.equal([]);
    });

    it('evaluates matchExpressions as the API server does', () => {
      const labels = { app: 'web', tier: 'front' };
      const verdict = (...matchExpressions: Json[]) => schemaErrors(workload('Deployment', { matchLabels: { app: 'web' }, matchExpressions }, labels)).length === 0;
      expect(verdict({ key: 'tier', operator: 'In', values: ['front', 'back'] })).to.equal(true);
      expect(verdict({ key: 'tier', operator: 'In', values: ['back'] })).to.equal(false);
      expect(verdict({ key: 'zone', operator: 'In', values: [undefined] })).to.equal(false);
      expect(verdict({ key: 'tier', operator: 'In' })).to.equal(false);
      expect(verdict({ key: 'tier', operator: 'NotIn', values: ['back'] })).to.equal(true);
      expect(verdict({ key: 'zone', operator: 'NotIn', values: ['back'] })).to.equal(true);
      expect(verdict({ key: 'tier', operator: 'NotIn', values: ['front'] })).to.equal(false);
      expect(verdict({ key: 'tier', operator: 'Exists' })).to.equal(true);
      expect(verdict({ key: 'zone', operator: 'Exists' })).to.equal(false);
      expect(verdict({ key: 'zone', operator: 'DoesNotExist' })).to.equal(true);
      expect(verdict({ key: 'tier', operator: 'DoesNotExist' })).to.equal(false);
      expect(verdict({ key: 'tier', operator: 'Exists' }, { key: 'zone', operator: 'Exists' })).to.equal(false);
      expect(schemaErrors(workload('Deployment', { matchExpressions: [{ key: 'tier', operator: 'Maybe' }] }, labels))).to.include.members([
        'spec.selector: does not match the pod template labels, so the workload would never own its pods: make the selector a subset of spec.template.metadata.labels',
      ]);
    });

    it('points at the field in the object’s own terms', () => {
      const d = workload('Deployment', { matchLabels: { app: 'web' } }, { app: 'web' });
      ((d.spec.template as Json).spec as Json).containers = [container({ name: 'x', ports: [{ containerPort: 70000 }] })];
      const [finding] = analyze([d]).filter((f) => f.code === 'IST0106');
      expect(formatField(finding.field ?? [])).to.equal('spec.template.spec.containers[0].ports[0].containerPort');
    });
  });
});
