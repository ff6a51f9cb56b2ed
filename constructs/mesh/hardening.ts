import type * as kplus from 'cdk8s-plus-27';
import type { MeshConfig } from './resolve.js';

/** The pod security context of every pod DogAppMesh runs: a fixed non-root uid/gid (never Istio's 1337). */
export function podSecurityContext(config: MeshConfig): kplus.PodSecurityContextProps {
  return { ensureNonRoot: true, user: config.runAsUser, group: config.runAsGroup };
}

/** The container security context of every container DogAppMesh runs: unprivileged, read-only root. */
export function containerSecurityContext(config: MeshConfig): kplus.ContainerSecurityContextProps {
  return {
    ...podSecurityContext(config),
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
  };
}
