import type { PropChecker } from '../prop-errors.js';

/** One version of the app: its own Deployment, DestinationRule subset and share of the traffic. */
export interface AppVersion {
  /**
   * Version name (a DNS label such as `v1`): the pods' `version` and `app.kubernetes.io/version`
   * labels, the DestinationRule subset, the Deployment name `<name>-<version>` and, when the app
   * names one, the version environment variable (DogAppMesh: `APP_VERSION`).
   */
  readonly name: string;

  /**
   * Percentage of the traffic this version receives from the weighted default route, 0..100.
   * The weights of all versions must add up to 100 (see the README for why).
   * @default - 100 for the first version when no version sets a weight, otherwise 0
   */
  readonly weight?: number;

  /**
   * Container image of this version.
   * @default - the app's `image`
   */
  readonly image?: string;

  /**
   * Pods of this version. Must not be set together with `autoscaling`.
   * @default - the app's `replicas`
   */
  readonly replicas?: number;

  /**
   * Scale this version with a HorizontalPodAutoscaler on CPU instead of a fixed replica count.
   * @default - no autoscaler: `replicas` pods
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * Extra environment variables of this version's container, on top of the app's (and not one the
   * construct sets itself, such as DogAppMesh's PORT, APP_VERSION, DOG_API_URL).
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;

  /**
   * Retire this version safely (Istio's make-before-break order): it gets no traffic from any route,
   * but its Deployment and DestinationRule subset stay for this apply, so no request still in flight or
   * routed by a proxy that has not yet seen the new routes meets a missing subset (503 NR). Remove the
   * version from `versions` in the next apply. Its weight must be 0.
   * @default false
   */
  readonly retiring?: boolean;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) on average CPU utilisation. */
export interface AutoscalingOptions {
  /**
   * Fewest pods.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the CPU request.
   * @default 70
   */
  readonly cpuUtilization?: number;
}

/** A version with every default filled in. */
export interface ResolvedVersion {
  readonly name: string;
  readonly weight: number;
  readonly image: string;
  /** Fixed replicas; undefined when an autoscaler owns the count. */
  readonly replicas?: number;
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly cpuUtilization: number };
  /** The version's own environment variables (`AppVersion.env`). */
  readonly env: Readonly<Record<string, string>>;
  /** `<app>-<version>`: its Deployment, PodDisruptionBudget and (Gateway API) Service. */
  readonly workloadName: string;
  /** The pod labels that identify this version: `app` and `version`. */
  readonly selector: Readonly<Record<string, string>>;
  /** Kept running and in the DestinationRule, but in no route. */
  readonly retiring: boolean;
}

/** What the versions inherit from the app. */
export interface VersionContext {
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  /** Environment variables the construct sets itself, which a version may not set. */
  readonly managedEnv: readonly string[];
  /** The construct that sets `managedEnv`, for messages. */
  readonly construct: string;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Whether `key` is an environment variable name Kubernetes accepts. */
export function isEnvName(key: unknown): key is string {
  return typeof key === 'string' && ENV_NAME.test(key);
}

/** Validates the versions (names, weights adding up to 100, replicas or autoscaling, env) and fills in the defaults. */
export function resolveVersions(check: PropChecker, props: readonly AppVersion[] | undefined, ctx: VersionContext): ResolvedVersion[] {
  const versionProps = props ?? [{ name: 'v1' }];
  check.expect(versionProps.length >= 1 && versionProps.length <= 16, 'versions', versionProps.map((v) => v.name), 'expected 1 to 16 versions (the Gateway API allows 16 backends per rule)');
  check.unique('versions', versionProps.map((v) => v.name));
  const anyWeight = versionProps.some((v) => v.weight !== undefined);
  const versions: ResolvedVersion[] = versionProps.map((v, i) => {
    const at = `versions[${i}]`;
    const weight = v.weight ?? (anyWeight ? 0 : i === 0 ? 100 : 0);
    check.dnsLabel(`${at}.name`, v.name);
    check.expect(`${ctx.name}-${v.name}`.length <= 63, `${at}.name`, v.name, `expected "${ctx.name}-<version>" to be at most 63 characters`);
    check.integer(`${at}.weight`, weight, 0, 100);
    const retiring = v.retiring ?? false;
    check.expect(typeof retiring === 'boolean', `${at}.retiring`, v.retiring, 'expected true or false');
    if (retiring === true) check.expect(weight === 0, `${at}.weight`, weight, 'expected 0 for a retiring version: first move its traffic to the others, then retire it');
    if (v.image !== undefined) check.image(`${at}.image`, v.image);
    if (v.replicas !== undefined) check.integer(`${at}.replicas`, v.replicas, 1, 1000);
    let autoscaling: ResolvedVersion['autoscaling'];
    if (v.autoscaling) {
      autoscaling = {
        minReplicas: v.autoscaling.minReplicas ?? 2,
        maxReplicas: v.autoscaling.maxReplicas,
        cpuUtilization: v.autoscaling.cpuUtilization ?? 70,
      };
      check
        .integer(`${at}.autoscaling.minReplicas`, autoscaling.minReplicas, 1, 1000)
        .integer(`${at}.autoscaling.maxReplicas`, autoscaling.maxReplicas, 1, 1000)
        .integer(`${at}.autoscaling.cpuUtilization`, autoscaling.cpuUtilization, 1, 100)
        .expect(autoscaling.minReplicas <= autoscaling.maxReplicas, `${at}.autoscaling.maxReplicas`, autoscaling.maxReplicas, `expected at least minReplicas (${autoscaling.minReplicas})`)
        .expect(v.replicas === undefined, `${at}.replicas`, v.replicas, 'expected no fixed replicas together with autoscaling: the autoscaler owns the count');
    }
    const env = v.env ?? {};
    for (const key of Object.keys(env)) {
      check.expect(
        isEnvName(key) && !ctx.managedEnv.includes(key),
        `${at}.env`,
        key,
        ctx.managedEnv.length > 0
          ? `expected environment variable names other than ${ctx.managedEnv.join(', ')} (set by ${ctx.construct})`
          : 'expected an environment variable name: letters, digits, -, _ and ., not starting with a digit',
      );
    }
    return {
      name: v.name,
      weight,
      image: v.image ?? ctx.image,
      replicas: autoscaling ? undefined : (v.replicas ?? ctx.replicas),
      autoscaling,
      env,
      workloadName: `${ctx.name}-${v.name}`,
      selector: { app: ctx.name, version: v.name },
      retiring: retiring === true,
    };
  });
  const total = versions.reduce((sum, v) => sum + v.weight, 0);
  check.expect(
    total === 100,
    'versions[*].weight',
    versions.map((v) => v.weight),
    'expected integer percentages from 0 to 100 that add up to 100 (at least one positive), e.g. [90, 10]',
  );
  return versions;
}
