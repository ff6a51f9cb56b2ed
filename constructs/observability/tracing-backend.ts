import type * as kplus from 'cdk8s-plus-27';
import { type MeshExtensionProvider } from '../mesh-extension-provider.js';

/** How Kiali reads traces from a backend (`external_services.tracing`). */
export interface KialiTracingSource {
  /** Kiali's provider name. */
  readonly provider: 'jaeger';
  /** URL Kiali itself calls, inside the cluster. */
  readonly internalUrl: string;
  /** Whether {@link internalUrl} is the gRPC query API. */
  readonly useGrpc: boolean;
}

/** A tracing backend the mesh's proxies report spans to: Jaeger or Zipkin. */
export interface TracingBackend {
  /** `jaeger` or `zipkin`. */
  readonly kind: 'jaeger' | 'zipkin';
  /** The `meshConfig.extensionProviders` entry that sends spans here; Telemetry refers to it by name. */
  readonly meshExtensionProvider: MeshExtensionProvider;
  /** The Service with the query UI, named `tracing` as `istioctl dashboard` and Istio's samples expect. */
  readonly queryService: kplus.Service;
  /** Port of the query UI on {@link queryService}. */
  readonly queryPort: number;
  /** Path of the UI under {@link queryPort}, e.g. `/jaeger`, or `''`. */
  readonly uiPath: string;
  readonly deployment: kplus.Deployment;
  /** How Kiali reads traces from this backend; undefined where Kiali cannot (Zipkin). */
  readonly kiali: KialiTracingSource | undefined;
}
