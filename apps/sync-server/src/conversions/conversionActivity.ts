/**
 * The conversion work of this process, for the idle-time memory release: a worker converting
 * leaves the event loop idle, yet the process is working (and V8's flags, such as its
 * memory-saving mode, apply to the workers' isolates too).
 */
let settled = 0;
let running = 0;

export function conversionStarted(): void {
  running++;
}

export function conversionSettled(): void {
  running--;
  settled++;
}

/** Grows with every conversion that ends, and changes from one call to the next while one runs. */
export function conversionActivity(): number {
  return running > 0 ? settled + performance.now() : settled;
}
