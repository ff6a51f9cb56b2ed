/** The generated classes and types of Istio's API groups (`networking`, `security`, `telemetry`, `extensions`), exported as `istio`. */
export * from './imports/istio-networking.istio.io.js';
export * from './imports/istio-security.istio.io.js';
export * from './imports/istio-telemetry.istio.io.js';
export * from './imports/istio-extensions.istio.io.js';
