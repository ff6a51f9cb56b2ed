export * from './durations.js';
export * from './names.js';
