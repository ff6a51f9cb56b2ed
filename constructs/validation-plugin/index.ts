export { MeshAnalysisValidation, type MeshValidationContext, type Violation, type ViolatingResource } from './mesh-analysis-validation.js';
export { InvalidPropertiesError, type MeshAnalysisValidationProperties } from './properties.js';
export { COVERAGE_FILE } from './coverage.js';
