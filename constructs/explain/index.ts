export { explain } from './explain.js';
export { formatExplain } from './format.js';
export { normalizePath, type PathNormalization } from './request.js';
export type { ExplainDestination, ExplainOptions, ExplainRequest, ExplainResult, ExplainSource, ExplainStep, ExplainWorkload, Verdict } from './types.js';
