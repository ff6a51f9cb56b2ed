import { routesFor } from '../../service/route-table.js';
import type { MeshEgressOptions, ExternalHostOptions } from './egress.js';
import type { DogAppMeshProps, MeshServiceProps } from './props.js';

/** How DogAppMesh's props become MeshService props, and how MeshService's prop names map back for messages. */
export interface DogAppTranslation {
  readonly props: MeshServiceProps;
  /** MeshService prop name → the DogAppMesh prop name the user wrote. */
  readonly rename: (prop: string) => string;
}

/** Environment variables DogAppMesh sets beyond the port, version and shutdown ones. */
export const DOG_APP_ENV = ['DOG_API_URL'];

const METHOD_ORDER = ['GET', 'HEAD', 'POST'] as const;

/** The service's visitor routes (service/route-table.ts): the paths the ingress and allowed workloads may call. */
export function visitorPaths(): string[] {
  return routesFor('visitor').map((r) => r.path);
}

/** The methods of the visitor routes, HEAD wherever GET is served. */
export function visitorMethods(): string[] {
  const methods = new Set<string>(routesFor('visitor').flatMap((r) => r.methods));
  if (methods.has('GET')) methods.add('HEAD');
  return METHOD_ORDER.filter((m) => methods.has(m));
}

/**
 * The dog-image service as a MeshService: its image and names, the Dog API egress (the API host first, with the
 * TLS origination options, then the image host), the environment it reads (PORT, APP_VERSION, DOG_API_URL,
 * SHUTDOWN_DELAY_MS, SHUTDOWN_GRACE_MS) and its visitor routes as the allowed paths.
 */
export function dogAppServiceProps(props: DogAppMeshProps): DogAppTranslation {
  const egress = props.egress ?? {};
  const apiHost = egress.apiHost ?? 'dog.ceo';
  const extraHosts = egress.extraHosts ?? ['images.dog.ceo'];
  const tlsOrigination = egress.tlsOrigination ?? false;
  const furtherHosts = egress.hosts ?? [];
  const hosts: ExternalHostOptions[] = [
    { host: apiHost, tlsOrigination, timeout: egress.timeout, retries: egress.retries, routeName: 'dog-api' },
    ...extraHosts.map((host) => ({ host })),
    ...furtherHosts,
  ];
  const meshEgress: MeshEgressOptions = { enabled: egress.enabled, restrictOutbound: egress.restrictOutbound, hosts };
  const name = props.name ?? 'dog-app';
  return {
    props: {
      ...props,
      name,
      namespace: props.namespace ?? 'dog-app',
      image: props.image ?? 'dog-app-mesh:0.1.0',
      portEnv: props.portEnv ?? 'PORT',
      versionEnv: props.versionEnv ?? 'APP_VERSION',
      env: { DOG_API_URL: `${tlsOrigination ? 'http' : 'https'}://${apiHost}`, ...props.env },
      shutdown: {
        ...props.shutdown,
        drainDelayEnv: props.shutdown?.drainDelayEnv ?? 'SHUTDOWN_DELAY_MS',
        graceEnv: props.shutdown?.graceEnv ?? 'SHUTDOWN_GRACE_MS',
      },
      security: {
        ...props.security,
        allowedMethods: props.security?.allowedMethods ?? visitorMethods(),
        allowedPaths: props.security?.allowedPaths ?? visitorPaths(),
      },
      egress: meshEgress,
    },
    rename: (prop) => {
      const match = /^egress\.hosts\[(\d+)\](.*)$/.exec(prop);
      if (prop === 'egress.hosts') return 'egress.extraHosts';
      if (!match) return prop;
      const index = Number(match[1]);
      const rest = match[2];
      if (index === 0) return rest === '.host' || rest === '' ? 'egress.apiHost' : `egress${rest}`;
      if (index <= extraHosts.length) return rest === '.host' || rest === '' ? `egress.extraHosts[${index - 1}]` : `egress.extraHosts[${index - 1}]${rest}`;
      return `egress.hosts[${index - 1 - extraHosts.length}]${rest}`;
    },
  };
}
