export * from './dog-app-mesh.js';
export * from './observability-addons.js';
export * from './prop-errors.js';
