import { setFlagsFromString } from 'node:v8';

/**
 * Switches V8's memory-saving mode (`--optimize-for-size`) on or off at run time. While it is on,
 * V8's memory reducer, which runs about 8 s after a full GC, collects with "reduce memory" and
 * shrinks the young generation back to its initial 1 MiB, whatever the allocation rate. Without
 * it, the reducer only acts under 1 MB/s of allocation, and an idle server with 1,000 connections
 * allocates more than that (heartbeats, awareness renewals), so the young generation a burst grew
 * to 2 x 16 MiB stays. The flag also makes V8's compilers favour size, so it is only on while the
 * server is idle.
 */
export function setV8FootprintMode(on: boolean): void {
  setFlagsFromString(on ? '--optimize-for-size' : '--no-optimize-for-size');
}
