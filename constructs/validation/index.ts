export * from './durations.js';
export * from './names.js';
export * from './paths.js';
