export { glibcVersion } from './loadMallocTrim.js';
export { type MemoryRelease, MemoryReleaser, type MemoryReleaserOptions, type MemoryReleaseStage } from './MemoryReleaser.js';
export { startMemoryReleaser } from './startMemoryReleaser.js';
