export interface HeartbeatTarget {
  alive: boolean;
  ping(): void;
  terminate(reason: string): void;
}

/**
 * Every `intervalMs`: drop each connection that has not shown life (pong or frame) since the last
 * ping, ping the others. A connection that goes silent is dropped within two intervals.
 * Returns a function that stops the timer.
 */
export function startHeartbeat(targets: () => Iterable<HeartbeatTarget>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const target of targets()) {
      if (!target.alive) {
        target.terminate('heartbeat timeout');
        continue;
      }
      target.alive = false;
      target.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
