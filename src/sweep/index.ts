/**
 * Sweeps and comparisons, platform-free (browser worker, Node, tests).
 * Node-only parts are imported directly: ./pool (worker_threads) and ./bench.
 */
export * from './metrics';
export * from './paths';
export * from './sweep';
export * from './compare';
export * from './scheduler';
export * from './workerProtocol';
