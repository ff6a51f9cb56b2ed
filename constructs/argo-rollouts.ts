/** The generated classes and types of Argo Rollouts' API group (`argoproj.io`: Rollout, AnalysisTemplate, ClusterAnalysisTemplate, AnalysisRun), exported as `argoRollouts`. */
export * from './imports/argo-rollout-argoproj.io.js';
export * from './imports/argo-analysistemplate-argoproj.io.js';
export * from './imports/argo-clusteranalysistemplate-argoproj.io.js';
export * from './imports/argo-analysisrun-argoproj.io.js';
