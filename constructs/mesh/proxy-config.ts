import type { MeshConfig } from './resolve.js';

/**
 * The `proxy.istio.io/config` annotation of the app's pods in sidecar mode, or undefined in ambient mode.
 *
 * - `holdApplicationUntilProxyStarts` (when asked) starts the app only once its classic sidecar is ready.
 * - `terminationDrainDuration` keeps a classic sidecar draining for the app's whole shutdown
 *   (`drainDelay + grace`, rounded up to seconds): pilot-agent otherwise stops Envoy after 5 s while the
 *   app is still answering and finishing requests, and its last Dog API calls would fail.
 *
 * Both are for the classic sidecar. A native sidecar (Istio ≥ 1.27 on Kubernetes ≥ 1.33 with
 * `ENABLE_NATIVE_SIDECARS=auto`, an init container with `restartPolicy: Always`) starts before the app
 * and is stopped only after the app has exited, so Istio skips the hold and the drain then only delays
 * the pod's end, within `terminationGracePeriodSeconds`.
 */
export function proxyConfigAnnotation(config: MeshConfig): string | undefined {
  if (config.dataplane.mode !== 'sidecar') return undefined;
  const drainSeconds = Math.ceil((config.shutdown.drainDelayMs + config.shutdown.graceMs) / 1000);
  return JSON.stringify({
    ...(config.dataplane.holdApplicationUntilProxyStarts ? { holdApplicationUntilProxyStarts: true } : {}),
    terminationDrainDuration: `${drainSeconds}s`,
  });
}
