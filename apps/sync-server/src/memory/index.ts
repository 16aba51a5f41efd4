export { exposeGc } from './exposeGc.js';
export { glibcVersion, loadMallocTrim, type MallocTrim, type MallocTrimSupport } from './loadMallocTrim.js';
export {
  idleUtilization,
  type MemoryRelease,
  MemoryReleaser,
  type MemoryReleaserOptions,
  type MemoryReleaseStage,
  memoryReleaseMinGrowthBytes,
  youngGenerationDelayMs,
} from './MemoryReleaser.js';
export { memoryReleaseMetrics } from './memoryReleaseMetrics.js';
export { startMemoryReleaser } from './startMemoryReleaser.js';
