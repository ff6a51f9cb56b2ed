export { analyze, runAnalysis, type AnalysisReport } from './engine.js';
export { addMeshAnalysis, type MeshAnalysisOptions } from './mesh-analysis.js';
export { ALL_CHECKS } from './checks/index.js';
export { countBySeverity, formatField, formatFinding, formatText, reachesThreshold, type ReportSummary, type SeverityCounts } from './format.js';
export { parseSuppression, SUPPRESS_ANNOTATION } from './suppress.js';
export { celCoverage, type CelCoverage } from './schema/cel.js';
export {
  SEVERITIES,
  severityRank,
  type AnalyzeOptions,
  type Check,
  type CheckContext,
  type FieldPath,
  type Finding,
  type ObjectRef,
  type ObjectSource,
  type ReportOptions,
  type Severity,
  type Suppression,
} from './types.js';
export type { IndexedObject, ObjectIndex, Workload, HostTarget, ServicePort } from './object-index.js';
