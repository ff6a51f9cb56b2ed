/**
 * A tracing backend as Istio's mesh config lists it under `meshConfig.extensionProviders`.
 * `ObservabilityAddons` produces one for the tracing backend it deploys; `DogAppMesh` writes it into
 * the IstioOperator it emits, and a `Telemetry` resource refers to it by `name`.
 */
export interface MeshExtensionProvider {
  /** Provider name, referenced from `Telemetry.spec.tracing[].providers[].name`. */
  readonly name: string;
  /** Exactly one of the backends below is set. OpenTelemetry (OTLP gRPC), e.g. Jaeger's collector on 4317. */
  readonly opentelemetry?: { readonly service: string; readonly port: number };
  /** Zipkin API, e.g. Zipkin on 9411. */
  readonly zipkin?: { readonly service: string; readonly port: number };
}
