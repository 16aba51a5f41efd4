import type { NodeActivity } from './clusterMessage.js';

interface NodeState {
  lastHeardAt: number;
  activity: Map<string, number>;
}

/** The other nodes this node hears, with what each last said it holds; silent ones expire. */
export class NodeLiveness {
  private readonly nodes = new Map<string, NodeState>();
  private readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Records a heartbeat; returns the documents whose connection count on that node changed. */
  heard(node: string, activity: readonly NodeActivity[], now: number): string[] {
    const next = new Map(activity.map((entry) => [entry.name, entry.connections]));
    const previous = this.nodes.get(node)?.activity ?? new Map<string, number>();
    this.nodes.set(node, { lastHeardAt: now, activity: next });
    const changed: string[] = [];
    for (const [name, connections] of next) if (previous.get(name) !== connections) changed.push(name);
    for (const name of previous.keys()) if (!next.has(name)) changed.push(name);
    return changed;
  }

  /** Is `node` known (heard within the timeout)? */
  knows(node: string): boolean {
    return this.nodes.has(node);
  }

  /** Forgets a node (it said bye, or expired); returns the documents it held connections on. */
  forget(node: string): string[] {
    const state = this.nodes.get(node);
    this.nodes.delete(node);
    return state === undefined ? [] : [...state.activity.keys()];
  }

  /** Nodes not heard for longer than the timeout. */
  expired(now: number): string[] {
    const silent: string[] = [];
    for (const [node, state] of this.nodes) if (now - state.lastHeardAt > this.timeoutMs) silent.push(node);
    return silent;
  }

  /** Connections the other nodes hold, per document. */
  connections(): Map<string, number> {
    const total = new Map<string, number>();
    for (const state of this.nodes.values()) {
      for (const [name, connections] of state.activity) total.set(name, (total.get(name) ?? 0) + connections);
    }
    return total;
  }
}
