import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { containerSecurityContext, podSecurityContext } from './hardening.js';
import { proxyConfigAnnotation } from './proxy-config.js';
import type { MeshConfig, ResolvedVersion } from './resolve.js';
import type { ResolvedProbe } from './workload.js';

/** Label cdk8s-plus adds to every pod template; the app selects by `app`/`version` instead. */
const CDK8S_ADDR_LABEL = 'cdk8s.io/metadata.addr';

/**
 * One version of the app: its Deployment (labelled `app`/`version`, hardened, probed, spread across
 * nodes and zones), its PodDisruptionBudget and, optionally, its HorizontalPodAutoscaler.
 */
export class AppVersionWorkload extends Construct {
  /** The version's Deployment, `<name>-<version>`. */
  public readonly deployment: kplus.Deployment;
  /** Keeps all but `maxUnavailable` pods of the version up during voluntary disruptions. */
  public readonly podDisruptionBudget: kplus.k8s.KubePodDisruptionBudget;
  /** The autoscaler, when the version has `autoscaling`. */
  public readonly autoscaler?: kplus.HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, config: MeshConfig, version: ResolvedVersion, serviceAccount: kplus.ServiceAccount) {
    super(scope, id);
    const podLabels = {
      ...config.labels,
      ...version.selector,
      'app.kubernetes.io/version': version.name,
    };
    const annotations: Record<string, string> = config.metrics
      ? { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(config.metrics.port), 'prometheus.io/path': config.metrics.path }
      : {};
    const proxyConfig = proxyConfigAnnotation(config);
    if (proxyConfig !== undefined) annotations['proxy.istio.io/config'] = proxyConfig;

    const env: Record<string, kplus.EnvValue> = {};
    const set = (key: string | undefined, value: string) => {
      if (key !== undefined) env[key] = kplus.EnvValue.fromValue(value);
    };
    set(config.env.portEnv, String(config.containerPort));
    set(config.env.versionEnv, version.name);
    for (const [key, value] of Object.entries(config.env.env)) set(key, value);
    set(config.shutdown.drainDelayEnv, String(config.shutdown.drainDelayMs));
    set(config.shutdown.graceEnv, String(config.shutdown.graceMs));
    for (const [key, value] of Object.entries(version.env)) env[key] = kplus.EnvValue.fromValue(value);

    const { resources } = config;
    this.deployment = new kplus.Deployment(this, 'Resource', {
      metadata: { name: version.workloadName, namespace: config.namespace, labels: podLabels },
      replicas: version.replicas,
      select: false,
      serviceAccount,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(config.shutdown.terminationGracePeriodSeconds),
      podMetadata: { labels: podLabels, annotations },
      securityContext: podSecurityContext(config),
      containers: [
        {
          name: config.name,
          image: version.image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ number: config.containerPort, name: 'http' }],
          envVariables: env,
          readiness: probe(config.probes.readiness, config.containerPort),
          liveness: probe(config.probes.liveness, config.containerPort),
          startup: probe(config.probes.startup, config.containerPort),
          resources: {
            cpu: { request: kplus.Cpu.millis(resources.cpuRequestMillis), limit: kplus.Cpu.millis(resources.cpuLimitMillis) },
            memory: {
              request: Size.mebibytes(resources.memoryRequestMebibytes),
              limit: Size.mebibytes(resources.memoryLimitMebibytes),
            },
          },
          securityContext: containerSecurityContext(config),
          volumeMounts: [
            {
              path: '/tmp',
              volume: kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp', { sizeLimit: Size.mebibytes(64) }),
            },
          ],
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: version.selector }));

    // cdk8s-plus-27 cannot express these: drop every capability, the runtime's seccomp profile,
    // topology spread; and it labels pods with a hash of the construct path, which would restart
    // every pod whenever the code is refactored.
    ApiObject.of(this.deployment).addJsonPatch(
      JsonPatch.remove(`/spec/template/metadata/labels/${CDK8S_ADDR_LABEL.replace('/', '~1')}`),
      JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }),
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      JsonPatch.add(
        '/spec/template/spec/topologySpreadConstraints',
        ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
          maxSkew: 1,
          topologyKey,
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: version.selector },
        })),
      ),
    );

    this.podDisruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'pdb', {
      metadata: { name: version.workloadName, namespace: config.namespace, labels: podLabels },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(config.maxUnavailable),
        selector: { matchLabels: version.selector },
      },
    });

    if (version.autoscaling) {
      this.autoscaler = new kplus.HorizontalPodAutoscaler(this, 'hpa', {
        metadata: { name: version.workloadName, namespace: config.namespace, labels: podLabels },
        target: this.deployment,
        minReplicas: version.autoscaling.minReplicas,
        maxReplicas: version.autoscaling.maxReplicas,
        metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(version.autoscaling.cpuUtilization))],
      });
    }
  }
}

function probe(p: ResolvedProbe, port: number): kplus.Probe {
  return kplus.Probe.fromHttpGet(p.path, {
    port,
    periodSeconds: Duration.seconds(p.periodSeconds),
    timeoutSeconds: Duration.seconds(p.timeoutSeconds),
    failureThreshold: p.failureThreshold,
  });
}
