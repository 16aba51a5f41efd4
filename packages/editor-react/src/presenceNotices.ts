import { diffPeople, type Person, type PresenceNotice } from './presence.js';

/** The newest join/leave notices kept at once. */
const MAX_NOTICES = 5;

/**
 * Join/leave notices, each removed by itself `timeoutMs` after it appeared; `onChange` gets
 * the new list whenever it changes.
 */
export class PresenceNotices {
  #list: PresenceNotice[] = [];
  #nextId = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #timeoutMs: number;
  readonly #onChange: (notices: PresenceNotice[]) => void;

  constructor(timeoutMs: number, onChange: (notices: PresenceNotice[]) => void) {
    this.#timeoutMs = timeoutMs;
    this.#onChange = onChange;
  }

  get list(): PresenceNotice[] {
    return this.#list;
  }

  /** Adds a notice for each other person who arrived or went between the two readings. */
  record(before: readonly Person[], after: readonly Person[]): void {
    const { joined, left } = diffPeople(before, after);
    if (joined.length === 0 && left.length === 0) return;
    const fresh: PresenceNotice[] = [
      ...joined.map((p) => ({ id: ++this.#nextId, kind: 'joined' as const, name: p.name, color: p.color })),
      ...left.map((p) => ({ id: ++this.#nextId, kind: 'left' as const, name: p.name, color: p.color })),
    ];
    for (const notice of fresh) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#set(this.#list.filter((n) => n.id !== notice.id));
      }, this.#timeoutMs);
      this.#timers.add(timer);
    }
    this.#set([...this.#list, ...fresh].slice(-MAX_NOTICES));
  }

  destroy(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #set(list: PresenceNotice[]): void {
    this.#list = list;
    this.#onChange(list);
  }
}
