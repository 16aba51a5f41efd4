import { getHeapSpaceStatistics } from 'node:v8';

/** Bytes V8 has reserved for its young generation (`new_space`), 0 if V8 reports no such space. */
export function v8YoungGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
}
