/** What a suggestion menu shows: closed, or the matching items with one of them active. */
export type SuggestionMenuState<T> =
  | { open: false }
  | {
      open: true;
      query: string;
      items: readonly T[];
      /** Index into `items` of the option Enter would choose. */
      active: number;
      /** Document position of the trigger character, where the menu is anchored. */
      from: number;
    };

export const CLOSED = { open: false } as const;

/** What the suggestion plugin reports while a query is being typed after the trigger. */
export interface Suggestion<T> {
  query: string;
  items: readonly T[];
  from: number;
  /** Replaces the trigger and query with the chosen item. */
  choose: (item: T) => void;
}

/**
 * A suggestion menu's state (the slash menu, the mention menu) between Tiptap's suggestion
 * plugin (which reports the query and hands over the keys while the menu is open) and React
 * (which reads it through `useSyncExternalStore`). One per menu per editor.
 */
export class SuggestionMenuController<T> {
  private state: SuggestionMenuState<T> = CLOSED;
  private choose: ((item: T) => void) | null = null;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SuggestionMenuState<T> => this.state;

  /** The query or its matches changed: the first match becomes active again when the query changed. */
  show(suggestion: Suggestion<T>): void {
    const previous = this.state;
    const keep = previous.open && previous.query === suggestion.query && previous.active < suggestion.items.length;
    this.choose = suggestion.choose;
    this.set({ open: true, query: suggestion.query, items: suggestion.items, from: suggestion.from, active: keep ? previous.active : 0 });
  }

  hide(): void {
    this.choose = null;
    this.set(CLOSED);
  }

  /** Makes option `index` the active one (pointer hover). */
  activate(index: number): void {
    if (this.state.open && index >= 0 && index < this.state.items.length) this.set({ ...this.state, active: index });
  }

  /** Chooses the item at `index` (or the active one). */
  select(index?: number): boolean {
    if (!this.state.open) return false;
    const item = this.state.items[index ?? this.state.active];
    if (item === undefined || this.choose === null) return false;
    this.choose(item);
    return true;
  }

  /**
   * A key pressed in the editor while the menu is open. True when the menu used it: arrows move
   * the active option (wrapping), Home/End jump, Enter and Tab choose it, Escape closes (the
   * plugin then dismisses the query). Other keys go on to the editor.
   */
  keyDown(key: string): boolean {
    const state = this.state;
    if (!state.open) return false;
    const count = state.items.length;
    switch (key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (count > 0) this.set({ ...state, active: (state.active + (key === 'ArrowDown' ? 1 : count - 1)) % count });
        return true;
      case 'Home':
      case 'End':
        if (count === 0) return false;
        this.set({ ...state, active: key === 'Home' ? 0 : count - 1 });
        return true;
      case 'Enter':
      case 'Tab':
        return this.select();
      case 'Escape':
        this.hide();
        return true;
      default:
        return false;
    }
  }

  private set(state: SuggestionMenuState<T>): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
