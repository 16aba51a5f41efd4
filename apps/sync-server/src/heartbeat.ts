export interface HeartbeatTarget {
  /** Set by the connection on every frame and pong; the heartbeat clears it on each tick. */
  alive: boolean;
  /** Heartbeat state: ticks since an unanswered ping, or -1 when none is outstanding. */
  unansweredTicks: number;
  /** Flow control: while it has paused reading, the peer's pongs wait unread, so it counts as alive. */
  readonly gate?: { readonly paused: boolean };
  ping(): void;
  terminate(reason: string): void;
}

/**
 * Ticks every `intervalMs / 2`. A connection heard from (a frame or a pong) since the last tick is
 * fine and gets nothing; one that was not is pinged once, and dropped if it stays silent for the
 * next `intervalMs` (two ticks). So a peer that goes silent is dropped within two intervals of
 * its last sign of life, as when every connection was pinged every interval, but a connection
 * that is typing is never pinged: a ping and its pong were ~10% of the syscalls of the fan-out
 * benchmark, each waking the client. Quiet connections still get one ping per interval. A
 * connection whose reading is paused is heard from when reading resumes.
 * Returns a function that stops the timer.
 */
export function startHeartbeat(targets: () => Iterable<HeartbeatTarget>, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const target of targets()) {
      if (target.alive || target.gate?.paused === true) {
        target.alive = false;
        target.unansweredTicks = -1;
      } else if (target.unansweredTicks < 0) {
        target.unansweredTicks = 0;
        target.ping();
      } else if (++target.unansweredTicks >= 2) {
        target.terminate('heartbeat timeout');
      }
    }
  }, intervalMs / 2);
  timer.unref();
  return () => clearInterval(timer);
}
