export * from './dog-app-mesh.js';
export * from './observability-addons.js';
export * from './prop-errors.js';
export type { MeshExtensionProvider } from './mesh-extension-provider.js';
export * from './analysis/index.js';
