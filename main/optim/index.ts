/**
 * Constrained optimization for the studio, all pure: Frank-Wolfe solvers (stochastic SFW, the MHK baseline,
 * deterministic FW), their linear minimization oracles, and the constrained baselines built on them
 * (an ℓ1-constrained GLM on feature rows, nuclear-norm matrix completion for ratings).
 */
export * from './matrix';
export * from './losses';
export * from './lmo';
export * from './singular';
export * from '../random';
export * from './sampler';
export * from './problem';
export * from './gap';
export * from './iterate';
export * from './sfw';
export * from './mhk';
export * from './fw';
export * from './glm';
export * from './matrix-completion';
export * from './csv';
