/** Constrained optimization for the studio: Frank-Wolfe solvers, their oracles and the constrained baselines. */
export * from './matrix';
export * from './losses';
export * from './lmo';
export * from './singular';
export * from './random';
export * from './sampler';
export * from './problem';
export * from './gap';
export * from './sfw';
export * from './mhk';
export * from './fw';
export * from './iterate';
export * from './glm';
export * from './matrix-completion';
export * from './csv';
