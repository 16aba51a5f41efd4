import { availableParallelism } from 'node:os';
import type { Registry } from 'prom-client';
import { conversionMetrics } from './conversionMetrics.js';
import { ConversionPool } from './conversionPool.js';

export interface ConversionPoolConfig {
  /** Workers; 0: min(2, CPUs − 1), at least 1. */
  conversionWorkers: number;
  conversionQueueMax: number;
  conversionTimeoutMs: number;
}

/** The worker count `conversionWorkers` stands for on this machine. */
export function conversionWorkerCount(configured: number, cpus = availableParallelism()): number {
  return configured > 0 ? configured : Math.max(1, Math.min(2, cpus - 1));
}

/**
 * The worker script: next to this module in the build (`dist/conversions/conversionWorker.js`).
 * Run from the TypeScript sources (the package's own tests), the built one: a worker thread
 * cannot load TypeScript, so `npm run build` comes first.
 */
export function conversionWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/conversions/conversionWorker.js', here) : new URL('./conversionWorker.js', here);
}

/** The documents API's pool of conversion workers, as configured, its metrics in `registry`. */
export function createConversionPool(config: ConversionPoolConfig, registry?: Registry): ConversionPool {
  return new ConversionPool({
    workerUrl: conversionWorkerUrl(),
    size: conversionWorkerCount(config.conversionWorkers),
    maxQueue: config.conversionQueueMax,
    timeoutMs: config.conversionTimeoutMs,
    ...(registry === undefined ? {} : { metrics: conversionMetrics(registry) }),
  });
}
