import { alignItems, blockItems, markItems } from './toolbarItems.js';

/** One line of the keyboard shortcuts sheet; `keys` uses `Mod` for Ctrl/⌘. */
export interface ShortcutEntry {
  label: string;
  keys: string;
}

export interface ShortcutGroup {
  title: string;
  entries: ShortcutEntry[];
}

const fromItems = (items: { label: string; shortcut?: string }[]): ShortcutEntry[] =>
  items.flatMap((item) => (item.shortcut === undefined ? [] : [{ label: item.label, keys: item.shortcut }]));

/** Everything the editor does from the keyboard, grouped as the sheet shows it. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  {
    title: 'General',
    entries: [
      { label: 'Undo (your own changes)', keys: 'Mod+Z' },
      { label: 'Redo', keys: 'Mod+Shift+Z' },
      { label: 'Find and replace', keys: 'Mod+F' },
      { label: 'Insert a block', keys: '/' },
      { label: 'Mention someone', keys: '@' },
      { label: 'Paste as plain text', keys: 'Mod+Shift+V' },
      { label: 'Keyboard shortcuts', keys: 'Mod+/' },
    ],
  },
  { title: 'Text', entries: fromItems(markItems) },
  {
    title: 'Blocks',
    entries: [
      ...([1, 2, 3] as const).map((level) => ({ label: `Heading ${level}`, keys: `Mod+Alt+${level}` })),
      ...fromItems(blockItems),
      { label: 'Tick a task', keys: 'Mod+Enter' },
      { label: 'Indent / outdent a list item', keys: 'Tab / Shift+Tab' },
    ],
  },
  { title: 'Alignment', entries: fromItems(alignItems) },
];
