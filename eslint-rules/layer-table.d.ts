export declare const LAYERS: readonly ['transport', 'feature', 'base', 'contract'];
export declare const AREAS: readonly ['main', 'preload', 'renderer'];
export declare function layerOf(file: string): (typeof LAYERS)[number] | null;
export declare function arrowViolation(from: string, to: string): string | null;
